import Foundation

/// The `cyclelint trace` report in its text and JSON forms (JSON as in DESIGN.md's contract).
public struct TraceOutput: Codable, Sendable {
    public var version = 1
    public var active: Bool
    public var error: String?
    public var leaked: [LeakReport.LeakedType]
    public var cycles: [LeakReport.Cycle]
    public var sites: [TraceReport.Site]
    /// Leaked objects that no reference holds at all, by type (also in `leaked`).
    public var overRetained: [OverRetained]
    /// Objects alive only through a running task that nothing else holds (see
    /// `HeapAnalysis.taskRetentions()`): in the text report, apart from the leaks; not in the JSON.
    public var taskRetentions: [LeakReport.Cycle] = []

    enum CodingKeys: String, CodingKey { case version, active, error, leaked, cycles, sites, overRetained }

    /// Over-retained objects of one type: `kind` is "over-retained", `reason` says what it means.
    public struct OverRetained: Codable, Sendable, Equatable {
        public var type: String
        public var count: Int
        public var bytes: UInt64
        public var kind = "over-retained"
        public var reason = LeakReport.overRetainedExplanation
    }

    /// Builds the output of a run; `error` also explains a crash, a timeout or a missing report.
    public init(result: TraceRunner.Result, symbolicator: Symbolicator = Symbolicator(), siteLimit: Int = 10) {
        let report = result.report
        active = report.active
        let analysis = HeapAnalysis(graph: report.graph)
        let leaks = analysis.report()
        taskRetentions = analysis.taskRetentions().map(\.cycle)
        leaked = leaks.leaked
        cycles = leaks.cycles
        overRetained = leaks.overRetained.map { OverRetained(type: $0.type, count: $0.count, bytes: $0.bytes) }
        sites = report.sites(symbolicator: symbolicator, limit: siteLimit)
        var problems: [String] = []
        if let reason = report.error { problems.append(reason) }
        switch result.outcome {
        case .exited where report.active && report.final == nil:
            problems.append("the program exited without running exit handlers (_exit or exec): no exit snapshot")
        case .exited: break
        default:
            let heap = report.final != nil ? "; the heap was read as it stopped (\(report.stoppedBy ?? "signal"))"
                : report.active ? "; no exit snapshot, sites are from the last periodic snapshot" : ""
            problems.append("the program \(result.outcome)" + heap)
        }
        error = problems.isEmpty ? nil : problems.joined(separator: "; ")
    }

    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    public func text() -> String {
        var lines: [String] = []
        guard active else {
            return "cyclelint trace: tracker inactive: \(error ?? "unknown reason")"
        }
        if let error { lines.append("cyclelint trace: \(error)") }
        if leaked.isEmpty {
            lines.append("no leaked Swift objects at exit")
        } else {
            let total = leaked.reduce(0) { $0 + $1.count }
            lines.append("\(total) leaked Swift object\(total == 1 ? "" : "s") at exit (alive, held only by other leaked objects\(overRetained.isEmpty ? "" : " or by an unbalanced retain")):")
            for entry in leaked { lines.append("  \(entry.type) ×\(entry.count)  \(entry.bytes) bytes") }
        }
        if !overRetained.isEmpty {
            lines.append("over-retained (\(LeakReport.overRetainedExplanation)):")
            for entry in overRetained { lines.append("  \(entry.type) ×\(entry.count)  \(entry.bytes) bytes") }
        }
        if !cycles.isEmpty {
            lines.append("cycles:")
            for cycle in cycles { lines.append("  \(cycle.pathDescription)" + (cycle.count > 1 ? "  ×\(cycle.count)" : "")) }
        }
        if !taskRetentions.isEmpty {
            lines.append("alive only through a running task that nothing else holds (it never ends, so they never go):")
            for cycle in taskRetentions { lines.append("  \(cycle.pathDescription)") }
        }
        if !sites.isEmpty {
            lines.append("allocation sites by retained bytes at exit" + (sites.contains { $0.growth != 0 } ? " (growth between snapshots)" : "") + ":")
            for site in sites {
                let growth = site.growth == 0 ? "" : site.growth > 0 ? " (+\(site.growth) bytes)" : " (\(site.growth) bytes)"
                lines.append("  \(site.bytes) bytes in \(site.count) object\(site.count == 1 ? "" : "s")\(growth): \(site.frames.first ?? "?")")
                for frame in site.frames.dropFirst() { lines.append("      \(frame)") }
            }
        }
        return lines.joined(separator: "\n")
    }
}
