/// Which findings make `cyclelint check` exit with status 1 (`--fail-on`).
public enum FailurePolicy: String, CaseIterable, Sendable {
    /// Only errors fail the run.
    case error
    /// Warnings and errors fail the run (the default).
    case warning
    /// Findings never fail the run (exit 0 unless the run itself failed).
    case never

    /// 1 when a finding is at or above the failing severity, else 0.
    public func exitCode(for findings: [Finding]) -> Int32 {
        let threshold: Severity
        switch self {
        case .never: return 0
        case .error: threshold = .error
        case .warning: threshold = .warning
        }
        return findings.contains { $0.severity >= threshold } ? 1 : 0
    }
}
