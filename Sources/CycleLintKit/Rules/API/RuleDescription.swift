/// Everything a rule says about itself: shown by `cyclelint rules` / `explain`, written into
/// SARIF rule metadata, and its examples run as tests.
public struct RuleDescription: Sendable {
    /// Stable id, e.g. `capture-cycle`.
    public let id: String
    /// Human name, e.g. "Closure capture cycle".
    public let name: String
    /// One sentence: what the rule finds.
    public let summary: String
    /// Why the pattern leaks.
    public let rationale: String
    /// How to fix it.
    public let fix: String
    /// The severity of its findings unless the configuration (`severity:`) overrides it.
    public let defaultSeverity: Severity
    /// Opt-in rules run only when named in `opt_in_rules`.
    public let isOptIn: Bool
    /// Sources that must produce a finding of this rule. `↓` marks where each finding is
    /// expected (the marker is removed before analysis); without a marker any location counts.
    public let triggeringExamples: [String]
    /// Sources that must not produce a finding of this rule.
    public let nonTriggeringExamples: [String]

    /// A description with these texts; `↓` in a triggering example marks an expected finding.
    public init(id: String, name: String, summary: String, rationale: String, fix: String,
                defaultSeverity: Severity = .warning, isOptIn: Bool = false,
                triggeringExamples: [String], nonTriggeringExamples: [String]) {
        self.id = id
        self.name = name
        self.summary = summary
        self.rationale = rationale
        self.fix = fix
        self.defaultSeverity = defaultSeverity
        self.isOptIn = isOptIn
        self.triggeringExamples = triggeringExamples
        self.nonTriggeringExamples = nonTriggeringExamples
    }
}
