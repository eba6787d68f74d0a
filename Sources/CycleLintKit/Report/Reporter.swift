/// Turns a `CheckReport` into the bytes of one output format.
public protocol Reporter {
    /// The complete output, ending with a newline when non-empty.
    func render(_ report: CheckReport) -> String
}

/// The output formats of `cyclelint check --format`.
public enum ReportFormat: String, CaseIterable, Sendable {
    /// The `--format` values: compiler-style text, JSON, SARIF 2.1.0, GitHub annotations, GitLab Code Quality, JUnit XML.
    case text, json, sarif, github, gitlab, junit

    /// The reporter for this format.
    public func reporter(options: ReportOptions) -> any Reporter {
        switch self {
        case .text: return TextReporter(options: options)
        case .json: return JSONReporter()
        case .sarif: return SARIFReporter(options: options)
        case .github: return GitHubReporter(options: options)
        case .gitlab: return GitLabReporter(options: options)
        case .junit: return JUnitReporter(options: options)
        }
    }
}
