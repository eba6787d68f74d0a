/// Everything a reporter renders for one `cyclelint check` run: the findings left after
/// configuration, suppressions and the baseline, plus counts of what was filtered out.
public struct CheckReport: Sendable {
    /// Findings to report, in output order.
    public var findings: [Finding]
    /// Problems with individual input files (skipped or partly analysed).
    public var diagnostics: [InputDiagnostic]
    /// How many Swift files were analysed.
    public var filesAnalyzed: Int
    /// The analysed files, when known (JUnit lists one test case per file); files with
    /// findings are always included.
    public var files: [String]
    /// Findings hidden by inline `cyclelint:disable` comments.
    public var suppressedCount: Int
    /// Findings hidden because the baseline lists them.
    public var baselinedCount: Int
    /// Metadata of every rule that can appear in `findings` (SARIF rule descriptors).
    public var rules: [RuleDescription]

    /// A report of `findings`, stored as given; `rules` defaults to every built-in rule.
    public init(findings: [Finding], diagnostics: [InputDiagnostic] = [], filesAnalyzed: Int = 0,
                files: [String] = [], suppressedCount: Int = 0, baselinedCount: Int = 0,
                rules: [RuleDescription] = RuleCatalog.all) {
        self.findings = findings
        self.diagnostics = diagnostics
        self.filesAnalyzed = filesAnalyzed
        self.files = files
        self.suppressedCount = suppressedCount
        self.baselinedCount = baselinedCount
        self.rules = rules
    }

    /// Number of findings with exactly this severity.
    public func count(_ severity: Severity) -> Int {
        findings.lazy.filter { $0.severity == severity }.count
    }

    /// Every file to report on: `files` plus any file that has a finding, sorted and unique.
    public var allFiles: [String] {
        Array(Set(files).union(findings.map(\.location.file))).sorted()
    }
}
