/// What platform and library APIs do with the closures passed to them, from rule packs (and
/// from custom rules' `knowledge`), plus the pattern rules the packs declare.
public struct RetentionKnowledge: Sendable {
    private var entriesByMethod: [String: [APIRetentionEntry]] = [:]

    /// All entries, in pack order.
    public private(set) var entries: [APIRetentionEntry] = []

    /// The pattern rules (`{rule: …, call: …, when: …}`) of the loaded packs, in pack order (a
    /// later pack's rule replaces an earlier one with the same id).
    public private(set) var patternRules: [PatternRule] = []

    /// Parameter types that keep the object whose method receives them, in pack order.
    public private(set) var contextOwnerships: [ContextOwnership] = []

    /// Empty knowledge (no packs).
    public init() {}

    /// Loads the built-in packs (`rules/*.yml`, embedded at build time) and then `extra` packs.
    public static func load(extra: [(name: String, yaml: String)] = []) throws -> RetentionKnowledge {
        var knowledge = try builtin.get()
        try knowledge.addPacks(extra)
        return knowledge
    }

    /// The built-in packs, parsed once per process: they are part of the binary, so every run
    /// (and every input of a fuzzing or test process) would parse the same YAML again.
    private static let builtin = Result<RetentionKnowledge, any Error> {
        var knowledge = RetentionKnowledge()
        try knowledge.addPacks(BuiltinRulePacks.all)
        return knowledge
    }

    private mutating func addPacks(_ packs: [(name: String, yaml: String)]) throws {
        for pack in packs {
            let loaded = try RulePackLoader.loadPack(name: pack.name, yaml: pack.yaml)
            for entry in loaded.entries { add(entry) }
            contextOwnerships += loaded.contextOwnerships
            for rule in loaded.patternRules {
                // A later pack's rule with the same id replaces the earlier one, as entries do.
                patternRules.removeAll { $0.description.id == rule.description.id }
                patternRules.append(rule)
            }
        }
    }

    /// Adds an entry; later entries for the same API take precedence over earlier ones.
    public mutating func add(_ entry: APIRetentionEntry) {
        entries.append(entry)
        entriesByMethod[entry.methodName, default: []].insert(entry, at: 0)
    }

    /// The context ownership for a parameter declared with type `typeName`, if any.
    func contextOwnership(ofParameterType typeName: String) -> ContextOwnership? {
        contextOwnerships.last { $0.matches(typeName) }
    }

    /// Base names of the methods context ownerships end with (`handlerRemoved`): the framework
    /// calls them to tear the object down.
    var contextReleasingMethods: Set<String> { Set(contextOwnerships.map(\.releasingMethod)) }

    /// This knowledge without the entries for APIs the project declares itself: a project method
    /// (an overload or an extension method, `extension Publisher { func assign(to:on:) }`) with
    /// the entry's type, name and labels, that neither stores nor hands on what the entry says is
    /// kept (its `argument`, else its closure parameters; it captures them weakly, say), takes
    /// precedence over what the pack says about the name.
    func deferringToProject(_ index: ProjectIndex, summaries: MethodSummaries) -> RetentionKnowledge {
        var result = self
        let overridden = entries.filter { entry in
            guard let typeName = entry.typeName, let type = index.resolveTypeName(typeName) else { return false }
            return index.methods(entry.methodName, of: type).contains { method, file in
                guard method.body != nil, method.parameters.map(\.label) == entry.labels else { return false }
                let kept = entry.retainedArgument.map { selected in
                    selected.index(labels: entry.labels).map { [$0] } ?? []
                } ?? method.parameters.indices.filter { method.parameters[$0].type?.isFunction ?? true }
                let effects = summaries.effects(of: method, file: file, owner: type)
                return !kept.isEmpty && kept.allSatisfy { $0 < effects.count && effects[$0].isEmpty }
            }
        }
        guard !overridden.isEmpty else { return self }
        let removed = Set(overridden)
        result.entries.removeAll { removed.contains($0) }
        for (method, list) in result.entriesByMethod { result.entriesByMethod[method] = list.filter { !removed.contains($0) } }
        return result
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
