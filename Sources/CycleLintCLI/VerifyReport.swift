import CycleLintKit
import CycleLintRuntime

/// The `cyclelint verify` result: per test, what it leaked and the cycles holding it; per static
/// finding, whether the run confirmed it; and what went wrong (build failures, crashes, hangs).
/// Its JSON form is the contract in DESIGN.md.
struct VerifyReport: Codable, Equatable {
    var version = 1
    var tests: [TestResult] = []
    var findings: [FindingResult] = []
    var problems: [Problem] = []

    /// One test (`Module.Suite/test` as `swift test --list-tests` names it), or one scenario
    /// executable of a samples package.
    struct TestResult: Codable, Equatable {
        var name: String
        var leaked: [LeakReport.LeakedType]
        var cycles: [LeakReport.Cycle]
    }

    /// What the run showed about a static finding.
    enum Status: String, Codable {
        /// Its types leaked in a runtime cycle that matches its path (or, for a samples scenario,
        /// stayed alive or grew where the fixed twin did not).
        case confirmed
        /// Its types were allocated, but nothing of them leaked.
        case notReproduced = "not-reproduced"
        /// No test allocated its types.
        case notExercised = "not-exercised"
    }

    /// A `cyclelint check` finding (the same fields as its JSON report) with its runtime status.
    struct FindingResult: Codable, Equatable {
        var rule, severity, file: String
        var line, column: Int
        var message: String
        var path: [Step]
        var fingerprint: String
        var status: Status
        /// The runtime cycle that confirmed it, as type/field steps (empty otherwise).
        var runtimePath: [LeakReport.Step]
        /// One line on the runtime evidence, for the text report (not in the JSON).
        var evidence: String? = nil

        enum CodingKeys: String, CodingKey {
            case rule, severity, file, line, column, message, path, fingerprint, status, runtimePath
        }

        struct Step: Codable, Equatable {
            var file: String
            var line, column: Int
            var description: String
        }

        init(_ finding: Finding, status: Status, runtimePath: [LeakReport.Step] = [], evidence: String? = nil) {
            rule = finding.ruleID
            severity = finding.severity.rawValue
            file = finding.location.file
            line = finding.location.line
            column = finding.location.column
            message = finding.message
            path = finding.path.map { Step(file: $0.location.file, line: $0.location.line, column: $0.location.column,
                                           description: $0.description) }
            fingerprint = finding.fingerprint
            self.status = status
            self.runtimePath = runtimePath
            self.evidence = evidence
        }
    }

    /// Something that kept part of the run from being checked, or a leak outside every test.
    struct Problem: Codable, Equatable {
        /// `build`, `crash`, `hang`, `tracker`, `no-tests`, `leak-outside-tests`, `task-retention`;
        /// for samples packages `fixed-not-clean`, `missed`, `not-reproduced-scenario`.
        var kind: String
        var message: String
    }

    /// Kinds of problem that make the run fail (exit 1) on their own.
    static let failingProblems: Set<String> = ["crash", "hang", "tracker", "task-retention", "fixed-not-clean", "missed",
                                                "not-reproduced-scenario"]

    /// 1 when a test leaked, a finding is confirmed or the run was cut short; else 0.
    var exitCode: Int32 {
        let leaked = tests.contains { !$0.leaked.isEmpty || !$0.cycles.isEmpty }
        let confirmed = findings.contains { $0.status == .confirmed }
        let failed = problems.contains { Self.failingProblems.contains($0.kind) }
        return leaked || confirmed || failed ? 1 : 0
    }
}
