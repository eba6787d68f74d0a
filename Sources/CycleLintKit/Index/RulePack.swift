/// The contents of one rule pack: API retention entries and pattern rules, in pack order.
public struct RulePack: Sendable {
    /// The name errors cite (usually the file path).
    public var name: String
    /// `{api: …, closure: …}` entries.
    public var entries: [APIRetentionEntry]
    /// `{rule: …, call: …, when: …}` entries.
    public var patternRules: [PatternRule]
    /// `{context: …, owns: receiver, until: …}` entries.
    public var contextOwnerships: [ContextOwnership]

    /// A pack with these contents.
    public init(name: String, entries: [APIRetentionEntry] = [], patternRules: [PatternRule] = [],
                contextOwnerships: [ContextOwnership] = []) {
        self.name = name
        self.entries = entries
        self.patternRules = patternRules
        self.contextOwnerships = contextOwnerships
    }
}
