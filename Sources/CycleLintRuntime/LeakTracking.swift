import CTracker

/// Why leak tracking could not run. Never silently "0 leaks": callers get this error instead.
public struct LeakTrackingUnavailable: Error, CustomStringConvertible, Sendable {
    /// The tracker's reason, e.g. an unknown runtime or a statically linked stdlib.
    public var reason: String
    public var description: String { reason }
}

/// Access to the in-process tracking allocator.
///
/// The tracker (the `CTracker` C target, linked into this module) hooks `swift_allocObject` the
/// first time it is needed. Objects are recorded inside `withRecording` / `withLeakTracking`
/// blocks only (the rest of the process runs at almost full speed); objects allocated outside
/// are not tracked, and references from them count as outside references, which can only hide a
/// leak, never invent one.
public enum LeakTracker {
    /// Installs the hook if needed; throws with the reason when the tracker cannot be active here.
    public static func activate() throws {
        if cyclelint_tracker_install() == 0 {
            let reason = cyclelint_tracker_error().map { String(cString: $0) } ?? "cyclelint tracker unavailable"
            throw LeakTrackingUnavailable(reason: reason)
        }
    }

    /// Whether the hook is installed in this process.
    public static var isActive: Bool { cyclelint_tracker_is_active() != 0 }

    /// Runs `body` with allocations recorded (windows nest).
    public static func withRecording<R>(_ body: () throws -> R) throws -> R {
        try activate()
        cyclelint_tracker_begin_recording()
        defer { cyclelint_tracker_end_recording() }
        return try body()
    }

    /// The `async` form of `withRecording`.
    public static func withRecording<R>(_ body: () async throws -> R) async throws -> R {
        try activate()
        cyclelint_tracker_begin_recording()
        defer { cyclelint_tracker_end_recording() }
        return try await body()
    }

    /// A snapshot of every recorded live object and the references between them.
    public static func snapshot() throws -> HeapGraph {
        try activate()
        guard let graph = HeapGraph.snapshotOfThisProcess() else {
            throw LeakTrackingUnavailable(reason: "cyclelint tracker: snapshot failed")
        }
        return graph
    }

    /// The sequence number the next tracked allocation will get.
    static var nextSequence: UInt64 { cyclelint_tracker_next_sequence() }

    /// Leaked objects allocated at or after `sequence`, and the cycles holding them.
    static func report(since sequence: UInt64, before end: UInt64) throws -> LeakReport {
        let graph = try snapshot()
        return HeapAnalysis(graph: graph).report { $0.sequence >= sequence && $0.sequence < end }
    }
}

/// Runs `body` with the tracking allocator and returns what it left alive that nothing outside the
/// block holds: leaked objects by type and the cycles holding them.
///
/// Objects the block allocated and handed to something still reachable (a global, a caller's
/// variable) are not leaks. Allocations by other threads during the block are attributed to it, so
/// run leak-tracking tests serially (`@Suite(.serialized)`). Throws `LeakTrackingUnavailable` when
/// the tracker cannot be installed in this process.
@discardableResult
public func withLeakTracking(_ body: () throws -> Void) throws -> LeakReport {
    try LeakTracker.withRecording {
        let start = LeakTracker.nextSequence
        try body()
        return try LeakTracker.report(since: start, before: LeakTracker.nextSequence)
    }
}

/// The `async` form of `withLeakTracking`.
@discardableResult
public func withLeakTracking(_ body: () async throws -> Void) async throws -> LeakReport {
    try await LeakTracker.withRecording {
        let start = LeakTracker.nextSequence
        try await body()
        return try LeakTracker.report(since: start, before: LeakTracker.nextSequence)
    }
}
