/// GitLab Code Quality report (a JSON array of issues) for merge-request widgets:
/// `description`, `check_name`, `fingerprint`, `severity`, `location.path`,
/// `location.lines.begin`. Paths are relative to the base path (the repository root).
public struct GitLabReporter: Reporter {
    /// How `location.path` values are shown (relative to `basePath` when inside it).
    public var options: ReportOptions

    /// A reporter with the given options.
    public init(options: ReportOptions = ReportOptions()) {
        self.options = options
    }

    public func render(_ report: CheckReport) -> String {
        // GitLab needs fingerprints unique within one report; repeated semantic fingerprints
        // (the same cycle shape twice in a file) get an occurrence suffix.
        var seen: [String: Int] = [:]
        let issues = report.findings.map { finding -> Issue in
            let occurrence = seen[finding.fingerprint, default: 0]
            seen[finding.fingerprint] = occurrence + 1
            var description = "\(finding.message) [\(finding.ruleID)]"
            if !finding.path.isEmpty {
                description += " Cycle: " + finding.path.map {
                    "\($0.description) (\($0.location.shortDescription))"
                }.joined(separator: " → ")
            }
            return Issue(
                description: description, check_name: finding.ruleID,
                fingerprint: occurrence == 0 ? finding.fingerprint : "\(finding.fingerprint)-\(occurrence + 1)",
                severity: Self.severity(finding.severity),
                location: .init(path: options.displayPath(finding.location.file),
                                lines: .init(begin: finding.location.line)))
        }
        return JSONOutput.encode(issues)
    }

    static func severity(_ severity: Severity) -> String {
        switch severity {
        case .note: return "info"
        case .warning: return "minor"
        case .error: return "critical"
        }
    }

    struct Issue: Encodable {
        var type = "issue"
        var description, check_name, fingerprint, severity: String
        var location: Location

        init(description: String, check_name: String, fingerprint: String, severity: String, location: Location) {
            self.description = description
            self.check_name = check_name
            self.fingerprint = fingerprint
            self.severity = severity
            self.location = location
        }

        struct Location: Encodable {
            var path: String
            var lines: Lines
        }

        struct Lines: Encodable { var begin: Int }
    }
}
