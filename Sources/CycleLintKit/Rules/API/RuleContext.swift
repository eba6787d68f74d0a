/// What a rule sees: the project index (types, properties, methods, every file's facts), every
/// retention the ownership graphs contain, and the run's options. Rules claim the retentions
/// they report so that each is reported once, by the most specific rule.
public final class RuleContext {
    /// Types, stored properties (with strength), methods and every file's facts.
    public let index: ProjectIndex
    /// Every retention found, in a stable order; `id` is the position.
    public let retentions: [Retention]
    /// The options of this run (severity overrides, close methods, …).
    public let options: AnalysisOptions
    /// The API knowledge of this run: rule packs, rules' knowledge and header-derived C callbacks.
    public let knowledge: RetentionKnowledge
    private var claimed: Set<Int> = []
    private var callSites: [CallSite]?
    /// The concurrency facts grouped by type, built once for the rules that read them.
    private(set) lazy var concurrencyView = ConcurrencyView(index: index, jobs: CycleLint.effectiveJobs(options))

    init(index: ProjectIndex, retentions: [Retention], options: AnalysisOptions,
         knowledge: RetentionKnowledge = RetentionKnowledge()) {
        self.index = index
        self.retentions = retentions
        self.options = options
        self.knowledge = knowledge
    }

    /// Every file's facts (the same as `index.files`).
    public var files: [FileFacts] { index.files }

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
        return Finding(ruleID: rule.id, severity: severity(of: rule),
                       location: retention.location, message: message, path: retention.steps, fingerprint: fingerprint)
    }

    /// The severity findings of `rule` get in this run: the configured override, else the
    /// rule's default.
    public func severity(of rule: RuleDescription) -> Severity {
        options.severityOverrides[rule.id] ?? rule.defaultSeverity
    }

    /// Every call in the project to the API `signature`, written as in rule packs:
    /// `Type.method(label:_:)` (the type is compared by its last component, and a call on a
    /// receiver whose type is unknown does not match), or `method(label:)` for any receiver.
    /// Argument labels match the way Swift binds them (defaulted parameters may be left out,
    /// trailing closures bind to the last parameters). Traps on a malformed signature.
    public func calls(to signature: String) -> [CallSite] {
        guard let parsed = APIRetentionEntry.parseSignature(signature) else {
            preconditionFailure("'\(signature)' is not of the form Type.method(label:_:)")
        }
        if callSites == nil { callSites = CallSiteFinder(index: index).all() }
        return callSites!.filter { $0.matches(type: parsed.type, method: parsed.method, labels: parsed.labels) }
    }
}
