import ArgumentParser
import CycleLintKit
import CycleLintRuntime
import Foundation

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Confirm static findings by running the samples under the tracker.",
        discussion: """
            Builds the package at PATH (default: ./samples), runs every `<Scenario>Leak` and \
            `<Scenario>Fixed` executable under the tracker with a timeout, runs `check` on each \
            scenario's sources, and prints each finding as confirmed or not reproduced, with the \
            runtime path beside the static one. Fixed twins must be clean. Exit 0 when all is as \
            expected, 1 otherwise, 2 on usage errors.
            """)

    @Argument(help: "The samples package (default: ./samples).")
    var path: String = "samples"

    @Option(help: "Seconds each scenario may run before it is killed and reported as hanging.")
    var timeout: Double = 30

    @Option(name: .customLong("snapshot-every"), help: "Seconds between allocation-site snapshots while a scenario runs.")
    var snapshotEvery: Double = 0.25

    @Option(help: "The tracker library (default: $CYCLELINT_TRACKER, else libCycleLintTracker.so next to cyclelint).")
    var tracker: String?

    @Flag(name: .customLong("runtime-only"), help: "Skip the static analysis; only run the scenarios.")
    var runtimeOnly = false

    func run() throws {
        let packagePath = URL(fileURLWithPath: path).standardizedFileURL.path
        guard FileManager.default.fileExists(atPath: packagePath + "/Package.swift") else {
            FileHandle.standardError.write(Data("cyclelint verify: no Package.swift in \(packagePath)\n".utf8))
            throw ExitCode(2)
        }
        guard let trackerPath = tracker ?? TraceRunner.defaultTrackerPath() else {
            FileHandle.standardError.write(Data("cyclelint verify: cannot find libCycleLintTracker.so; pass --tracker or set CYCLELINT_TRACKER\n".utf8))
            throw ExitCode(2)
        }
        let scenarios = VerifyScenario.discover(packagePath: packagePath)
        guard !scenarios.isEmpty else {
            FileHandle.standardError.write(Data("cyclelint verify: no *Leak / *Fixed targets under \(packagePath)/Sources\n".utf8))
            throw ExitCode(2)
        }
        let runner = VerifyRunner(packagePath: packagePath, trackerPath: trackerPath, timeout: timeout,
                                  snapshotEvery: snapshotEvery, log: { print("note: \($0)") })
        let targets = scenarios.flatMap { [$0.leakTarget, $0.fixedTarget].compactMap { $0 } }
        print("building \(packagePath) (\(targets.count) scenario executables)…")
        let (binPath, buildErrors) = runner.build(targets: targets)
        var failures = 0
        var confirmed = 0, notReproduced = 0
        for scenario in scenarios {
            print("\n\(scenario.name)")
            func execute(_ target: String?) -> VerifyRun? {
                guard let target else { return nil }
                if let error = buildErrors[target] ?? (binPath == nil ? "swift build failed" : nil) {
                    return VerifyRun(target: target, result: nil, buildError: error, leaks: LeakReport(), aliveAtExit: [:],
                                     growth: nil, analysis: nil)
                }
                return runner.run(target: target, binPath: binPath!)
            }
            let leak = execute(scenario.leakTarget)
            let fixed = execute(scenario.fixedTarget)
            if let leak {
                print("  \(leak.target): \(leak.summary)")
                if !leak.ranCleanly { failures += 1 }
            } else {
                print("  (no Leak target)")
            }
            var fixedClean = true
            if let fixed {
                let grew = (fixed.growth?.bytes ?? 0) >= VerifyMatching.growthThreshold
                fixedClean = fixed.ranCleanly && fixed.result?.report.active == true && fixed.leaks.isClean && !grew
                print("  \(fixed.target): \(fixed.summary)")
            } else {
                print("  (no Fixed target)")
            }
            let extraAlive = leak.map { Self.aliveOnlyInLeak($0, fixed) } ?? []
            let reproduced = leak.map { !$0.leaks.isClean || ($0.growth?.bytes ?? 0) >= VerifyMatching.growthThreshold || !extraAlive.isEmpty } ?? false
            if let leak, leak.leaks.isClean {
                for line in extraAlive { print("  runtime: \(line)") }
            }
            guard !runtimeOnly else {
                if let leak, leak.ranCleanly, !reproduced {
                    print("  NOT REPRODUCED: the leak scenario left nothing leaked, alive or growing")
                    failures += 1
                }
                if fixed != nil && !fixedClean { print("  FIXED TWIN NOT CLEAN"); failures += 1 }
                continue
            }
            let sources = packagePath + "/Sources/"
            if let target = scenario.leakTarget, let leak {
                let findings = try CycleLint.check(paths: [sources + target]).findings
                if findings.isEmpty {
                    print("  static: no findings on \(target)" + (reproduced ? " (MISSED: the runtime shows a leak)" : ""))
                    if reproduced { failures += 1 }
                }
                for finding in findings {
                    let place = "\(finding.location.shortDescription) [\(finding.ruleID)]"
                    let staticPath = finding.path.map(\.description).joined(separator: " → ")
                    switch VerifyMatching.verdict(for: finding, leak: leak, fixed: fixed) {
                    case .confirmedCycle(let cycle):
                        confirmed += 1
                        print("  confirmed      \(place) \(finding.message)")
                        print("      runtime: \(cycle.pathDescription)")
                    case .confirmedAlive(let type, let leakCount, let fixedCount):
                        confirmed += 1
                        print("  confirmed      \(place) \(finding.message)")
                        print("      runtime: \(leakCount) \(type) alive at exit (fixed twin: \(fixedCount)), held from outside the heap graph")
                    case .confirmedGrowth(let bytes, let frame):
                        confirmed += 1
                        print("  confirmed      \(place) \(finding.message)")
                        print("      runtime: +\(bytes) bytes between snapshots at \(frame)")
                    case .notReproduced:
                        notReproduced += 1
                        failures += 1
                        print("  not reproduced \(place) \(finding.message)")
                        let runtime = leak.leaks.cycles.map(\.pathDescription).joined(separator: "; ")
                        print("      runtime: \(runtime.isEmpty ? "no cycle" : runtime)")
                    }
                    if !staticPath.isEmpty { print("      static:  \(staticPath)") }
                }
            }
            if let target = scenario.fixedTarget {
                let findings = try CycleLint.check(paths: [sources + target]).findings
                for finding in findings {
                    fixedClean = false
                    print("  static finding on the fixed twin: \(finding.location.shortDescription) \(finding.message) [\(finding.ruleID)]")
                }
            }
            if fixed != nil && !fixedClean { print("  FIXED TWIN NOT CLEAN"); failures += 1 }
        }
        print("\n\(scenarios.count) scenarios" + (runtimeOnly ? "" : ", \(confirmed) findings confirmed, \(notReproduced) not reproduced")
              + ", \(failures) problem\(failures == 1 ? "" : "s")")
        if failures > 0 { throw ExitCode(1) }
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
