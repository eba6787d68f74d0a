/// The report a traced program's tracker writes (see docs/runtime.md for the line format):
/// whether the tracker was active, periodic per-site snapshots, the final heap graph and the
/// allocation sites' frames.
public struct TraceReport: Sendable {
    /// Live objects and bytes attributed to each site at one moment.
    public struct Snapshot: Sendable {
        public var time: Double
        public var liveObjects: Int
        public var usage: [UInt32: (count: UInt64, bytes: UInt64)]
    }

    /// Where a frame's address lies: module path, offset in it, and its dynamic symbol if any.
    public struct Frame: Sendable, Hashable {
        public var module: String
        public var offset: UInt
        public var symbol: String
    }

    public var active = false
    /// Why the tracker was inactive.
    public var error: String?
    public var snapshots: [Snapshot] = []
    /// The snapshot taken at exit, with `graph`; nil when the program did not exit normally.
    public var final: Snapshot?
    public var graph = HeapGraph()
    public var siteFrames: [UInt32: [UInt]] = [:]
    public var frames: [UInt: Frame] = [:]
    /// Whether the report was written to its end.
    public var complete = false
    /// Set when the final snapshot was taken because the program was dying (`signal N`: a crash,
    /// or the termination a timeout sends) rather than at a normal exit.
    public var stoppedBy: String?
    /// Names of the class and box types allocated while the tracker recorded.
    public var allocatedTypes: Set<String> = []

    public init() {}

    /// Parses the tracker's report text.
    public init(parsing text: String) {
        var text = text
        text.withUTF8 { bytes in
            var parser = TraceReportParser(bytes: bytes)
            parser.parse(into: &self)
        }
    }

    /// Leaked objects and cycles at exit.
    public var leaks: LeakReport {
        HeapAnalysis(graph: graph).report()
    }

    /// One allocation site: its frames (symbolicated), what it holds at the last snapshot and how
    /// many bytes that grew since the first snapshot.
    public struct Site: Codable, Sendable, Equatable {
        public var frames: [String]
        public var bytes: UInt64
        public var count: UInt64
        public var growth: Int64
    }

    /// Sites ranked by retained bytes at the last snapshot (the exit one when present), then the
    /// sites that grew most. Growth is measured between the first and the last periodic snapshot
    /// (the exit snapshot when there is only one periodic snapshot): at exit, buffers may already
    /// be gone.
    public func sites(symbolicator: Symbolicator, limit: Int = 10) -> [Site] {
        guard let last = final ?? snapshots.last else { return [] }
        let series = snapshots.count >= 2 ? snapshots : snapshots + (final.map { [$0] } ?? [])
        let first = series.count >= 2 ? series.first : nil
        let growthEnd = series.last
        var candidates = Set(last.usage.keys)
        if let end = growthEnd { candidates.formUnion(end.usage.keys) }
        func growth(_ site: UInt32) -> Int64 {
            guard let first, let end = growthEnd else { return 0 }
            return Int64(end.usage[site]?.bytes ?? 0) - Int64(first.usage[site]?.bytes ?? 0)
        }
        let byBytes = candidates.sorted { (last.usage[$0]?.bytes ?? 0, $1) > (last.usage[$1]?.bytes ?? 0, $0) }
        let byGrowth = candidates.filter { growth($0) > 0 }.sorted { (growth($0), $1) > (growth($1), $0) }
        var chosen: [UInt32] = []
        for site in byBytes.prefix(limit * 2) + byGrowth.prefix(limit * 2) where !chosen.contains(site) { chosen.append(site) }
        let symbols = symbolicator.symbolicate(chosen.flatMap { siteFrames[$0] ?? [] }.compactMap { frames[$0] }
            .filter { !Self.isRuntimeModule($0.module) })
        var merged: [[String]: Site] = [:]
        for site in chosen {
            let names = userFrames(site: site, symbols: symbols)
            var entry = merged[names] ?? Site(frames: names, bytes: 0, count: 0, growth: 0)
            entry.bytes += last.usage[site]?.bytes ?? 0
            entry.count += last.usage[site]?.count ?? 0
            entry.growth += growth(site)
            merged[names] = entry
        }
        let sorted = merged.values.sorted { ($0.bytes, $0.growth) > ($1.bytes, $1.growth) }
        let top = sorted.prefix(limit)
        let growers = sorted.filter { $0.growth > 0 && !top.contains($0) }.sorted { $0.growth > $1.growth }
        return Array(top) + growers.prefix(3)   // plus the fastest growers not already listed
    }

    /// Frames from the first one outside the Swift runtime and the tracker, at most four.
    private func userFrames(site: UInt32, symbols: [Frame: String]) -> [String] {
        let addresses = siteFrames[site] ?? []
        let resolved = addresses.compactMap { frames[$0] }
        let runtime = resolved.prefix { Self.isRuntimeModule($0.module) }
        var chosen = resolved.dropFirst(runtime.count).filter { !Self.isRuntimeModule($0.module) }.prefix(4).map { symbols[$0] ?? "\($0.module)+0x\(String($0.offset, radix: 16))" }
        if chosen.isEmpty, let last = resolved.last { chosen = [symbols[last] ?? last.module] }
        return chosen
    }

    /// Whether a module is the Swift runtime, the tracker, libc, Foundation, Dispatch or libstdc++:
    /// frames in them are not where user code allocated.
    public static func isRuntimeModule(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.hasPrefix("libswift") || name.hasPrefix("libCycleLintTracker") || name.hasPrefix("libc.so")
            || name.hasPrefix("libFoundation") || name.hasPrefix("libdispatch") || name.hasPrefix("libstdc++")
    }
}
