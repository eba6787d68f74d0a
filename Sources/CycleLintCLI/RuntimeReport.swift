import CycleLintKit
import Foundation

/// A `cyclelint verify --format json` report read back by `check --runtime-report FILE`, to give
/// each finding the status the run showed.
struct RuntimeReport {
    let report: VerifyReport

    /// Reads `path`; throws `CycleLintError` when it is missing or not a verify report.
    init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CycleLintError.unreadablePath(path, reason: "cannot read the runtime report")
        }
        do {
            report = try JSONDecoder().decode(VerifyReport.self, from: data)
        } catch {
            throw CycleLintError.unreadablePath(path, reason: "not a cyclelint verify JSON report (\(error))")
        }
    }

    /// The status of the verify finding that is `finding`: same fingerprint, else the same rule at
    /// the same line and column of a file with the same path (one path may be relative to a
    /// different folder than the other).
    func status(of finding: Finding) -> String? {
        if let match = report.findings.first(where: { $0.fingerprint == finding.fingerprint }) { return match.status.rawValue }
        return report.findings.first { candidate in
            candidate.rule == finding.ruleID && candidate.line == finding.location.line && candidate.column == finding.location.column
                && (candidate.file.hasSuffix("/" + finding.location.file) || finding.location.file.hasSuffix("/" + candidate.file)
                    || candidate.file == finding.location.file)
        }?.status.rawValue
    }

    /// `findings` with their runtime statuses set.
    func annotate(_ findings: [Finding]) -> [Finding] {
        findings.map { finding in
            var annotated = finding
            annotated.runtimeStatus = status(of: finding)
            return annotated
        }
    }
}
