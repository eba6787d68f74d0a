import CycleLintRuntime
import Testing

/// The tracker's report format (docs/runtime.md "Report file") read back field by field,
/// including the edges of the format: 20-digit counts, tabs inside symbols, names shared by
/// many lines, lines that are cut short or unknown, a report without its end.
@Suite("Trace report parsing")
struct TraceReportParsingTests {
    private let report = """
    cyclelint-trace 1
    pid 42
    active
    snapshot 0.5 3
    usage 1 2 64
    usage 2 1 32
    end-snapshot
    final 1.25 3
    roots-scanned
    object 0 7f00a0 32 2 11 0 1 0 0\tApp.Node
    object 1 7f00c0 32 18446744073709551615 12 0 1 3 1\tApp.Node
    object 2 7f0100 48 1 13 400 2 0 0\t
    object 3 zz 48
    edge 0 1 16\tchildren
    edge 1 0 24\tparent
    edge 1 9 24\tdangling
    end-final
    allocated\tApp.Node
    allocated\tApp.Node
    site 1 401000 401abc
    site 2 402000
    frame 401000\t/usr/bin/app\t1000\t$s3App5buildyyF
    frame 401abc\t/usr/lib/libswiftCore.so\tabc\t
    frame 402000\t/usr/bin/app\t2000
    mystery line
    end
    """

    @Test("every kind of line is read with its fields")
    func fields() throws {
        let parsed = TraceReport(parsing: report)
        #expect(parsed.active && parsed.complete && parsed.error == nil && parsed.stoppedBy == nil)
        #expect(parsed.snapshots.count == 1)
        let snapshot = try #require(parsed.snapshots.first)
        #expect(snapshot.time == 0.5 && snapshot.liveObjects == 3)
        #expect(snapshot.usage[1]?.count == 2 && snapshot.usage[1]?.bytes == 64 && snapshot.usage[2]?.bytes == 32)
        #expect(parsed.graph.rootsScanned)
        #expect(parsed.graph.objects.count == 3)  // the cut-short object line is skipped
        let first = parsed.graph.objects[0], second = parsed.graph.objects[1], context = parsed.graph.objects[2]
        #expect(first.address == 0x7f00a0 && first.size == 32 && first.strong == 2 && first.sequence == 11)
        #expect(first.kind == 0 && first.site == 1 && first.roots == 0 && !first.isToolchainClass && first.type == "App.Node")
        #expect(second.strong == UInt64.max && second.roots == 3 && second.isToolchainClass)
        #expect(context.kind == 0x400 && context.type == "" && context.site == 2)
        #expect(parsed.graph.edges.map(\.via) == ["children", "parent"])  // an edge to no object is dropped
        #expect(parsed.graph.edges.map(\.from) == [0, 1] && parsed.graph.edges.map(\.to) == [1, 0])
        // Usage at exit comes from the graph's objects.
        #expect(parsed.final?.usage[1]?.count == 2 && parsed.final?.usage[1]?.bytes == 64 && parsed.final?.time == 1.25)
        #expect(parsed.allocatedTypes == ["App.Node"])
        #expect(parsed.siteFrames[1] == [0x401000, 0x401abc] && parsed.siteFrames[2] == [0x402000])
        let build = parsed.frames[0x401000]
        #expect(build?.module == "/usr/bin/app" && build?.offset == 0x1000 && build?.symbol == "$s3App5buildyyF")
        #expect(parsed.frames[0x401abc]?.symbol == "" && parsed.frames[0x401abc]?.offset == 0xabc)
        #expect(parsed.frames[0x402000]?.module == "/usr/bin/app" && parsed.frames[0x402000]?.symbol == "")
    }

    @Test("an inactive tracker, a program stopped by a signal and a report cut short")
    func statusLines() {
        let inactive = TraceReport(parsing: "cyclelint-trace 1\ninactive not a Swift program\n")
        #expect(!inactive.active && inactive.error == "not a Swift program" && !inactive.complete)
        let stopped = TraceReport(parsing: "active\nstopped signal 15\nfinal 2 0\nend-final\n")
        #expect(stopped.stoppedBy == "signal 15" && stopped.final != nil && !stopped.complete)
        let cut = TraceReport(parsing: "active\nfinal 2 1\nobject 0 10 16 1 1 0 0 0 0\tA")
        #expect(cut.final == nil && cut.graph.objects.count == 1 && !cut.complete)
        #expect(TraceReport(parsing: "").active == false)
    }
}
