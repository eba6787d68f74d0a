import CycleLintTrackerImage
import Foundation

/// Runs a program with the tracker library preloaded and collects its report.
public struct TraceRunner: Sendable {
    /// How the traced program ended.
    public enum Outcome: Sendable, Equatable, CustomStringConvertible {
        case exited(Int32)
        case signaled(Int32)
        case timedOut(seconds: Double)
        case failedToStart(String)

        public var description: String {
            switch self {
            case .exited(let code): return "exited with status \(code)"
            case .signaled(let signal) where [SIGTERM, SIGINT, SIGHUP, SIGKILL].contains(signal):
                return "was stopped (signal \(signal)\(signal == SIGTERM ? ", SIGTERM" : signal == SIGINT ? ", SIGINT" : signal == SIGKILL ? ", SIGKILL" : ", SIGHUP"))"
            case .signaled(let signal): return "crashed (signal \(signal)\(signal == 11 ? ", SIGSEGV" : signal == 6 ? ", SIGABRT" : signal == 4 ? ", SIGILL" : ""))"
            case .timedOut(let seconds): return "timed out after \(seconds) s and was killed"
            case .failedToStart(let reason): return "could not be started: \(reason)"
            }
        }

        /// The exit code `trace` passes on: the program's own, 128+signal, 124 for a timeout.
        public var exitCode: Int32 {
            switch self {
            case .exited(let code): return code
            case .signaled(let signal): return 128 + signal
            case .timedOut: return 124
            case .failedToStart: return 127
            }
        }
    }

    /// What a traced run produced.
    public struct Result: Sendable {
        public var outcome: Outcome
        public var report: TraceReport
    }

    public var trackerPath: String
    /// Seconds between periodic snapshots (0: only at exit).
    public var snapshotEvery: Double = 0
    /// Kill the program after this many seconds (0: never).
    public var timeout: Double = 0
    /// Record allocation sites (frame-pointer backtraces).
    public var backtraces = true
    /// Where the program's standard output and error go (nil: inherited).
    public var standardOutput: FileHandle?
    public var standardError: FileHandle?
    /// Read the heap when the program crashes or is terminated (a timeout), before it dies, so
    /// that what it allocated until then is still reported. The Swift runtime's own crash
    /// backtracer is turned off for the program, as it would take the crash signals first.
    public var snapshotOnCrash = false
    /// Read the heap when the timeout terminates the program (SIGTERM only; crashes are left to
    /// the program and the runtime's backtracer).
    public var snapshotOnTimeout = false
    /// Variables added to the program's environment.
    public var environment: [String: String] = [:]

    public init(trackerPath: String) {
        self.trackerPath = trackerPath
    }

    /// The tracker library to preload: `explicit` (`--tracker`), else `$CYCLELINT_TRACKER`, else
    /// the library embedded in this executable, written once to a cache folder
    /// (`EmbeddedTracker`). Throws when a given path does not exist or no folder can hold the
    /// embedded one.
    public static func trackerPath(explicit: String? = nil,
                                   environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let given = explicit ?? environment["CYCLELINT_TRACKER"].flatMap { $0.isEmpty ? nil : $0 }
        if let given {
            guard FileManager.default.fileExists(atPath: given) else {
                throw TrackerNotFound(message: "the tracker library \(given) does not exist")
            }
            return given
        }
        do {
            return try EmbeddedTracker.install(environment: environment)
        } catch {
            throw TrackerNotFound(message: "cannot write the embedded tracker library to a cache folder (\(error)); "
                                  + "set CYCLELINT_CACHE_DIR to a writable folder, or pass --tracker")
        }
    }

    /// Why no tracker library could be had.
    public struct TrackerNotFound: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Runs `command` with `arguments` under the tracker and waits for it (or the timeout).
    public func run(_ command: String, _ arguments: [String]) -> Result {
        let reportURL = FileManager.default.temporaryDirectory
            .appendingPathComponent("cyclelint-trace-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: reportURL) }
        let process = Process()
        guard let executable = Self.resolve(command) else {
            return Result(outcome: .failedToStart("\(command): command not found"), report: TraceReport())
        }
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        let preload = environment["LD_PRELOAD"].map { trackerPath + ":" + $0 } ?? trackerPath
        environment["LD_PRELOAD"] = preload
        environment["CYCLELINT_TRACE_OUT"] = reportURL.path
        environment["CYCLELINT_SNAPSHOT_EVERY"] = snapshotEvery > 0 ? String(snapshotEvery) : nil
        environment["CYCLELINT_BACKTRACES"] = backtraces ? "1" : "0"
        if snapshotOnCrash {
            environment["CYCLELINT_CATCH_SIGNALS"] = "1"
            environment["SWIFT_BACKTRACE"] = "enable=no"
        } else if snapshotOnTimeout {
            environment["CYCLELINT_CATCH_SIGNALS"] = "term"
        }
        environment.merge(self.environment) { $1 }
        process.environment = environment
        if let standardOutput { process.standardOutput = standardOutput }
        if let standardError { process.standardError = standardError }
        do { try process.run() } catch {
            return Result(outcome: .failedToStart("\(error)"), report: TraceReport())
        }
        let outcome = wait(for: process)
        let text = (try? String(contentsOf: reportURL, encoding: .utf8)) ?? ""
        var report = TraceReport(parsing: text)
        if text.isEmpty {
            report.error = "the tracker wrote no report (is \(trackerPath) a cyclelint tracker library, and the program dynamically linked?)"
        }
        return Result(outcome: outcome, report: report)
    }

    private func wait(for process: Process) -> Outcome {
        let started = Date()
        if timeout > 0 {
            while process.isRunning {
                if Date().timeIntervalSince(started) > timeout {
                    process.terminate()
                    let grace = Date(), allowed: Double = snapshotOnCrash ? 15 : 2   // time to write the heap
                    while process.isRunning && Date().timeIntervalSince(grace) < allowed { usleep(20_000) }
                    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                    process.waitUntilExit()
                    return .timedOut(seconds: timeout)
                }
                usleep(20_000)
            }
        }
        process.waitUntilExit()
        switch process.terminationReason {
        case .exit: return .exited(process.terminationStatus)
        case .uncaughtSignal: return .signaled(process.terminationStatus)
        @unknown default: return .exited(process.terminationStatus)
        }
    }

    /// A command name resolved through PATH (a path with a slash is used as is).
    static func resolve(_ command: String) -> String? {
        if command.contains("/") { return command }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(command)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
