import ArgumentParser
import CycleLintKit
import CycleLintRuntime
import Foundation

struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Run a Swift executable under the tracking allocator and report leaked objects, cycles and allocation sites.",
        discussion: """
            The program's own output and exit status pass through (128+N when killed by signal N, 124 on \
            timeout). The report goes to standard output after the program ends, or to --output.
            """)

    @Option(help: "Output format: text or json.")
    var format: String = "text"

    @Option(name: .customLong("snapshot-every"), help: "Take a snapshot of allocation sites every SECONDS (growth between snapshots).")
    var snapshotEvery: Double = 0

    @Option(help: "Kill the program after SECONDS (0: no limit).")
    var timeout: Double = 0

    @Option(help: "Write the report to FILE instead of standard output.")
    var output: String?

    @Option(help: "The tracker library (default: $CYCLELINT_TRACKER, else libCycleLintTracker.so next to cyclelint).")
    var tracker: String?

    @Flag(name: .customLong("no-sites"), help: "Do not record allocation sites (faster).")
    var noSites = false

    @Flag(name: .customLong("fail-on-leaks"), help: "Exit 1 when the program exited 0 but leaked objects.")
    var failOnLeaks = false

    @Argument(parsing: .captureForPassthrough, help: "-- COMMAND [ARGS...]")
    var command: [String] = []

    func validate() throws {
        guard ["text", "json"].contains(format) else { throw ValidationError("--format must be text or json") }
        guard snapshotEvery >= 0, timeout >= 0 else { throw ValidationError("--snapshot-every and --timeout must not be negative") }
        guard !programArguments.isEmpty else { throw ValidationError("missing the command to trace: cyclelint trace -- COMMAND [ARGS...]") }
    }

    private var programArguments: [String] { command.first == "--" ? Array(command.dropFirst()) : command }

    func run() throws {
        guard let trackerPath = tracker ?? TraceRunner.defaultTrackerPath() else {
            FileHandle.standardError.write(Data("""
                cyclelint trace: cannot find libCycleLintTracker.so next to cyclelint; build it with \
                `swift build --product CycleLintTracker` or pass --tracker / set CYCLELINT_TRACKER\n
                """.utf8))
            throw ExitCode(2)
        }
        var runner = TraceRunner(trackerPath: trackerPath)
        runner.snapshotEvery = snapshotEvery
        runner.timeout = timeout
        runner.backtraces = !noSites
        let arguments = programArguments
        let result = runner.run(arguments[0], Array(arguments.dropFirst()))
        if case .failedToStart(let reason) = result.outcome {
            FileHandle.standardError.write(Data("cyclelint trace: \(reason)\n".utf8))
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
            print(text)
        }
        if !rendered.active {
            FileHandle.standardError.write(Data("cyclelint trace: \(rendered.error ?? "tracker inactive")\n".utf8))
        }
        let code = result.outcome.exitCode
        if code == 0 && failOnLeaks && !rendered.leaked.isEmpty { throw ExitCode(1) }
        if code != 0 { throw ExitCode(code) }
    }
}
