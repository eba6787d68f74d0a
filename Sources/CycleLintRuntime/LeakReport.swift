/// What a heap analysis found: objects that are alive but held only by other leaked objects,
/// grouped by type, and the reference cycles that hold them.
public struct LeakReport: Codable, Sendable, Equatable, CustomStringConvertible {
    /// Leaked objects of one type.
    public struct LeakedType: Codable, Sendable, Equatable {
        public var type: String
        public var count: Int
        public var bytes: UInt64
    }

    /// One step of a cycle: an object's type and the field or capture that holds the next object.
    public struct Step: Codable, Sendable, Equatable, Hashable {
        public var type: String
        public var via: String
    }

    /// A reference cycle among leaked objects, walked object by object; `count` identical
    /// cycles (same types and fields) are merged.
    public struct Cycle: Codable, Sendable, Equatable {
        public var count: Int
        public var path: [Step]

        /// `Conn.onClose → closure{Conn} → Conn`: each type with the field that holds the next.
        public var pathDescription: String {
            guard let first = path.first else { return "" }
            let steps = path.map { step -> String in
                step.via.isEmpty || LeakReport.genericVias.contains(step.via) ? step.type : "\(step.type).\(step.via)"
            }
            return (steps + [first.type]).joined(separator: " → ")
        }

        /// The distinct type names on the cycle.
        public var types: [String] {
            var seen = Set<String>()
            return path.map(\.type).filter { seen.insert($0).inserted }
        }
    }

    static let genericVias: Set<String> = ["capture", "element", "value", "closure"]

    public var leaked: [LeakedType]
    public var cycles: [Cycle]
    /// The leaked objects that no reference holds at all: only a retain nobody can give back
    /// keeps them (`Unmanaged.passRetained` never balanced, a C retain). Also counted in `leaked`,
    /// with what they keep alive.
    public var overRetained: [LeakedType]

    /// How an over-retained object is explained in reports.
    public static let overRetainedExplanation = "no reference to it remains; an unbalanced retain keeps it alive"

    public init(leaked: [LeakedType] = [], cycles: [Cycle] = [], overRetained: [LeakedType] = []) {
        self.leaked = leaked
        self.cycles = cycles
        self.overRetained = overRetained
    }

    /// True when nothing leaked.
    public var isClean: Bool { leaked.isEmpty && cycles.isEmpty }

    /// Total number of leaked objects.
    public var leakedCount: Int { leaked.reduce(0) { $0 + $1.count } }

    /// A readable summary: leaked types and each cycle's path.
    public var description: String {
        if isClean { return "no leaked objects" }
        var lines: [String] = []
        let types = leaked.map { "\($0.type) ×\($0.count)" }.joined(separator: ", ")
        lines.append("\(leakedCount) leaked object\(leakedCount == 1 ? "" : "s") (\(types))"
                     + (cycles.isEmpty ? "" : ", held by \(cycles.count == 1 ? "a cycle" : "\(cycles.count) kinds of cycle"):"))
        for cycle in cycles {
            lines.append("  \(cycle.pathDescription)" + (cycle.count > 1 ? "  (×\(cycle.count))" : ""))
        }
        for entry in overRetained {
            lines.append("  over-retained: \(entry.type) ×\(entry.count) (\(Self.overRetainedExplanation))")
        }
        return lines.joined(separator: "\n")
    }

    /// True when some cycle contains every one of `types` (simple type names).
    public func hasCycle(through types: [String]) -> Bool {
        cycles.contains { cycle in types.allSatisfy { name in cycle.types.contains(name) } }
    }
}
