/// What a rule sees: the project index (types, properties, methods, every file's facts), every
/// retention the ownership graphs contain, and the run's options. Rules claim the retentions
/// they report so that each is reported once, by the most specific rule.
public final class RuleContext {
    public let index: ProjectIndex
    /// Every retention found, in a stable order; `id` is the position.
    public let retentions: [Retention]
    public let options: AnalysisOptions
    private var claimed: Set<Int> = []

    init(index: ProjectIndex, retentions: [Retention], options: AnalysisOptions) {
        self.index = index
        self.retentions = retentions
        self.options = options
    }

    /// Retentions no earlier rule has claimed, with their ids.
    public var unclaimed: [(id: Int, retention: Retention)] {
        retentions.enumerated().filter { !claimed.contains($0.offset) }.map { ($0.offset, $0.element) }
    }

    /// Marks a retention as reported.
    public func claim(_ id: Int) { claimed.insert(id) }

    /// Claims every unclaimed retention matching `predicate` and returns a finding for each.
    public func report(_ rule: RuleDescription, where predicate: (Retention) -> Bool,
                       message: (Retention) -> String) -> [Finding] {
        unclaimed.filter { predicate($0.retention) }.map { id, retention in
            claim(id)
            return finding(rule, retention: retention, message: message(retention))
        }
    }

    /// A finding for `retention`, located at its closing statement, with its path and a
    /// fingerprint that survives line moves.
    public func finding(_ rule: RuleDescription, retention: Retention, message: String) -> Finding {
        let fingerprint = StableHash.hex(([rule.id] + retention.fingerprintComponents).joined(separator: "|"))
        return Finding(ruleID: rule.id, severity: options.severityOverrides[rule.id] ?? rule.defaultSeverity,
                       location: retention.location, message: message, path: retention.steps, fingerprint: fingerprint)
    }
}
