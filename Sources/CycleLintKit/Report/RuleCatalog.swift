/// All rule metadata the reporters and the `rules`/`explain` commands know: the engine's
/// built-in rules plus the rules the reporting layer itself produces.
public enum RuleCatalog {
    /// Built-in engine rules followed by `unused-suppression`.
    public static var all: [RuleDescription] {
        RuleRegistry.descriptions + [UnusedSuppressionRule.description]
    }

    /// Every valid rule id (what configuration and suppressions may name).
    public static var ids: [String] { all.map(\.id) }

    /// The rule with this id, if any.
    public static func description(id: String) -> RuleDescription? {
        all.first { $0.id == id }
    }
}
