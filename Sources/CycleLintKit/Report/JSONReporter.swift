import Foundation

/// The stable machine format: `{"version": 1, "findings": [...], "summary": {...}}`.
/// `file` is the path as given on the command line or found under a given folder.
public struct JSONReporter: Reporter {
    /// The JSON reporter; it has no options.
    public init() {}

    public func render(_ report: CheckReport) -> String {
        let document = Document(
            version: 1,
            findings: report.findings.map { finding in
                Document.Finding(
                    rule: finding.ruleID, severity: finding.severity.rawValue,
                    file: finding.location.file, line: finding.location.line,
                    column: finding.location.column, message: finding.message,
                    path: finding.path.map {
                        Document.Step(file: $0.location.file, line: $0.location.line,
                                      column: $0.location.column, description: $0.description)
                    },
                    fingerprint: finding.fingerprint)
            },
            summary: Document.Summary(
                files: report.filesAnalyzed, findings: report.findings.count,
                errors: report.count(.error), warnings: report.count(.warning),
                notes: report.count(.note), suppressed: report.suppressedCount,
                baselined: report.baselinedCount,
                diagnostics: report.diagnostics.map { Document.Diagnostic(file: $0.file, message: $0.message) }))
        return JSONOutput.encode(document)
    }

    struct Document: Encodable {
        var version: Int
        var findings: [Finding]
        var summary: Summary

        struct Finding: Encodable {
            var rule, severity, file: String
            var line, column: Int
            var message: String
            var path: [Step]
            var fingerprint: String
        }

        struct Step: Encodable {
            var file: String
            var line, column: Int
            var description: String
        }

        struct Summary: Encodable {
            var files, findings, errors, warnings, notes, suppressed, baselined: Int
            var diagnostics: [Diagnostic]
        }

        struct Diagnostic: Encodable {
            var file, message: String
        }
    }
}

/// Deterministic JSON encoding shared by the JSON-based reporters and the baseline.
enum JSONOutput {
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain structs of strings and numbers cannot fail.
        let data = try! encoder.encode(value)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
