import Foundation

/// The built-in rules, and the custom rules registered for the whole process (by a custom
/// `cyclelint` built with `CycleLintMain.main(extraRules:)`, or by `register(_:)`).
public enum RuleRegistry {
    /// The built-in rules, in the order they claim retentions (most specific first).
    public static let builtin: [any Rule] = [
        StoredErrorCycleRule(),
        TaskRetentionRule(),
        ObserverRetentionRule(),
        GlobalRetentionRule(),
        UnbalancedRetainRule(),
        DanglingContextRule(),
        RetainedAfterCloseRule(),
        CaptureCycleRule(),
        BackrefCycleRule(),
        UnboundedBufferRule(),
        ContinuationLeakRule(),
        UncheckedSendableRule(),
    ]

    private static let registry = RegisteredRules()

    /// Makes `rules` known to the whole process: every `CycleLint.check` runs them (before the
    /// built-in rules), and `RuleCatalog` (rule listings, configuration validation, SARIF rule
    /// metadata) lists them. A rule whose id is already registered replaces the earlier one; a
    /// rule with a built-in rule's id replaces the built-in rule.
    public static func register(_ rules: [any Rule]) { registry.add(rules) }

    /// The custom rules registered with `register(_:)`, in registration order.
    public static var registered: [any Rule] { registry.rules }

    /// Registered custom rules followed by the built-in rules they do not replace.
    public static var all: [any Rule] { rules(adding: []) }

    /// Descriptions of `all`.
    public static var descriptions: [RuleDescription] { all.map(\.description) }

    /// The registered or built-in rule with this id.
    public static func rule(id: String) -> (any Rule)? { all.first { $0.description.id == id } }

    /// The rules one run executes, in order: `extra`, then registered rules, then built-in
    /// rules; of several rules with one id, the first is kept.
    public static func rules(adding extra: [any Rule]) -> [any Rule] {
        var seen: Set<String> = []
        return (extra + registered + builtin).filter { seen.insert($0.description.id).inserted }
    }
}

/// The process-wide list behind `RuleRegistry.register(_:)`.
private final class RegisteredRules: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [any Rule] = []

    var rules: [any Rule] { lock.withLock { list } }

    func add(_ rules: [any Rule]) {
        lock.withLock {
            for rule in rules {
                list.removeAll { $0.description.id == rule.description.id }
                list.append(rule)
            }
        }
    }
}
