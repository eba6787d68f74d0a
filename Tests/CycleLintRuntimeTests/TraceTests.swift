import CycleLintRuntime
import Foundation
import Testing

/// The tracker library: the one embedded in CycleLintRuntime, written to the cache folder.
func trackerPath() throws -> String {
    try TraceRunner.trackerPath()
}

func trace(_ scenario: String, level: String = "-Onone", snapshotEvery: Double = 0, timeout: Double = 20,
           extraFlags: [String] = []) throws -> TraceRunner.Result {
    var runner = TraceRunner(trackerPath: try trackerPath())
    runner.timeout = timeout
    runner.snapshotEvery = snapshotEvery
    runner.standardOutput = FileHandle.nullDevice
    runner.standardError = FileHandle.nullDevice
    return runner.run(try ScenarioProgram.executable(level, extraFlags: extraFlags), [scenario])
}

@Suite("cyclelint trace on child processes", .serialized)
struct TraceTests {
    static let cycles: [(scenario: String, types: [String])] = [
        ("closure", ["Conn"]),
        ("delegate", ["Owner", "Helper"]),
        ("stored-error", ["Response", "Connection", "ProtocolHandler"]),
        ("children", ["Parent", "Child"]),
        ("ring", ["RingA", "RingB", "RingC"]),
    ]

    @Test("known cycles are found with their types", arguments: ["-Onone", "-O"], 0..<5)
    func knownCycles(level: String, index: Int) throws {
        let (scenario, types) = Self.cycles[index]
        let result = try trace(scenario, level: level)
        #expect(result.outcome == .exited(0))
        #expect(result.report.active, "\(result.report.error ?? "")")
        #expect(result.report.final != nil)
        let leaks = result.report.leaks
        #expect(leaks.hasCycle(through: types), "\(scenario) \(level): \(leaks)")
        for type in types { #expect(leaks.leaked.contains { $0.type == type }, "\(type) not leaked: \(leaks)") }
    }

    @Test("non-cycles are clean", arguments: ["-Onone", "-O"],
          ["closure-weak", "closure-unowned", "delegate-weak", "stored-error-fixed", "children-weak", "global-ring", "plain",
           "global-dictionary"])
    func nonCycles(level: String, scenario: String) throws {
        let result = try trace(scenario, level: level)
        #expect(result.outcome == .exited(0))
        #expect(result.report.active)
        #expect(result.report.final != nil)
        #expect(!result.report.graph.objects.isEmpty, "the exit snapshot saw no objects at all")
        #expect(result.report.leaks.isClean, "\(scenario) \(level): \(result.report.leaks)")
    }

    @Test("the stored-error cycle path names fields and the error box")
    func storedErrorPath() throws {
        let cycle = try #require(try trace("stored-error").report.leaks.cycles.first)
        #expect(cycle.pathDescription.contains("Response.connection"), "\(cycle.pathDescription)")
        #expect(cycle.pathDescription.contains("ProtocolHandler.storedError"), "\(cycle.pathDescription)")
        #expect(cycle.pathDescription.contains("Error<ResponseError>"), "\(cycle.pathDescription)")
    }

    @Test("a closure context is named by its captures")
    func closureNames() throws {
        // At -Onone the closure context holds `self` only, so the context is `self` itself.
        let cycle = try #require(try trace("closure").report.leaks.cycles.first)
        #expect(cycle.pathDescription.hasPrefix("Conn.onClose"), "\(cycle.pathDescription)")
    }

    @Test("threads allocate while snapshots are taken; the ring made on a worker is found")
    func multithreaded() throws {
        let result = try trace("threads", snapshotEvery: 0.005, timeout: 60)
        #expect(result.outcome == .exited(0))
        #expect(result.report.snapshots.count >= 1)
        #expect(result.report.leaks.hasCycle(through: ["RingA", "RingB", "RingC"]), "\(result.report.leaks)")
        // 4 threads × 500 kept pairs are alive only until their thread's closure ends.
        #expect(result.report.leaks.leaked.allSatisfy { $0.type.hasPrefix("Ring") }, "\(result.report.leaks)")
    }

    @Test("allocation sites are symbolicated to the Swift function that allocated")
    func sites() throws {
        let result = try trace("children")
        let sites = result.report.sites(symbolicator: Symbolicator())
        #expect(sites.contains { site in site.frames.contains { $0.contains("scenario") } }, "\(sites)")
        #expect(sites.contains { site in site.frames.contains { $0.contains("Child") } }, "\(sites)")
    }

    @Test("a program stopped by SIGTERM or SIGINT (a service manager, Ctrl-C) is stopped, not crashed")
    func stoppedIsNotCrashed() {
        #expect(TraceRunner.Outcome.signaled(SIGTERM).description == "was stopped (signal 15, SIGTERM)")
        #expect(TraceRunner.Outcome.signaled(SIGINT).description == "was stopped (signal 2, SIGINT)")
        #expect(TraceRunner.Outcome.signaled(SIGSEGV).description == "crashed (signal 11, SIGSEGV)")
        #expect(TraceRunner.Outcome.signaled(SIGTERM).exitCode == 143)
    }

    @Test("a crash and a hang are reported, not waited for")
    func crashAndHang() throws {
        let crashed = try trace("crash")
        #expect(crashed.outcome == .signaled(4) || crashed.outcome == .signaled(5) || crashed.outcome == .signaled(6),
                "\(crashed.outcome)")
        #expect(crashed.report.final == nil)
        let started = Date()
        let hung = try trace("hang", timeout: 1)
        #expect(hung.outcome == .timedOut(seconds: 1))
        #expect(Date().timeIntervalSince(started) < 10)
        let output = TraceOutput(result: hung)
        #expect(output.error?.contains("timed out") == true)
        // With the heap read as the timeout stops it, what the program leaked is still reported.
        var runner = TraceRunner(trackerPath: try trackerPath())
        runner.timeout = 6   // long enough for the program to have started, even on a loaded machine
        runner.snapshotOnTimeout = true
        runner.standardOutput = FileHandle.nullDevice
        let stopped = runner.run(try ScenarioProgram.executable("-Onone"), ["leak-then-run"])
        #expect(stopped.outcome == .timedOut(seconds: 6))
        #expect(stopped.report.stoppedBy == "signal 15", "\(stopped.report.stoppedBy ?? "nil")")
        #expect(stopped.report.leaks.hasCycle(through: ["RingA", "RingB", "RingC"]), "\(stopped.report.leaks)")
    }

