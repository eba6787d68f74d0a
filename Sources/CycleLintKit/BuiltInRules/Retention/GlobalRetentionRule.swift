/// `global-retention`: `self` stored (directly or in a closure) into a static, global or
/// singleton that never lets go.
public struct GlobalRetentionRule: Rule {
    /// The rule; it has no configuration of its own.
    public init() {}

    public let description = RuleDescription(
        id: "global-retention",
        name: "Retained by a global",
        summary: "self, or a closure capturing it, is stored in a static, global or singleton registry and never removed.",
        rationale: "Globals and singletons live as long as the process, so whatever they keep can never be freed.",
        fix: "Remove the registration in a close-like method, or keep it weakly (a weak box or `[weak self]`).",
        triggeringExamples: [
            """
            final class Logger {
                nonisolated(unsafe) static var handlers: [(String) -> Void] = []
            }
            final class Console {
                func install() {
                    ↓Logger.handlers.append { self.write($0) }
                }
                func write(_ line: String) {}
            }
            """,
            """
            final class EventBus {
                static let shared = EventBus()
                var handlers: [() -> Void] = []
                func subscribe(_ handler: @escaping () -> Void) { handlers.append(handler) }
            }
            final class Screen {
                func appear() {
                    ↓EventBus.shared.subscribe { self.refresh() }
                }
                func refresh() {}
            }
            """,
            """
            final class Registry {
                static let shared = Registry()
                var sessions: [Session] = []
            }
            final class Session {
                init() {
                    ↓Registry.shared.sessions.append(self)
                }
            }
            """,
        ],
        nonTriggeringExamples: [
            """
            final class Logger {
                nonisolated(unsafe) static var handler: (String) -> Void = { print($0) }
            }
            final class Console {
                func install() {
                    Logger.handler = { self.write($0) }
                }
                func write(_ line: String) {}
            }
            """,
            """
            final class Session {
                static let shared = Session()
                var current: Screen?
            }
            final class Screen {
                func appear() { Session.shared.current = self }
            }
            """,
            """
            final class Registry {
                static let shared = Registry()
                var sessions: [Session] = []
            }
            final class Session {
                init() { Registry.shared.sessions.append(self) }
                func close() { Registry.shared.sessions.removeAll { $0 === self } }
            }
            """,
            """
            final class EventBus {
                static let shared = EventBus()
                var handlers: [() -> Void] = []
                func subscribe(_ handler: @escaping () -> Void) { handlers.append(handler) }
            }
            final class Screen {
                func appear() { EventBus.shared.subscribe { [weak self] in self?.refresh() } }
                func refresh() {}
            }
            """,
            """
            final class Monitor {
                static let shared = Monitor()
                var handlers: [() -> Void] = []
                init() { handlers.append { self.check() } }
                func check() {}
            }
            """,
        ]
    )

    public func check(_ context: RuleContext) -> [Finding] {
        context.report(description, where: { $0.kind == .rootRetention && !Self.holdsOneValueAtATime($0) }) { retention in
            "kept alive by a global for the life of the process: \(retention.summary); remove it in a close-like method or hold it weakly"
        }
    }

    /// Kept by assigning a single-value global or static (`static var handler = { … }`,
    /// `Registry.shared.current = self`): the next assignment replaces it, so the global holds one
    /// object at a time, not a registry that grows with every instance.
    static func holdsOneValueAtATime(_ retention: Retention) -> Bool {
        retention.edges.contains { $0.kind == .store }
            && retention.edges.allSatisfy { $0.kind == .capture || $0.kind == .declared || ($0.kind == .store && $0.replacesPrevious) }
    }
}
