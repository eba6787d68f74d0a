import CycleLintRuntime
import Foundation

/// A runnable scenario pair under a samples package: `<name>Leak` and its fixed twin `<name>Fixed`.
struct VerifyScenario {
    var name: String
    var leakTarget: String?
    var fixedTarget: String?

    /// Scenario pairs found as `Sources/*Leak` / `Sources/*Fixed` directories.
    static func discover(packagePath: String) -> [VerifyScenario] {
        let sources = packagePath + "/Sources"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: sources)) ?? []).sorted()
        var pairs: [String: VerifyScenario] = [:]
        for name in names where !name.hasPrefix(".") {
            if name.hasSuffix("Leak") {
                let base = String(name.dropLast(4))
                pairs[base, default: VerifyScenario(name: base)].leakTarget = name
            } else if name.hasSuffix("Fixed") {
                let base = String(name.dropLast(5))
                pairs[base, default: VerifyScenario(name: base)].fixedTarget = name
            }
        }
        return pairs.values.sorted { $0.name < $1.name }
    }
}

/// What running one scenario executable under the tracker showed.
struct VerifyRun {
    var target: String
    /// nil when the target did not build.
    var result: TraceRunner.Result?
    var buildError: String?
    var leaks: LeakReport
    /// Simple type name → live count at exit (class instances, and `Task` for tasks).
    var aliveAtExit: [String: Int]
    /// Largest site growth between the first and last snapshot, with the site's top frame.
    var growth: (bytes: Int64, frame: String)?
    /// The heap at exit, to explain objects that are alive but not garbage.
    var analysis: HeapAnalysis?

    var ranCleanly: Bool {
        if case .exited(0)? = result?.outcome { return true }
        return false
    }

    /// One line: how the run ended and what it left.
    var summary: String {
        if let buildError { return "did not build: \(buildError)" }
        guard let result else { return "not run" }
        var parts = ["\(result.outcome)"]
        if !result.report.active { parts.append("tracker inactive: \(result.report.error ?? "unknown reason")") }
        if result.report.active && result.report.final == nil { parts.append("no exit snapshot") }
        parts.append(leaks.isClean ? "no leaked objects" : leaks.description.replacingOccurrences(of: "\n", with: "\n      "))
        if let growth, growth.bytes > 0 { parts.append("largest site growth +\(growth.bytes) bytes at \(growth.frame)") }
        return parts.joined(separator: "; ")
    }
}

/// Builds a samples package and runs its scenario executables under the tracker.
struct VerifyRunner {
    var packagePath: String
    var trackerPath: String
    var timeout: Double
    var snapshotEvery: Double
    var log: (String) -> Void

    /// Builds every product; on failure builds each scenario alone to tell which ones fail.
    /// Returns the bin path and per-target build errors.
    func build(targets: [String]) -> (binPath: String?, errors: [String: String]) {
        let whole = Self.shell(["swift", "build", "--package-path", packagePath], timeout: 1800)
        var errors: [String: String] = [:]
        if whole.status != 0 {
            log("samples package did not build as a whole; building scenarios one by one")
            for target in targets {
                let one = Self.shell(["swift", "build", "--package-path", packagePath, "--product", target], timeout: 900)
                if one.status != 0 { errors[target] = Self.firstError(in: one.output) }
            }
        }
        return (binPath(), errors)
    }

    /// The build's bin folder (`swift build --show-bin-path`), nil when that fails.
    func binPath() -> String? {
        let bin = Self.shell(["swift", "build", "--package-path", packagePath, "--show-bin-path"], timeout: 300)
        return bin.status == 0 ? bin.output.split(separator: "\n").last.map(String.init) : nil
    }

    func run(target: String, binPath: String) -> VerifyRun {
        var runner = TraceRunner(trackerPath: trackerPath)
        runner.timeout = timeout
        runner.snapshotEvery = snapshotEvery
        runner.standardOutput = FileHandle.nullDevice
        runner.standardError = FileHandle.nullDevice
        let result = runner.run(binPath + "/" + target, [])
        let report = result.report
        var alive: [String: Int] = [:]
        // Class instances and tasks (a task suspended forever keeps what it captured).
        for object in report.graph.objects where object.kind == 0 || object.kind == 0x502 {
            alive[Self.simpleName(object.type), default: 0] += 1
        }
        let sites = report.sites(symbolicator: Symbolicator(), limit: 5)
        let top = sites.max { $0.growth < $1.growth }
        let analysis = HeapAnalysis(graph: report.graph)
        return VerifyRun(target: target, result: result, buildError: nil, leaks: analysis.report(), aliveAtExit: alive,
                         growth: top.map { ($0.growth, $0.frames.first ?? "?") }, analysis: analysis)
    }

    static func simpleName(_ type: String) -> String {
        let base = type.split(separator: "<").first.map(String.init) ?? type
        return base.split(separator: ".").last.map(String.init) ?? base
    }

    static func firstError(in output: String) -> String {
        output.split(separator: "\n").first { $0.contains("error:") }.map { String($0) } ?? "swift build failed"
    }

    /// Runs a command with a time limit, capturing its combined output.
    static func shell(_ arguments: [String], timeout: Double) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (127, "\(error)") }
        let collected = CollectedOutput()
        let reader = Thread { collected.data = pipe.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let started = Date()
        while process.isRunning {
            if Date().timeIntervalSince(started) > timeout {
                process.terminate()
                process.waitUntilExit()
                return (124, "timed out after \(Int(timeout)) s")
            }
            usleep(50_000)
        }
        process.waitUntilExit()
        while !reader.isFinished { usleep(10_000) }
        return (process.terminationStatus, String(decoding: collected.data, as: UTF8.self))
    }
}

/// Output read on a reader thread; read back only after that thread finished.
private final class CollectedOutput: @unchecked Sendable {
    var data = Data()
}
