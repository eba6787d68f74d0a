import ArgumentParser
import CycleLintKit
import CycleLintRuntime
import Foundation

/// `cyclelint verify [PATH]`: runs a package's tests (or a samples package's scenario
/// executables) under the tracker and tells which static findings the run confirmed.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Run a package's tests under the tracker: leaks per test, and static findings confirmed at run time.",
        discussion: """
            Builds the package at PATH (`swift build --build-tests`), runs its test binary under the \
            tracker (XCTest, then Swift Testing), and reports per test the objects it leaked (by type, \
            count and bytes) and the cycles that hold them, attributed by allocation stacks; then, for \
            each finding of `cyclelint check` on the package's Sources: confirmed (its types leaked in a \
            matching cycle), not-reproduced (its types were allocated, nothing leaked) or not-exercised \
            (no test allocated them). Crashes, hangs and build failures are reported as problems.

            A package whose Sources hold `<Scenario>Leak` / `<Scenario>Fixed` executables (like \
            samples/) is verified by running those instead; each fixed twin must be clean.

            Exit status: 1 when a test leaked, a finding is confirmed, or a run crashed or hung; 0 when \
            clean; 2 for usage and build errors. Progress goes to standard error.
            """)

    @Argument(help: "The package to verify (default: the current folder).")
    var path: String = "."

    @Option(help: "Output format: text or json.")
    var format: String = "text"

    @Option(help: "A test name pattern (regular expression over `Module.Suite/test`), as for `swift test --filter`; repeatable.")
    var filter: [String] = []

    @Flag(name: .customLong("skip-build"), help: "Use the test binary from an earlier `swift build --build-tests`.")
    var skipBuild = false

    @Option(help: "Seconds one framework's test run (or one scenario) may take before it is killed as hanging (default: 1200 for tests, 30 per scenario).")
    var timeout: Double?

    @Option(name: .customLong("snapshot-every"), help: "Seconds between allocation-site snapshots while a scenario runs (samples packages).")
    var snapshotEvery: Double = 0.25

    @Option(help: "The tracker library (default: $CYCLELINT_TRACKER, else the one embedded in cyclelint).")
    var tracker: String?

    @Flag(name: .customLong("runtime-only"), help: "Skip the static analysis; only run the tests or scenarios.")
    var runtimeOnly = false

    @OptionGroup var configurationOptions: ConfigurationOptions

    func validate() throws {
        guard ["text", "json"].contains(format) else { throw ValidationError("--format must be text or json") }
        if let timeout, timeout <= 0 { throw ValidationError("--timeout must be positive") }
        for pattern in filter {
            do { _ = try Regex(pattern) } catch { throw ValidationError("--filter \(pattern) is not a regular expression: \(error)") }
        }
    }

    func run() throws {
        let packagePath = URL(fileURLWithPath: path).standardizedFileURL.path
        guard FileManager.default.fileExists(atPath: packagePath + "/Package.swift") else {
            throw usageFailure("verify: no Package.swift in \(packagePath)")
        }
        let trackerPath: String
        do {
            trackerPath = try TraceRunner.trackerPath(explicit: tracker)
        } catch {
            throw usageFailure("verify: \(error)")
        }
        let scenarios = VerifyScenario.discover(packagePath: packagePath)
        let outcome: (report: VerifyReport, text: [String])
        if !scenarios.isEmpty {
            var samples = SamplesVerification(packagePath: packagePath, trackerPath: trackerPath, timeout: timeout ?? 30,
                                              snapshotEvery: snapshotEvery, log: StandardError.write)
            samples.skipBuild = skipBuild
            samples.staticAnalysis = !runtimeOnly
            outcome = try samples.run(scenarios)
        } else {
            let tests = PackageVerification(packagePath: packagePath, trackerPath: trackerPath, timeout: timeout ?? 1200,
                                            filters: filter, skipBuild: skipBuild, log: StandardError.write)
            let report = tests.run(findings: runtimeOnly ? nil : try staticFindings(packagePath: packagePath))
            outcome = (report, VerifyText.lines(for: report))
        }
        let rendered = format == "json" ? VerifyText.json(outcome.report) : outcome.text.joined(separator: "\n") + "\n"
        FileHandle.standardOutput.write(Data(rendered.utf8))
        if outcome.report.problems.contains(where: { $0.kind == "build" }) { throw ExitCode(2) }
        let code = outcome.report.exitCode
        if code != 0 { throw ExitCode(code) }
    }

    /// `cyclelint check` on the package's Sources (the package itself when it has none), with
    /// paths relative to the package, as a check run from its folder reports them.
    private func staticFindings(packagePath: String) throws -> [Finding] {
        let previous = FileManager.default.currentDirectoryPath
        guard FileManager.default.changeCurrentDirectoryPath(packagePath) else {
            throw usageFailure("verify: cannot enter \(packagePath)")
        }
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        let paths = FileManager.default.fileExists(atPath: "Sources") ? ["Sources"] : ["."]
        do {
            let configuration = try configurationOptions.load(paths: paths)
            return try CheckRunner(paths: paths, configuration: configuration, workingDirectory: packagePath).run().report.findings
        } catch let error as CycleLintError {
            throw usageFailure(error.description)
        }
    }
}
