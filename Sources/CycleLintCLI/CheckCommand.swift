import ArgumentParser
import CycleLintKit
import Foundation

/// `cyclelint check`: analyse, filter (configuration, suppressions, baseline), report, and
/// exit 0 (nothing failing), 1 (findings at or above the failing severity) or 2 (error).
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Report reference cycles in Swift sources.",
        discussion: """
        Exit status: 0 when no finding is at or above the failing severity, 1 when there are \
        such findings, 2 for usage, configuration or I/O errors (message on stderr).
        """)

    @Argument(help: "Files or folders to analyse (default: `included` from the configuration, else the current folder).")
    var paths: [String] = []

    @Option(help: ArgumentHelp("Output format: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "format"))
    var format: String = "text"

    @Option(help: ArgumentHelp("Write the report to this file instead of stdout.", valueName: "file"))
    var output: String?

    @OptionGroup var configurationOptions: ConfigurationOptions

    @Option(help: ArgumentHelp("Hide findings listed in this baseline (default: `baseline` from the configuration).", valueName: "file"))
    var baseline: String?

    @Option(name: .customLong("write-baseline"), help: ArgumentHelp("Record the current findings as the baseline in this file; nothing is then reported.", valueName: "file"))
    var writeBaseline: String?

    @Option(help: "Worker threads for the analysis (default: all cores).")
    var jobs: Int = 0

    @OptionGroup var cacheOptions: CacheOptions

    @Option(help: ArgumentHelp("The libclang to load for C and Objective-C sources (default: CYCLELINT_LIBCLANG, else the usual LLVM and toolchain locations).", valueName: "path"))
    var libclang: String?

    @Flag(help: "Treat warnings as errors: they are reported as errors and fail the run.")
    var strict = false

    @Option(name: .customLong("fail-on"), help: ArgumentHelp("Lowest severity that fails the run: error, warning (default) or never.", valueName: "severity"))
    var failOn: String?

    @Option(name: .customLong("base-path"), help: ArgumentHelp("Folder that paths in sarif, github, gitlab and junit output are relative to (default: the current folder).", valueName: "dir"))
    var basePath: String?

    @Option(help: ArgumentHelp("Colour text output: auto, always or never (auto honours NO_COLOR).", valueName: "when"))
    var color: String = "auto"

    @Flag(help: "No progress display and no summary line on stderr.")
    var quiet = false

    @Option(name: .customLong("runtime-report"), help: ArgumentHelp("A `cyclelint verify --format json` report: each finding gets the status the run showed (confirmed, not-reproduced, not-exercised), in SARIF as a result property and in the message.", valueName: "file"))
    var runtimeReport: String?

    @Option(help: ArgumentHelp("Create this empty file when the run passes (for build systems such as the build-tool plugin).", valueName: "file", visibility: .hidden))
    var stamp: String?

    func validate() throws {
        guard ReportFormat(rawValue: format) != nil else {
            throw ValidationError("unknown format '\(format)'; expected one of \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard ColorMode(rawValue: color) != nil else {
            throw ValidationError("unknown --color '\(color)'; expected auto, always or never")
        }
        if let failOn, FailurePolicy(rawValue: failOn) == nil {
            throw ValidationError("unknown --fail-on '\(failOn)'; expected error, warning or never")
        }
        if strict && failOn == FailurePolicy.never.rawValue {
            throw ValidationError("--strict and --fail-on never contradict each other")
        }
        guard jobs >= 0 else { throw ValidationError("--jobs must be 0 (all cores) or more") }
    }

    func run() throws {
        let cwd = FileManager.default.currentDirectoryPath
        let format = ReportFormat(rawValue: format)!
        let policy = failOn.flatMap(FailurePolicy.init(rawValue:)) ?? .warning
        // The engine reads the library's path from the environment, as `CYCLELINT_LIBCLANG` would give it.
        if let libclang { setenv("CYCLELINT_LIBCLANG", libclang, 1) }
        do {
            let configuration = try configurationOptions.load(paths: paths)
            let factsCache = cacheOptions.factsCache()
            var runner = CheckRunner(paths: paths, configuration: configuration, workingDirectory: cwd,
                                     strict: strict, jobs: jobs, factsCache: factsCache,
                                     resultCache: factsCache.map(ResultCache.init(beside:)))
            if writeBaseline == nil {
                runner.baseline = try loadBaseline(configuration: configuration, cwd: cwd)
            }
            let progress = ProgressIndicator(label: "cyclelint: analysing \(runner.effectivePaths.joined(separator: " "))")
            progress.start(enabled: !quiet && StandardError.isTerminal)
            let outcome: CheckRunner.Outcome
            do {
                outcome = try runner.run()
                progress.finish()
            } catch {
                progress.finish()
                throw error
            }
            var report = outcome.report
            if let runtimeReport {
                report.findings = try RuntimeReport(path: ReportPaths.absolute(runtimeReport, against: cwd)).annotate(report.findings)
            }
            if let writeBaseline {
                let path = ReportPaths.absolute(writeBaseline, against: cwd)
                try Baseline(findings: outcome.unbaselinedFindings).write(to: path)
                report.baselinedCount = outcome.unbaselinedFindings.count
                report.findings = []
                StandardError.write("cyclelint: wrote \(outcome.unbaselinedFindings.count) finding(s) to baseline \(writeBaseline)")
            }
            for diagnostic in report.diagnostics {
                StandardError.write("\(diagnostic.file): warning: \(diagnostic.message)")
            }
            if let statistics = outcome.cacheStatistics, statistics.failedWrites > 0, let cache = runner.factsCache {
                StandardError.write("cyclelint: warning: \(statistics.failedWrites) facts cache entr\(statistics.failedWrites == 1 ? "y" : "ies") not written in \(cache.directory): \(statistics.firstWriteFailure ?? "unknown error")")
            }
            let options = ReportOptions(
                basePath: basePath, workingDirectory: cwd,
                color: format == .text && ColorMode(rawValue: color)!.isEnabled(
                    isTerminal: StandardError.stdoutIsTerminal, writingToFile: output != nil,
                    environment: ProcessInfo.processInfo.environment))
            let rendered = format.reporter(options: options).render(report)
            try emit(rendered)
            if !quiet { StandardError.write(summary(report)) }
            let status = policy.exitCode(for: report.findings)
            if status != 0 { throw ExitCode(status) }
            if let stamp, !FileManager.default.createFile(atPath: stamp, contents: Data()) {
                throw CycleLintError.unreadablePath(stamp, reason: "cannot write stamp file")
            }
        } catch let error as CycleLintError {
            throw usageFailure(error.description)
        }
    }

    private func loadBaseline(configuration: Configuration, cwd: String) throws -> Baseline? {
        if let baseline { return try Baseline.load(path: ReportPaths.absolute(baseline, against: cwd)) }
        guard let configured = configuration.baseline else { return nil }
        guard FileManager.default.fileExists(atPath: configured) else {
            StandardError.write("\(configuration.files.first ?? ConfigurationLoader.fileName): warning: baseline \(configured) does not exist yet; reporting every finding (create it with --write-baseline)")
            return nil
        }
        return try Baseline.load(path: configured)
    }

    private func emit(_ text: String) throws {
        guard let output else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try AtomicFile.write(text, to: output)
        } catch {
            throw CycleLintError.unwritablePath(output, reason: "\(error)")
        }
    }

    private func summary(_ report: CheckReport) -> String {
        func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
        var text = "cyclelint: " + count(report.findings.count, "finding")
        let bySeverity = [(report.count(.error), "error"), (report.count(.warning), "warning"), (report.count(.note), "note")]
            .filter { $0.0 > 0 }.map { count($0.0, $0.1) }
        if !bySeverity.isEmpty { text += " (\(bySeverity.joined(separator: ", ")))" }
        text += " in " + count(report.filesAnalyzed, "file")
        var extra: [String] = []
        if report.suppressedCount > 0 { extra.append("\(report.suppressedCount) suppressed") }
        if report.baselinedCount > 0 { extra.append("\(report.baselinedCount) baselined") }
        return text + (extra.isEmpty ? "" : "; " + extra.joined(separator: ", "))
    }
}
