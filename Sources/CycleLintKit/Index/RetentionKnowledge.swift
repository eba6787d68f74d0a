/// What platform and library APIs do with the closures passed to them, from rule packs (and
/// from custom rules' `knowledge`), plus the pattern rules the packs declare.
public struct RetentionKnowledge: Sendable {
    private var entriesByMethod: [String: [APIRetentionEntry]] = [:]

    /// All entries, in pack order.
    public private(set) var entries: [APIRetentionEntry] = []

    /// The pattern rules (`{rule: …, call: …, when: …}`) of the loaded packs, in pack order (a
    /// later pack's rule replaces an earlier one with the same id).
    public private(set) var patternRules: [PatternRule] = []

    /// Empty knowledge (no packs).
    public init() {}

    /// Loads the built-in packs (`rules/*.yml`, embedded at build time) and then `extra` packs.
    public static func load(extra: [(name: String, yaml: String)] = []) throws -> RetentionKnowledge {
        var knowledge = RetentionKnowledge()
        for pack in BuiltinRulePacks.all + extra {
            let loaded = try RulePackLoader.loadPack(name: pack.name, yaml: pack.yaml)
            for entry in loaded.entries { knowledge.add(entry) }
            for rule in loaded.patternRules {
                // A later pack's rule with the same id replaces the earlier one, as entries do.
                knowledge.patternRules.removeAll { $0.description.id == rule.description.id }
                knowledge.patternRules.append(rule)
            }
        }
        return knowledge
    }

    /// Adds an entry; later entries for the same API take precedence over earlier ones.
    public mutating func add(_ entry: APIRetentionEntry) {
        entries.append(entry)
        entriesByMethod[entry.methodName, default: []].insert(entry, at: 0)
    }

    /// The entry for a call of `method` with these labels on a receiver of type `typeName`
    /// (nil when unknown: then the method and labels must match one API only, or agree).
    public func entry(typeName: String?, method: String, labels: [String?], trailingStart: Int) -> APIRetentionEntry? {
        guard let candidates = entriesByMethod[method] else { return nil }
        // The shortest matching signature first: `Task.init(priority:operation:)` over longer overloads.
        let matching = candidates.filter {
            CallMatcher.parameterIndices(labels: labels, trailingStart: trailingStart, signature: $0.labels) != nil
        }.enumerated().sorted { ($0.element.labels.count, $0.offset) < ($1.element.labels.count, $1.offset) }.map(\.element)
        if let typeName {
            let simple = typeName.split(separator: ".").last.map(String.init) ?? typeName
            if let exact = matching.first(where: { $0.typeName == typeName || $0.typeName == simple }) { return exact }
            if matching.contains(where: { $0.typeName == nil }) { return matching.first { $0.typeName == nil } }
        }
        // Unknown receiver type: trust the entry only when every match says the same.
        guard let first = matching.first,
              matching.allSatisfy({ $0.retention == first.retention && $0.retainedArgument == first.retainedArgument }) else {
            return nil
        }
        return first
    }
}
