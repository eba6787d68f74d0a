/// Identity of an abstract object in one analysis context (a type's instance methods, or one
/// global body). Paths from `self` are shared by all of a type's methods; paths from parameters,
/// locals and call results belong to one body.
public indirect enum NodeKey: Hashable, Sendable {
    /// The process itself: globals, statics, run loops, running tasks.
    case root
    /// `self.members…` of the context type.
    case selfPath([String])
    /// A global or static root and members (`NotificationCenter.default`).
    case globalPath(String, [String])
    /// A parameter, local or call result of one body, and members.
    case scopedPath(file: Int, body: Int, root: PathRoot, members: [String])
    /// A closure literal.
    case closure(file: Int, body: Int, id: Int)
    /// A method reference (`self.handle` used as a value), which captures its receiver.
    case methodReference(NodeKey, String)

    /// The same path with one more member.
    func appending(_ member: String) -> NodeKey? {
        switch self {
        case .selfPath(let members): return .selfPath(members + [member])
        case .globalPath(let root, let members): return .globalPath(root, members + [member])
        case .scopedPath(let file, let body, let root, let members):
            return .scopedPath(file: file, body: body, root: root, members: members + [member])
        default: return nil
        }
    }

    /// The path without its last member; nil for roots and non-paths.
    var parent: NodeKey? {
        switch self {
        case .selfPath(let members) where !members.isEmpty: return .selfPath(Array(members.dropLast()))
        case .globalPath(let root, let members) where !members.isEmpty: return .globalPath(root, Array(members.dropLast()))
        case .scopedPath(let file, let body, let root, let members) where !members.isEmpty:
            return .scopedPath(file: file, body: body, root: root, members: Array(members.dropLast()))
        default: return nil
        }
    }

    var lastMember: String? {
        switch self {
        case .selfPath(let members), .globalPath(_, let members), .scopedPath(_, _, _, let members): return members.last
        default: return nil
        }
    }
}

/// Why an edge is strong.
public enum EdgeKind: String, Sendable {
    /// A stored property declared strong (type-level knowledge).
    case declared
    /// An assignment or insertion into a property.
    case store
    /// A closure or method reference capturing an object.
    case capture
    /// An API that keeps a closure (observer, timer, subscription, handler).
    case registration
    /// A task or queue running an unbounded loop keeps its closure while it runs.
    case running
    /// A value (enum payload, error, struct, object built by an initializer) holding its argument.
    case holds
    /// A call's result is what the called method returns (a closure factory's closure): the
    /// statement that keeps the result closes the cycle, not the factory.
    case returns

    /// Evidence about this instance (not only about declared types).
    var isInstanceEvidence: Bool { self != .declared }
}

/// How a close-like method can break an edge.
public enum ReleaseKind: String, Sendable, Hashable {
    /// Set to nil, replaced, or emptied (`removeAll`).
    case cleared
    /// `cancel()`, `invalidate()`, `removeObserver(_:)` on it.
    case cancelled
}

/// A stored property by the type that declares it.
public struct PropertyRef: Hashable, Sendable {
    /// The qualified name of the declaring type (`Outer.Inner`).
    public var type: String
    /// The property name.
    public var name: String
}

/// What breaks an edge: releasing the object at `path` in one of the given ways.
public struct ReleaseKey: Hashable, Sendable {
    /// The object whose release breaks the edge (the property holding it, or the token).
    public var path: NodeKey
    /// The ways of releasing it that count.
    public var kinds: Set<ReleaseKind>
    /// The declared property at `path`, when known: releasing it anywhere counts too.
    public var property: PropertyRef?
}

/// A strong reference from one abstract object to another, with its evidence.
public struct OwnershipEdge: Sendable {
    /// The holding node, an index into `OwnershipGraph.keys`.
    public var from: Int
    /// The held node, an index into `OwnershipGraph.keys`.
    public var to: Int
    /// Why the reference is strong.
    public var kind: EdgeKind
    /// Property name, API or capture name, used in fingerprints.
    public var label: String
    /// The statement or declaration behind the edge; line 0 when it has none in source.
    public var location: SourceLocation
    /// `Session.onClose holds the closure`, `closure captures self`.
    public var description: String
    /// What releases the edge; nil when nothing can (a capture, an unstored token).
    public var release: ReleaseKey?
    /// The stored value is an error (or `Result`) — the stored-error pattern.
    public var holdsError: Bool = false
    /// The API rule pack entry (or inferred kind) behind a registration or running edge.
    public var retention: ClosureRetention?
    /// A plain assignment (`holder.value = x`): it replaces what the property held before, so
    /// the property keeps one value at a time, not a growing collection.
    public var replacesPrevious: Bool = false
}

