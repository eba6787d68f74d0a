import CycleLintRuntime
import Foundation

/// The text and JSON forms of a `VerifyReport`.
enum VerifyText {
    static func json(_ report: VerifyReport) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(report)) ?? Data(), as: UTF8.self) + "\n"
    }

    static func lines(for report: VerifyReport) -> [String] {
        var lines: [String] = []
        let leaking = report.tests.filter { !$0.leaked.isEmpty || !$0.cycles.isEmpty }
        for test in leaking {
            let count = test.leaked.reduce(0) { $0 + $1.count }
            let types = test.leaked.map { "\($0.type) ×\($0.count)" }.joined(separator: ", ")
            lines.append("leaked  \(test.name): \(count) object\(count == 1 ? "" : "s") (\(types))")
            for cycle in test.cycles {
                lines.append("      cycle: \(cycle.pathDescription)" + (cycle.count > 1 ? "  ×\(cycle.count)" : ""))
            }
        }
        let clean = report.tests.count - leaking.count
        if clean > 0 { lines.append("clean   \(clean) test\(clean == 1 ? "" : "s")") }
        for finding in report.findings {
            let label = finding.status.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0)
            lines.append("\(label)\(finding.file):\(finding.line):\(finding.column): \(finding.message) [\(finding.rule)]")
            if let evidence = finding.evidence { lines.append("      runtime: \(evidence)") }
        }
        for problem in report.problems { lines.append("problem (\(problem.kind)): \(problem.message)") }
        func count(_ status: VerifyReport.Status) -> Int { report.findings.filter { $0.status == status }.count }
        lines.append("\(report.tests.count) test\(report.tests.count == 1 ? "" : "s"), \(leaking.count) leaked; "
                     + "\(report.findings.count) finding\(report.findings.count == 1 ? "" : "s"): \(count(.confirmed)) confirmed, "
                     + "\(count(.notReproduced)) not reproduced, \(count(.notExercised)) not exercised; "
                     + "\(report.problems.count) problem\(report.problems.count == 1 ? "" : "s")")
        return lines
    }
}
