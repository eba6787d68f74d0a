import ArgumentParser
import CycleLintKit
import CycleLintRuntime
import Foundation

/// `cyclelint trace -- COMMAND [ARGS...]`: runs a program under the tracking allocator and
/// reports what it leaked.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Run a Swift executable under the tracking allocator and report leaked objects, cycles and allocation sites.",
        usage: "cyclelint trace [OPTIONS] -- COMMAND [ARGS...]",
        discussion: """
            Everything after `--` is the program and its arguments. The program's standard error and \
            exit status pass through (128+N when killed by signal N, 124 on timeout). The report goes \
            to standard output after the program ends, or to --output. The program's standard output \
            passes through too, except with --format json and no --output: then standard output is \
            exactly the JSON report, and the program's output goes to standard error.
            """)

    @Option(help: "Output format: text or json.")
    var format: String = "text"

    @Option(name: .customLong("snapshot-every"), help: "Take a snapshot of allocation sites every SECONDS (growth between snapshots).")
    var snapshotEvery: Double = 0

    @Option(help: "Stop the program after SECONDS (0: no limit); the heap is read as it stops.")
    var timeout: Double = 0

    @Option(help: "Write the report to FILE instead of standard output.")
    var output: String?

    @Option(help: "The tracker library (default: $CYCLELINT_TRACKER, else the one embedded in cyclelint).")
    var tracker: String?

    @Flag(name: .customLong("no-sites"), help: "Do not record allocation sites (faster).")
    var noSites = false

    @Flag(name: .customLong("fail-on-leaks"), help: "Exit 1 when the program exited 0 but leaked objects.")
    var failOnLeaks = false

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("The program to run and its arguments, after `--`.", valueName: "command"))
    var command: [String] = []

    func validate() throws {
        // Arguments before `--` that the options did not take: only a request for help is one.
        if let first = command.first, first != "--", ["-h", "--help", "-help"].contains(first) {
            throw CleanExit.helpRequest(self)
        }
        guard ["text", "json"].contains(format) else { throw ValidationError("--format must be text or json") }
        guard snapshotEvery >= 0, timeout >= 0 else { throw ValidationError("--snapshot-every and --timeout must not be negative") }
        guard !programArguments.isEmpty else { throw ValidationError("missing the command to trace: cyclelint trace -- COMMAND [ARGS...]") }
    }

    private var programArguments: [String] { command.first == "--" ? Array(command.dropFirst()) : command }

    /// Standard output carries only the JSON document when it is the report's destination.
    private var jsonOnStandardOutput: Bool { format == "json" && output == nil }

    func run() throws {
        let trackerPath: String
        do {
            trackerPath = try TraceRunner.trackerPath(explicit: tracker)
        } catch {
            throw usageFailure("trace: \(error)")
        }
        var runner = TraceRunner(trackerPath: trackerPath)
        runner.snapshotEvery = snapshotEvery
        runner.timeout = timeout
        runner.snapshotOnTimeout = timeout > 0   // a server stopped by the timeout is still reported
        runner.backtraces = !noSites
        if jsonOnStandardOutput { runner.standardOutput = FileHandle.standardError }
        let arguments = programArguments
        let result = runner.run(arguments[0], Array(arguments.dropFirst()))
        if case .failedToStart(let reason) = result.outcome {
            StandardError.write("cyclelint trace: \(reason)")
            throw ExitCode(127)
        }
        let rendered = TraceOutput(result: result)
        let text = format == "json" ? rendered.json() : rendered.text()
        if let output {
            do {
                try AtomicFile.write(text + "\n", to: output)
            } catch {
                FileHandle.standardError.write(Data("cyclelint trace: cannot write \(output): \(error)\n".utf8))
                throw ExitCode(2)
            }
        } else {
            FileHandle.standardOutput.write(Data((text + "\n").utf8))
        }
        if !rendered.active {
            StandardError.write("cyclelint trace: \(rendered.error ?? "tracker inactive")")
        }
        let code = result.outcome.exitCode
        if code == 0 && failOnLeaks && !rendered.leaked.isEmpty { throw ExitCode(1) }
        if code != 0 { throw ExitCode(code) }
    }
}