/// Nodes and strong edges of one analysis context.
public struct OwnershipGraph: Sendable {
    /// The identity of each node; a node's index here is its id in edges.
    public private(set) var keys: [NodeKey] = []
    /// Display name of each node (`Session`, `closure (Session.swift:8)`).
    public private(set) var names: [String] = []
    /// Type name of each node when known.
    public private(set) var typeNames: [String?] = []
    /// Every edge, in insertion order; duplicates (same ends, label and location) are dropped.
    public private(set) var edges: [OwnershipEdge] = []
    private var indexByKey: [NodeKey: Int] = [:]
    private var outgoing: [[Int]] = []
    private var edgeSet: Set<EdgeIdentity> = []

    private struct EdgeIdentity: Hashable {
        var from: Int, to: Int, label: String, line: Int, column: Int
    }

    /// The node for `key`; nil when the graph has no such node.
    public func index(of key: NodeKey) -> Int? { indexByKey[key] }

    /// The node for `key`, created with `name` and `typeName` if new; the Bool tells whether it was new.
    mutating func node(_ key: NodeKey, name: @autoclosure () -> String, typeName: @autoclosure () -> String?) -> (Int, Bool) {
        if let existing = indexByKey[key] { return (existing, false) }
        let index = keys.count
        keys.append(key)
        names.append(name())
        typeNames.append(typeName())
        outgoing.append([])
        indexByKey[key] = index
        return (index, true)
    }

    mutating func add(_ edge: OwnershipEdge) {
        let identity = EdgeIdentity(from: edge.from, to: edge.to, label: edge.label, line: edge.location.line, column: edge.location.column)
        guard edgeSet.insert(identity).inserted else { return }
        outgoing[edge.from].append(edges.count)
        edges.append(edge)
    }

    /// Outgoing edge indices of a node.
    public func edges(from node: Int) -> [Int] { outgoing[node] }

    /// Strongly connected components with more than one node or a self-loop (Tarjan).
    public func cyclicComponents() -> [[Int]] {
        var index = 0
        var indices = [Int](repeating: -1, count: keys.count)
        var lowlinks = [Int](repeating: 0, count: keys.count)
        var onStack = [Bool](repeating: false, count: keys.count)
        var stack: [Int] = []
        var components: [[Int]] = []

        // Iterative Tarjan: deep graphs must not overflow the stack.
        for start in 0..<keys.count where indices[start] < 0 {
            var work: [(node: Int, edgeCursor: Int)] = [(start, 0)]
            indices[start] = index; lowlinks[start] = index; index += 1
            stack.append(start); onStack[start] = true
            while let (node, cursor) = work.last {
                let out = outgoing[node]
                if cursor < out.count {
                    work[work.count - 1].edgeCursor += 1
                    let next = edges[out[cursor]].to
                    if indices[next] < 0 {
                        indices[next] = index; lowlinks[next] = index; index += 1
                        stack.append(next); onStack[next] = true
                        work.append((next, 0))
                    } else if onStack[next] {
                        lowlinks[node] = min(lowlinks[node], indices[next])
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last?.node { lowlinks[parent] = min(lowlinks[parent], lowlinks[node]) }
                if lowlinks[node] == indices[node] {
                    var component: [Int] = []
                    while let top = stack.popLast() {
                        onStack[top] = false
                        component.append(top)
                        if top == node { break }
                    }
                    let selfLoop = component.count == 1 && outgoing[node].contains { edges[$0].to == node }
                    if component.count > 1 || selfLoop { components.append(component) }
                }
            }
        }
        return components
    }

    /// The shortest path of edges from `source` to `target` using only nodes in `allowed`
    /// (breadth-first); nil when there is none.
    public func shortestPath(from source: Int, to target: Int, within allowed: Set<Int>? = nil) -> [Int]? {
        if source == target { return [] }
        var previousEdge = [Int: Int]()
        var queue = [source]
        var visited: Set<Int> = [source]
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for edgeIndex in outgoing[node] {
                let next = edges[edgeIndex].to
                if let allowed, !allowed.contains(next) { continue }
                guard visited.insert(next).inserted else { continue }
                previousEdge[next] = edgeIndex
                if next == target {
                    var path: [Int] = []
                    var current = target
                    while current != source, let edge = previousEdge[current] {
                        path.append(edge)
                        current = edges[edge].from
                    }
                    return path.reversed()
                }
                queue.append(next)
            }
        }
        return nil
    }
}
