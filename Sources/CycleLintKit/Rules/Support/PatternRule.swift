/// A rule declared in a rule pack without Swift: report every call to one API whose arguments
/// capture what `condition` says, e.g.
/// `{rule: event-bus-self, message: "…", call: "EventBus.on(_:)", when: self-captured-strongly}`.
///
/// A finding is located at the call, with the capture as its second path step. The rule claims
/// the retentions that pass through the call, so a built-in rule does not report them again.
public struct PatternRule: Rule {
    /// Id, message as summary, severity; the rationale names the pack and line it came from.
    public let description: RuleDescription
    /// The API, as written in the pack: `Type.method(label:_:)` or `method(label:)`.
    public let call: String
    /// What makes a matching call a finding.
    public let condition: PatternCondition
    /// The finding's message.
    public let message: String

    /// A pattern rule for calls to `call` (`Type.method(label:)`, checked here: nil when
    /// malformed) satisfying `condition`. `source` (pack and line) goes into the rule's rationale.
    public init?(id: String, name: String? = nil, message: String, severity: Severity = .warning,
                 call: String, condition: PatternCondition, fix: String? = nil, source: String = "",
                 triggeringExamples: [String] = [], nonTriggeringExamples: [String] = []) {
        guard APIRetentionEntry.parseSignature(call) != nil else { return nil }
        self.call = call
        self.condition = condition
        self.message = message
        let origin = source.isEmpty ? "" : " (declared in \(source))"
        description = RuleDescription(
            id: id, name: name ?? message, summary: message,
            rationale: "Pattern rule\(origin): calls to \(call) where \(condition.rawValue).",
            fix: fix ?? "", defaultSeverity: severity,
            triggeringExamples: triggeringExamples, nonTriggeringExamples: nonTriggeringExamples)
    }

    /// A finding for every call to `call` that satisfies `condition`.
    public func check(_ context: RuleContext) -> [Finding] {
        let sites = context.calls(to: call).filter(condition.isSatisfied)
        guard !sites.isEmpty else { return [] }
        let locations = Set(sites.map(\.call.location))
        for (id, retention) in context.unclaimed where retention.edges.contains(where: { locations.contains($0.location) }) {
            context.claim(id)
        }
        return sites.map { site in
            var path = [PathStep(location: site.call.location, description: "\(call) is called with a closure")]
            if let capture = site.strongSelfCapture ?? site.capturedPaths.first?.location, capture != site.call.location {
                let what = site.strongSelfCapture != nil ? "self" : site.capturedPaths.first?.name ?? "an object"
                path.append(PathStep(location: capture, description: "the closure captures \(what) strongly"))
            }
            return context.finding(description, at: site.call.location, message: message, path: path,
                                   components: [site.body.ownerType ?? "", site.body.name, call])
        }
    }
}
