/// The built-in rules, in the order they claim retentions (most specific first).
public enum RuleRegistry {
    public static let builtin: [any Rule] = [
        StoredErrorCycleRule(),
        TaskRetentionRule(),
        ObserverRetentionRule(),
        GlobalRetentionRule(),
        RetainedAfterCloseRule(),
        CaptureCycleRule(),
        BackrefCycleRule(),
    ]

    /// Descriptions of the built-in rules.
    public static var descriptions: [RuleDescription] { builtin.map(\.description) }

    /// The built-in rule with this id.
    public static func rule(id: String) -> (any Rule)? { builtin.first { $0.description.id == id } }
}
