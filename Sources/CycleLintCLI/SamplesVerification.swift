import CycleLintKit
import CycleLintRuntime
import Foundation

/// `cyclelint verify` on a samples package: every `<Scenario>Leak` and `<Scenario>Fixed`
/// executable runs under the tracker; each static finding on a leak scenario must be confirmed
/// at run time, and each fixed twin must be clean (no leak, no growth, no finding).
struct SamplesVerification {
    var packagePath: String
    var trackerPath: String
    var timeout: Double
    var snapshotEvery: Double
    var log: (String) -> Void
    var skipBuild = false
    var staticAnalysis = true

    init(packagePath: String, trackerPath: String, timeout: Double, snapshotEvery: Double, log: @escaping (String) -> Void) {
        self.packagePath = packagePath
        self.trackerPath = trackerPath
        self.timeout = timeout
        self.snapshotEvery = snapshotEvery
        self.log = log
    }

    /// The report (one test per scenario executable) and its text lines.
    func run(_ scenarios: [VerifyScenario]) throws -> (report: VerifyReport, text: [String]) {
        let runner = VerifyRunner(packagePath: packagePath, trackerPath: trackerPath, timeout: timeout,
                                  snapshotEvery: snapshotEvery, log: log)
        let targets = scenarios.flatMap { [$0.leakTarget, $0.fixedTarget].compactMap { $0 } }
        log("cyclelint verify: building \(packagePath) (\(targets.count) scenario executables)…")
        let (binPath, buildErrors) = skipBuild ? (runner.binPath(), [:]) : runner.build(targets: targets)
        var report = VerifyReport()
        var lines: [String] = []
        func problem(_ kind: String, _ message: String) {
            report.problems.append(.init(kind: kind, message: message))
        }
        for scenario in scenarios {
            lines.append("\n\(scenario.name)")
            func execute(_ target: String?) -> VerifyRun? {
                guard let target else { return nil }
                if let error = buildErrors[target] ?? (binPath == nil ? "swift build failed" : nil) {
                    problem("build", "\(target) did not build: \(error)")
                    return VerifyRun(target: target, result: nil, buildError: error, leaks: LeakReport(), aliveAtExit: [:],
                                     growth: nil, analysis: nil)
                }
                let run = runner.run(target: target, binPath: binPath!)
                report.tests.append(.init(name: target, leaked: run.leaks.leaked, cycles: run.leaks.cycles))
                switch run.result?.outcome {
                case .exited(0)?: break
                case .timedOut?: problem("hang", "\(target) \(run.result!.outcome)")
                case let outcome?: problem("crash", "\(target) \(outcome)")
                case nil: break
                }
                if run.result?.report.active == false { problem("tracker", "\(target): tracker inactive: \(run.result?.report.error ?? "")") }
                return run
            }
            let leak = execute(scenario.leakTarget)
            let fixed = execute(scenario.fixedTarget)
            lines.append(leak.map { "  \($0.target): \($0.summary)" } ?? "  (no Leak target)")
            var fixedClean = true
            if let fixed {
                let grew = (fixed.growth?.bytes ?? 0) >= VerifyMatching.growthThreshold
                fixedClean = fixed.ranCleanly && fixed.result?.report.active == true && fixed.leaks.isClean && !grew
                lines.append("  \(fixed.target): \(fixed.summary)")
            } else {
                lines.append("  (no Fixed target)")
            }
            let extraAlive = leak.map { Self.aliveOnlyInLeak($0, fixed) } ?? []
            let reproduced = leak.map { !$0.leaks.isClean || ($0.growth?.bytes ?? 0) >= VerifyMatching.growthThreshold || !extraAlive.isEmpty } ?? false
            if let leak, leak.leaks.isClean {
                for line in extraAlive { lines.append("  runtime: \(line)") }
            }
            if let leak, leak.ranCleanly, !reproduced {
                lines.append("  NOT REPRODUCED: the leak scenario left nothing leaked, alive or growing")
                problem("not-reproduced-scenario", "\(leak.target) left nothing leaked, alive or growing")
            }
            let sources = packagePath + "/Sources/"
            if staticAnalysis, let target = scenario.leakTarget, let leak, leak.result != nil {
                let findings = try CycleLint.check(paths: [sources + target]).findings
                if findings.isEmpty {
                    lines.append("  static: no findings on \(target)" + (reproduced ? " (MISSED: the runtime shows a leak)" : ""))
                    if reproduced { problem("missed", "\(target) leaks at run time but has no static finding") }
                }
                for finding in findings {
                    let place = "\(finding.location.shortDescription) [\(finding.ruleID)]"
                    let staticPath = finding.path.map(\.description).joined(separator: " → ")
                    let result: VerifyReport.FindingResult
                    switch VerifyMatching.verdict(for: finding, leak: leak, fixed: fixed) {
                    case .confirmedCycle(let cycle):
                        result = .init(finding, status: .confirmed, runtimePath: cycle.path, evidence: cycle.pathDescription)
                    case .confirmedAlive(let type, let leakCount, let fixedCount):
                        let cycle = leak.analysis?.retentionCycles(through: type).first
                        result = .init(finding, status: .confirmed, runtimePath: cycle?.path ?? [],
                                       evidence: "\(leakCount) \(type) alive at exit (fixed twin: \(fixedCount)), held from outside the heap graph"
                                       + (cycle.map { "; \($0.pathDescription)" } ?? ""))
                    case .confirmedGrowth(let bytes, let frame):
                        result = .init(finding, status: .confirmed, evidence: "+\(bytes) bytes between snapshots at \(frame)")
                    case .notReproduced:
                        let runtime = leak.leaks.cycles.map(\.pathDescription).joined(separator: "; ")
                        result = .init(finding, status: .notReproduced, evidence: runtime.isEmpty ? "no cycle" : runtime)
                    }
                    report.findings.append(result)
                    lines.append("  \(result.status == .confirmed ? "confirmed     " : "not reproduced") \(place) \(finding.message)")
                    if let evidence = result.evidence { lines.append("      runtime: \(evidence)") }
                    if !staticPath.isEmpty { lines.append("      static:  \(staticPath)") }
                }
            }
            if staticAnalysis, let target = scenario.fixedTarget {
                for finding in try CycleLint.check(paths: [sources + target]).findings {
                    fixedClean = false
                    lines.append("  static finding on the fixed twin: \(finding.location.shortDescription) \(finding.message) [\(finding.ruleID)]")
                }
            }
            if fixed != nil && !fixedClean {
                lines.append("  FIXED TWIN NOT CLEAN")
                problem("fixed-not-clean", "\(scenario.fixedTarget ?? scenario.name) is not clean")
            }
        }
        let confirmed = report.findings.filter { $0.status == .confirmed }.count
        lines.append("\n\(scenarios.count) scenarios" + (staticAnalysis ? ", \(confirmed) findings confirmed, \(report.findings.count - confirmed) not reproduced" : "")
                     + ", \(report.problems.count) problem\(report.problems.count == 1 ? "" : "s")")
        return (report, lines)
    }

    /// User class types with more instances alive at exit in the leak run than in the fixed run,
    /// each with the retention cycle through it when the live heap has one.
    static func aliveOnlyInLeak(_ leak: VerifyRun, _ fixed: VerifyRun?) -> [String] {
        leak.aliveAtExit.filter { $0.value > (fixed?.aliveAtExit[$0.key] ?? 0) && !$0.key.hasPrefix("_") }
            .sorted { $0.key < $1.key }
            .map { type, count in
                let cycle = leak.analysis?.retentionCycles(through: type).first.map { "; held by \($0.pathDescription)" } ?? ""
                return "\(count) \(type) alive at exit (fixed twin: \(fixed?.aliveAtExit[type] ?? 0))\(cycle)"
            }
    }
}