    @Test("the tracker refuses, with a reason, where it cannot work")
    func inactive() throws {
        var runner = TraceRunner(trackerPath: try trackerPath())
        runner.standardOutput = FileHandle.nullDevice
        let notSwift = runner.run("/bin/true", [])
        #expect(!notSwift.report.active)
        #expect(notSwift.report.error?.contains("no Swift runtime in this process") == true, "\(notSwift.report.error ?? "nil")")
        let output = TraceOutput(result: notSwift)
        #expect(output.json().contains("\"active\":false"))
        #expect(output.json().contains("\"error\""))

        let staticStdlib = try trace("plain", extraFlags: ["-static-stdlib"])
        #expect(staticStdlib.outcome == .exited(0))
        #expect(!staticStdlib.report.active)
        #expect(staticStdlib.report.error?.contains("static") == true, "\(staticStdlib.report.error ?? "nil")")
    }

    @Test("JSON follows the contract")
    func json() throws {
        let output = TraceOutput(result: try trace("ring"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.json().utf8)) as? [String: Any])
        #expect(object["version"] as? Int == 1)
        #expect(object["active"] as? Bool == true)
        let leaked = try #require(object["leaked"] as? [[String: Any]])
        #expect(leaked.contains { $0["type"] as? String == "RingA" && $0["count"] as? Int == 1 && ($0["bytes"] as? Int ?? 0) > 0 })
        let cycles = try #require(object["cycles"] as? [[String: Any]])
        let path = try #require(cycles.first?["path"] as? [[String: String]])
        #expect(path.map { $0["type"] ?? "" } == ["RingA", "RingB", "RingC"])
        #expect(path.map { $0["via"] ?? "" } == ["next", "next", "next"])
        let sites = try #require(object["sites"] as? [[String: Any]])
        #expect(sites.allSatisfy { $0["frames"] is [String] && $0["bytes"] != nil && $0["count"] != nil && $0["growth"] != nil })
    }

    @Test("unbounded AsyncStream: the producer's site grows between snapshots; the bounded fix does not")
    func unboundedStream() throws {
        func run(_ target: String) throws -> [TraceReport.Site] {
            var runner = TraceRunner(trackerPath: try trackerPath())
            runner.snapshotEvery = 0.2
            runner.timeout = 30
            runner.standardOutput = FileHandle.nullDevice
            let result = runner.run(try ScenarioProgram.sample(target), [])
            #expect(result.outcome == .exited(0))
            #expect(result.report.snapshots.count >= 3)
            return result.report.sites(symbolicator: Symbolicator())
        }
        let leak = try run("UnboundedStreamLeak")
        let top = try #require(leak.max { $0.growth < $1.growth })
        #expect(top.growth > 4 << 20, "\(leak)")
        #expect(top.frames.contains { $0.contains("Message") || $0.contains("produce") }, "\(top.frames)")
        let fixed = try run("UnboundedStreamFixed")
        #expect(fixed.allSatisfy { $0.growth < 256 << 10 }, "\(fixed)")
    }

    @Test("a Task loop keeping self: tracked tasks show the retention cycle", arguments: ["-Onone", "-O"])
    func taskLoop(level: String) throws {
        let result = try trace("task-loop", level: level)
        #expect(result.outcome == .exited(0))
        let analysis = HeapAnalysis(graph: result.report.graph)
        #expect(result.report.graph.objects.contains { $0.type == "Task" && $0.kind == 0x502 })
        let cycle = try #require(analysis.retentionCycles(through: "Poller").first, "\(analysis.report())")
        #expect(cycle.types.contains("Task"), "\(cycle.pathDescription)")
        #expect(cycle.pathDescription.hasPrefix("Poller.task → Task"), "\(cycle.pathDescription)")
        // Alive through the running task only: reported apart from the leaks, in the text.
        #expect(analysis.taskRetentions().map(\.cycle.pathDescription) == [cycle.pathDescription])
        let output = TraceOutput(result: result)
        #expect(output.leaked.allSatisfy { $0.type != "Poller" }, "\(output.leaked)")
        #expect(output.text().contains("alive only through a running task that nothing else holds"), "\(output.text())")
        #expect(!output.json().contains("taskRetentions"))
    }

    @Test("a task whose owner is still held is not a task retention")
    func heldTaskLoop() throws {
        let result = try trace("task-loop-held")
        #expect(result.outcome == .exited(0))
        #expect(HeapAnalysis(graph: result.report.graph).taskRetentions().isEmpty)
    }

    @Test("robust under real programs: worker pools, tasks and actors, fork and exec, exit from a background thread",
          arguments: [("concurrent-perform", ["Plain", "[Int]"]), ("concurrency", ["RingA", "RingB", "RingC"]),
                      ("fork-exec", ["RingA", "RingB", "RingC"]), ("exit-from-thread", ["RingA", "RingB", "RingC"])])
    func robustness(scenario: String, cycle: [String]) throws {
        let result = try trace(scenario, timeout: 60)
        #expect(result.outcome == .exited(0), "\(scenario): \(result.outcome)")
        #expect(result.report.active && result.report.complete, "\(scenario): \(result.report.error ?? "")")
        #expect(result.report.final != nil, "\(scenario)")
        let leaks = result.report.leaks
        #expect(leaks.hasCycle(through: cycle.filter { !$0.hasPrefix("[") }), "\(scenario): \(leaks)")
        #expect(Set(leaks.leaked.map(\.type)).isSubset(of: Set(cycle)), "\(scenario): \(leaks)")
    }

    @Test("stale pointers in an array's spare capacity are not references", arguments: ["-Onone", "-O"])
    func staleCapacity(level: String) throws {
        let leaks = try trace("stale-capacity", level: level).report.leaks
        #expect(leaks.hasCycle(through: ["Holder"]), "\(leaks)")
        #expect(!leaks.leaked.contains { $0.type == "Plain" }, "a global holds the Plain: \(leaks)")
    }
}
