/// `capture-cycle`: a closure or method reference that captures an object strongly, stored where
/// that object reaches it.
public struct CaptureCycleRule: Rule {
    /// The rule; it has no configuration of its own.
    public init() {}

    public let description = RuleDescription(
        id: "capture-cycle",
        name: "Closure capture cycle",
        summary: "A closure or method reference captures an object strongly and is stored where that object keeps it.",
        rationale: "The object holds the closure and the closure holds the object, so neither is ever freed: "
            + "deinit never runs and everything they own leaks.",
        fix: "Capture weakly (`[weak self]`, then `guard let self` inside), or release the closure in a close-like "
            + "method (`onClose = nil`).",
        triggeringExamples: [
            """
            final class Session {
                var onClose: (() -> Void)?
                func start() {
                    ↓onClose = { self.cleanup() }
                }
                func cleanup() {}
            }
            """,
            """
            final class Button { var action: (() -> Void)? }
            final class Screen {
                let button = Button()
                init() {
                    ↓button.action = handleTap
                }
                func handleTap() {}
            }
            """,
            """
            import Dispatch
            final class Loader {
                var completion: (() -> Void)?
                func load() {
                    ↓completion = {
                        DispatchQueue.main.async { [weak self] in self?.finish() }
                    }
                }
                func finish() {}
            }
            """,
            """
            final class Engine {
                var onDone: (() -> Void)?
                func reset() {}
            }
            final class Car {
                let engine = Engine()
                func start() {
                    let engine = self.engine
                    ↓engine.onDone = { engine.reset() }
                }
            }
            """,
            """
            final class Formatter {
                let prefix = "#"
                lazy var ↓format: (Int) -> String = { value in self.prefix + String(value) }
            }
            """,
            """
            final class Node { var next: (() -> Void)? }
            func build() {
                let node = Node()
                ↓node.next = { print(node) }
            }
            """,
            """
            final class Source {
                private var handlers: [() -> Void] = []
                func addHandler(_ handler: @escaping () -> Void) { handlers.append(handler) }
            }
            final class Consumer {
                let source = Source()
                init() {
                    ↓source.addHandler { self.consume() }
                }
                func consume() {}
            }
            """,
            """
            import NIOCore
            final class Uploader {
                let writer: PartWriter
                init(writer: PartWriter) { self.writer = writer }
                func start() { ↓writer.onFlush = { self.flushed() } }
                func close() { writer.write(0, promise: nil) }
                func flushed() {}
            }
            """,
            """
            final class Session {
                var onClose: (() -> Void)?
                func start() { ↓onClose = { self.cleanup() } }
                private func close() { onClose = nil }
                func cleanup() {}
            }
            """,
            """
            import Foundation
            final class Meter {
                var onTick: (() -> Void)?
                var end: Date?
                func begin() { ↓onTick = { self.tick() } }
                func tick() {}
                func stopMeasurement() { end = Date() }
            }
            """,
            """
            import Dispatch
            final class Watcher {
                var source: DispatchSourceRef
                init(source: DispatchSourceRef) { self.source = source }
                func start() { ↓dispatch_source_set_event_handler(source, { self.changed() }) }
                func changed() {}
            }
            """,
            """
            final class Repeater {
                let block: () -> Void
                init(_ block: @escaping () -> Void) { self.block = block }
            }
            final class Login {
                var repeater: Repeater?
                func start() {
                    ↓repeater = Repeater { self.poll { done in if done { self.repeater = nil } } }
                }
                func poll(_ completion: @escaping (Bool) -> Void) {}
            }
            """,
            """
            // file: Player.m
            __attribute__((objc_root_class))
            @interface Player
            @property (copy) void (^onTick)(void);
            @end
            @implementation Player
            - (void)setup {
                self.onTick = ^{ [self tick]; };
            }
            - (void)tick {}
            @end
            """,
        ],
        nonTriggeringExamples: [
            """
            final class Session {
                var onClose: (() -> Void)?
                func start() { onClose = { [weak self] in self?.cleanup() } }
                func cleanup() {}
            }
            """,
            """
            final class Session {
                var onClose: (() -> Void)?
                func start() { onClose = { [unowned self] in self.cleanup() } }
                func cleanup() {}
            }
            """,
            """
            final class Totals {
                var values: [Int] = []
                var total = 0
                func sum() -> [Int] {
                    values.forEach { self.total += $0 }
                    return values.map { $0 * self.total }
                }
            }
            """,
            """
            final class Worker {
                var count = 0
                func perform(_ body: () -> Void) { body() }
                func run() { perform { self.count += 1 } }
            }
            """,
            """
            import Dispatch
            final class Poller {
                var results: [Int] = []
                func refresh() {
                    DispatchQueue.main.async { self.results.append(1) }
                    Task { self.results.append(2) }
                }
            }
            """,
            """
            final class Button { var action: (() -> Void)? }
            final class Screen {
                func show() {
                    let button = Button()
                    button.action = { self.render() }
                    button.action?()
                }
                func render() {}
            }
            """,
            """
            import Dispatch
            final class Scheduler {
                func later(_ work: @escaping () -> Void) { DispatchQueue.global().async { work() } }
            }
            final class Client {
                let scheduler = Scheduler()
                func load() { scheduler.later { self.done() } }
                func done() {}
            }
            """,
            """
            struct Counter {
                var onChange: (() -> Void)?
                var count = 0
                mutating func arm() { onChange = { print(self.count) } }
            }
            """,
            """
            final class Session {
                var onClose: (() -> Void)?
                func start() { onClose = { self.cleanup() } }
                func close() { onClose = nil }
                func cleanup() {}
            }
            """,
            """
            final class Formatter {
                let prefix = "#"
                lazy var label: String = { self.prefix + "label" }()
            }
            """,
            """
            final class Request {
                var completion: (() -> Void)?
                func send() {
                    completion = {
                        self.log()
                        self.completion = nil
                    }
                }
                func log() {}
            }
            """,
            """
            import Dispatch
            final class Request {
                var completion: (() -> Void)?
                func send() {
                    completion = {
                        DispatchQueue.main.async { self.completion = nil }
                    }
                }
            }
            """,
            """
            import Dispatch
            final class Ticker {
                let source = DispatchSource.makeTimerSource()
                func start() { source.setEventHandler { self.tick() } }
                func stop() { source.setEventHandler(handler: nil) }
                func tick() {}
            }
            """,
            """
            final class Session {
                var onClose: (() -> Void)?
                func start() { onClose = { self.cleanup() } }
                func finish() { close() }
                private func close() { onClose = nil }
                func cleanup() {}
            }
            """,
            """
            // file: Player.m
            __attribute__((objc_root_class))
            @interface Player
            @property (copy) void (^onTick)(void);
            @end
            @implementation Player
            - (void)setup {
                __weak Player *weakSelf = self;
                self.onTick = ^{ [weakSelf tick]; };
            }
            - (void)tick {}
            @end
            """,
        ]
    )

    public func check(_ context: RuleContext) -> [Finding] {
        context.report(description, where: { $0.kind == .cycle && $0.involvesClosure }) { retention in
            "closure cycle: \(retention.summary); capture weakly or release the closure in a close-like method"
        }
    }
}
