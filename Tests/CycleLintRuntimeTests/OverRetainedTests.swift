import CycleLintRuntime
import Foundation
import Testing

/// Objects kept alive by a retain nobody can give back: the root scan (globals, the C heap,
/// every thread's stack and registers) finds no reference to them, so they are over-retained.
@Suite("over-retained objects: an unbalanced retain, and real roots that keep objects", .serialized)
struct OverRetainedTests {
    @Test("an Unmanaged.passRetained never released is over-retained; what it holds leaks with it", arguments: ["-Onone", "-O"])
    func droppedRetain(level: String) throws {
        let result = try trace("unmanaged-dropped", level: level)
        #expect(result.outcome == .exited(0))
        #expect(result.report.graph.rootsScanned, "the exit snapshot could not read every root")
        let leaks = result.report.leaks
        #expect(leaks.overRetained.map(\.type) == ["Retained"], "\(level): \(leaks)")
        #expect(leaks.overRetained.first?.count == 1)
        // The child leaks with it (and its array, unless -O made the literal a static object).
        let leaked = Set(leaks.leaked.map(\.type))
        #expect(leaked.isSuperset(of: ["Retained", "Plain"]) && leaked.isSubset(of: ["Retained", "Plain", "[Int]"]), "\(level): \(leaks)")
        #expect(leaks.cycles.isEmpty)
        #expect(leaks.description.contains("over-retained: Retained ×1 (\(LeakReport.overRetainedExplanation))"))
    }

    @Test("a retained object a root still points to is not leaked",
          arguments: ["-Onone", "-O"], ["unmanaged-global", "unmanaged-tls", "unmanaged-heap", "held-by-thread"])
    func heldByRoot(level: String, scenario: String) throws {
        let result = try trace(scenario, level: level)
        #expect(result.outcome == .exited(0))
        #expect(result.report.graph.rootsScanned)
        #expect(result.report.graph.objects.contains { $0.type.hasSuffix("Retained") }, "\(scenario): no Retained alive at exit")
        #expect(result.report.leaks.isClean, "\(scenario) \(level): \(result.report.leaks)")
    }

    @Test("without a root scan, or for a toolchain library's class, an excess count means held from outside")
    func noRootScan() {
        let objects = [HeapGraph.Object(address: 0x1000, size: 32, strong: 1, sequence: 1, kind: 0, site: 0, type: "Watcher")]
        let unscanned = HeapAnalysis(graph: HeapGraph(objects: objects))
        #expect(unscanned.report().isClean)
        let scanned = HeapAnalysis(graph: HeapGraph(objects: objects, rootsScanned: true))
        #expect(scanned.report().overRetained.map(\.type) == ["Watcher"])
        var held = objects
        held[0].roots = 1
        #expect(HeapAnalysis(graph: HeapGraph(objects: held, rootsScanned: true)).report().isClean)
        var library = objects
        library[0].isToolchainClass = true   // e.g. Foundation's Timer, which retains itself
        #expect(HeapAnalysis(graph: HeapGraph(objects: library, rootsScanned: true)).report().isClean)
    }

    @Test("an object with a weak reference has its strong count read from its side table")
    func sideTableCount() throws {
        try LeakTracker.activate()
        try LeakTracker.withRecording {
            let node = Node()
            weak var probe = node
            let retained = Unmanaged.passRetained(node)
            _ = retained.retain()
            defer { retained.release(); retained.release() }
            let address = UInt(bitPattern: retained.toOpaque())
            let object = try #require(try LeakTracker.snapshot().objects.first { $0.address == address })
            #expect(object.strong >= 3, "\(object)")   // the local and two retains
            #expect(object.strong < 10, "\(object)")
            #expect(probe != nil)
        }
    }

    /// Examples/CCallback, copied and built once.
    static let cCallback: Result<String, Error> = Result {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Examples/CCallback").path
        let copy = try CyclelintExecutable.temporaryFolder("ccallback") + "/CCallback"
        try FileManager.default.copyItem(atPath: source, toPath: copy)
        try? FileManager.default.removeItem(atPath: copy + "/.build")
        let build = Process()
        build.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        build.arguments = ["swift", "build", "--package-path", copy]
        build.standardOutput = FileHandle.nullDevice
        try build.run()
        build.waitUntilExit()
        guard build.terminationStatus == 0 else { throw FixtureBuildFailed() }
        return copy
    }

    struct FixtureBuildFailed: Error {}

    @Test("the C callback fixture: WatchLeak's Watcher is over-retained after close(), WatchFixed is clean")
    func cCallbackFixture() throws {
        let package = try Self.cCallback.get()
        let leak = try CyclelintExecutable.run(["trace", "--format", "json", "--", package + "/.build/debug/WatchLeak"])
        let leakReport = try #require(try JSONSerialization.jsonObject(with: Data(leak.stdout.utf8)) as? [String: Any], "\(leak.stderr)")
        let overRetained = try #require(leakReport["overRetained"] as? [[String: Any]], "\(leak.stdout)")
        #expect(overRetained.map { $0["type"] as? String } == ["Watcher"], "\(leak.stdout)")
        #expect(overRetained.first?["kind"] as? String == "over-retained")
        #expect(overRetained.first?["reason"] as? String == LeakReport.overRetainedExplanation)
        let leaked = try #require(leakReport["leaked"] as? [[String: Any]])
        #expect(leaked.map { $0["type"] as? String } == ["Watcher"], "\(leak.stdout)")

        let text = try CyclelintExecutable.run(["trace", "--", package + "/.build/debug/WatchLeak"])
        #expect(text.stdout.contains("over-retained (\(LeakReport.overRetainedExplanation)):\n  Watcher ×1"), "\(text.stdout)")

        let fixed = try CyclelintExecutable.run(["trace", "--format", "json", "--", package + "/.build/debug/WatchFixed"])
        let fixedReport = try #require(try JSONSerialization.jsonObject(with: Data(fixed.stdout.utf8)) as? [String: Any], "\(fixed.stderr)")
        #expect((fixedReport["leaked"] as? [Any])?.isEmpty == true, "\(fixed.stdout)")
        #expect((fixedReport["overRetained"] as? [Any])?.isEmpty == true, "\(fixed.stdout)")
    }
}
