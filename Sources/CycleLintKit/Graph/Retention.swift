/// Something that keeps objects alive with no way out: a reference cycle, or a path from a
/// process-lifetime root (a global, a run loop, a running task) to an object.
public struct Retention: Sendable {
    /// Whether the retention is a cycle or a path from a process-lifetime root.
    public enum Kind: String, Sendable {
        /// A strong reference cycle.
        case cycle
        /// Reachable from a process-lifetime root and never released.
        case rootRetention
    }

    /// A cycle, or retention from a root.
    public var kind: Kind
    /// The type whose methods tie the cycle (nil for global code).
    public var contextType: String?
    /// Node names along the path: `nodes[i] --edges[i]--> nodes[i + 1]`; for a cycle the last
    /// node is the first again.
    public var nodes: [String]
    /// Type name of each node, when known.
    public var nodeTypes: [String?]
    /// The strong references along the path, in order; `edges[i]` goes from `nodes[i]` to `nodes[i + 1]`.
    public var edges: [OwnershipEdge]
    /// The edge whose statement closes the cycle (the finding's location).
    public var closingEdge: Int
    /// Where `deinit` releases this cycle (which can never run while the cycle holds).
    public var releasedOnlyInDeinit: SourceLocation?
    /// Close-like methods of the context type, none of which breaks this retention.
    public var closeMethodsNotBreakingIt: [String]

    /// The closing statement's location.
    public var location: SourceLocation { edges[closingEdge].location }

    /// Whether any edge has this kind.
    public func has(_ kind: EdgeKind) -> Bool { edges.contains { $0.kind == kind } }

    /// The retention kinds of the APIs on the path.
    public var retentionKinds: Set<ClosureRetention> { Set(edges.compactMap(\.retention)) }

    /// Whether a closure or method reference is on the path.
    public var involvesClosure: Bool { edges.contains { $0.kind == .capture } }

    /// Whether an error value (or `Result`) is stored on the path.
    public var involvesStoredError: Bool { edges.contains(where: \.holdsError) }


    /// Path steps for a finding: every edge with a real source location, in order.
    public var steps: [PathStep] {
        edges.filter { $0.location.line > 0 }.map { PathStep(location: $0.location, description: $0.description) }
    }

    /// `Session → onClose → closure (Session.swift:8) → captures Session`: objects by type
    /// where the type is known, edges by the property, API or capture that makes them.
    public var summary: String {
        var steps = Array(edges.indices)
        // "process → Registry" only says that a global is global.
        if nodes.first == "process", let first = steps.first, edges[first].kind == .declared { steps.removeFirst() }
        guard let start = steps.first else { return nodes.first ?? "?" }
        var parts = [display(start)]
        for index in steps {
            let next = display(index + 1)
            parts.append(edges[index].kind == .capture ? "captures \(next)" : "\(Self.unqualified(edges[index].label)) → \(next)")
        }
        return parts.joined(separator: " → ")
    }

    /// Node `index` by its type when known (`Downloader` rather than `Screen.downloader`).
    private func display(_ index: Int) -> String {
        nodeTypes[index].map(Self.unqualified) ?? nodes[index]
    }

    /// Without a `Module/` qualifier.
    private static func unqualified(_ name: String) -> String {
        name.split(separator: "/").last.map(String.init) ?? name
    }

    /// Stable identity for baselines: kind, context type, edge labels and kinds, file name.
    public var fingerprintComponents: [String] {
        let file = location.file.split(separator: "/").last.map(String.init) ?? location.file
        return [kind.rawValue, contextType ?? "", file] + edges.map { "\($0.kind.rawValue):\($0.label)" }
    }
}
