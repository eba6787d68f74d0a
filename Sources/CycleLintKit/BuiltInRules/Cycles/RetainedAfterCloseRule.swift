/// `retained-after-close`: a cycle that the type's close-like method leaves intact, or that only
/// `deinit` breaks.
public struct RetainedAfterCloseRule: Rule {
    /// The rule; close-like method names come from `AnalysisOptions.closeMethods`.
    public init() {}

    public let description = RuleDescription(
        id: "retained-after-close",
        name: "Cycle survives close",
        summary: "A type with a close-like method (or a deinit that releases it) leaves a reference cycle intact after close.",
        rationale: "deinit cannot run while a cycle keeps the object alive, so releasing the cycle there does nothing; "
            + "a close() that releases other resources but not the cycle leaves the object and its graph alive.",
        fix: "Break the cycle in the close-like method (`onData = nil`, `task.cancel()`), not in deinit.",
        triggeringExamples: [
            """
            final class Connection {
                var onData: ((Int) -> Void)?
                func open() {
                    ↓onData = { value in self.consume(value) }
                }
                func consume(_ value: Int) {}
                deinit { onData = nil }
            }
            """,
            """
            final class Channel {
                var onEvent: (() -> Void)?
                var pending: [Int] = []
                func open() {
                    ↓onEvent = { self.process() }
                }
                func close() { pending.removeAll() }
                func process() {}
            }
            """,
            """
            final class Monitor {
                var onChange: (() -> Void)?
                var probe: AnyObject?
                func start() { ↓onChange = { self.sample() } }
                func stopMonitoring() { probe = nil }
                func sample() {}
            }
            """,
            """
            import NIOCore
            final class EchoHandler: ChannelInboundHandler {
                typealias InboundIn = ByteBuffer
                private var context: ChannelHandlerContext?
                func handlerAdded(context: ChannelHandlerContext) { ↓self.context = context }
                func close() { context?.close(promise: nil) }
            }
            """,
        ],
        nonTriggeringExamples: [
            """
            final class Subscription {
                var onCancel: (() -> Void)?
                var history: [Int] = []
            }
            final class SwitchTests {
                var pending: [Int] = []
                func testCancel() {
                    let upstream = Subscription()
                    let child = Subscription()
                    upstream.onCancel = { print(child.history) }
                    child.onCancel = { print(upstream.history) }
                }
                func tearDown() { pending.removeAll() }
            }
            """,
            """
            final class Connection {
                var onData: ((Int) -> Void)?
                func open() { onData = { value in self.consume(value) } }
                func close() { onData = nil }
                func consume(_ value: Int) {}
            }
            """,
            """
            final class Connection {
                var onData: ((Int) -> Void)?
                func open() { onData = { [weak self] value in self?.consume(value) } }
                func consume(_ value: Int) {}
                deinit { onData = nil }
            }
            """,
            """
            import Foundation
            final class Meter {
                var onTick: (() -> Void)?
                var end: Date?
                var isRunning = false
                func begin() { onTick = { self.tick() } }
                func tick() {}
                func stopMeasurement() {
                    end = Date()
                    isRunning = false
                }
            }
            """,
        ]
    )

    public func check(_ context: RuleContext) -> [Finding] {
        context.report(description, where: {
            $0.kind == .cycle && ($0.releasedOnlyInDeinit != nil || !$0.closeMethodsNotBreakingIt.isEmpty)
        }) { retention in
            if let deinitLocation = retention.releasedOnlyInDeinit {
                return "cycle released only in deinit (\(deinitLocation.shortDescription)), which cannot run while the cycle holds: "
                    + "\(retention.summary); release it in a close-like method"
            }
            let methods = retention.closeMethodsNotBreakingIt.map { "\($0)()" }.joined(separator: ", ")
            return "\(methods) leaves this cycle intact: \(retention.summary); release it there"
        }
    }
}
