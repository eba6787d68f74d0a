/// Finds the retentions of one context graph: cycles (Tarjan SCCs, then the shortest cycle
/// through each closing edge) and paths from the process root to `self`, keeping only those
/// that no close-like method (or the closures on them, when they run) releases.
struct RetentionFinder {
    let builder: ContextGraphBuilder
    let releases: ReleaseAnalysis
    /// Cap on cycles reported per strongly connected component.
    private let maximumCyclesPerComponent = 16
    /// Close-like methods of the context type that release something (so the type manages its
    /// lifecycle there): the same for every retention of the context.
    private let closeMethodsReleasingSomething: [String]

    init(builder: ContextGraphBuilder, releases: ReleaseAnalysis) {
        self.builder = builder
        self.releases = releases
        closeMethodsReleasingSomething = builder.typeName.map { type in
            releases.closeMethodNames(of: type).filter { releases.releases(of: type, method: $0).contains(where: \.dropsReference) }
        } ?? []
    }

    private var graph: OwnershipGraph { builder.graph }

    func retentions() -> [Retention] {
        let rootRetained = rootRetentions()
        // What the process root keeps (an observer's closure, a scheduled timer and its block)
        // is reported once, as that root retention, even when self also stores the token or
        // the timer, which makes a cycle through the same registration.
        var rootKeptNodes: Set<Int> = []
        for retained in rootRetained {
            for index in retained.indices[retained.closing...].dropLast() { rootKeptNodes.insert(graph.edges[index].to) }
        }
        var found: [Retention] = []
        var seen: Set<[Int]> = []
        for component in graph.cyclicComponents() {
            let members = Set(component)
            var count = 0
            for node in component {
                for edgeIndex in graph.edges(from: node) where count < maximumCyclesPerComponent {
                    let edge = graph.edges[edgeIndex]
                    guard members.contains(edge.to), closes(edge),
                          let back = graph.shortestPath(from: edge.to, to: edge.from, within: members) else { continue }
                    let cycle = [edgeIndex] + back
                    guard seen.insert(cycle.sorted()).inserted,
                          !cycle.contains(where: { graph.edges[$0].kind == .registration && rootKeptNodes.contains(graph.edges[$0].to) })
                    else { continue }
                    count += 1
                    if let retention = makeRetention(.cycle, edgeIndices: cycle) { found.append(retention) }
                }
            }
        }
        found += rootRetained.compactMap { makeRetention(.rootRetention, edgeIndices: $0.indices, closing: $0.closing) }
        return found
    }

    /// Assignments, registrations and values built around an object tie instances together.
    private func closes(_ edge: OwnershipEdge) -> Bool {
        edge.kind == .store || edge.kind == .registration || edge.kind == .holds || edge.kind == .running
    }

    /// Paths from the root to `self` that start with a registration or running task, or go
    /// through a store into a global.
    private func rootRetentions() -> [(indices: [Int], closing: Int)] {
        guard let type = builder.typeName, let selfNode = builder.selfNode,
              builder.index.types[type]?.isSingleton != true else { return [] }
        var result: [(indices: [Int], closing: Int)] = []
        for (edgeIndex, edge) in graph.edges.enumerated() {
            let fromRoot = edge.from == 0 && (edge.kind == .registration || edge.kind == .running)
            let intoGlobal = edge.kind == .store && graph.keys[edge.from].isGlobal
            guard fromRoot || intoGlobal else { continue }
            guard let prefix = graph.shortestPath(from: 0, to: edge.from),
                  let suffix = graph.shortestPath(from: edge.to, to: selfNode) else { continue }
            result.append((prefix + [edgeIndex] + suffix, prefix.count))
        }
        return result
    }

    private func makeRetention(_ kind: Retention.Kind, edgeIndices: [Int], closing: Int? = nil) -> Retention? {
        var indices = edgeIndices
        if kind == .cycle, let selfNode = builder.selfNode,
           let start = indices.firstIndex(where: { graph.edges[$0].from == selfNode }) {
            // Start the cycle at self, the object the reader knows.
            indices = Array(indices[start...] + indices[..<start])
        }
        let edges = indices.map { graph.edges[$0] }
        if kind == .cycle, edges.allSatisfy({ builder.paths.isKnownValue(graph.keys[$0.to]) }) { return nil }
        let closingEdge = closing ?? closingEdgeIndex(indices)
        if isReleased(edges, indices: indices) { return nil }
        let deinitFacts = builder.typeName.map { releases.deinitReleases(of: $0) } ?? []
        let deinitRelease = edges.lazy.compactMap { edge in
            edge.release.flatMap { key in
                deinitFacts.first { $0.breaks(key, of: edge.kind) }?.location ?? key.property.flatMap { releases.releasedInDeinit[$0] }
            }
        }.first
        // A cycle among objects `self` owns, with `self` not on it: `self`'s deinit can run, and
        // the release there breaks the cycle when the owner goes.
        if deinitRelease != nil, kind == .cycle, let selfNode = builder.selfNode,
           !edges.contains(where: { $0.from == selfNode || $0.to == selfNode }) {
            return nil
        }
        var nodes = [graph.names[edges[0].from]]
        var nodeTypes = [graph.typeNames[edges[0].from]]
        for edge in edges {
            nodes.append(graph.names[edge.to])
            nodeTypes.append(graph.typeNames[edge.to])
        }
        // `self`'s close-like methods can only break what `self` reaches: not a cycle of locals
        // that a method builds (two objects whose callbacks capture each other).
        let reachedBySelf = builder.selfNode.map { selfNode in
            edges.contains { $0.from == selfNode } || graph.shortestPath(from: selfNode, to: edges[0].from) != nil
        } ?? false
        return Retention(kind: kind, contextType: builder.typeName.map { builder.index.displayName(ofType: $0) }, nodes: nodes, nodeTypes: nodeTypes, edges: edges,
                         closingEdge: closingEdge, releasedOnlyInDeinit: deinitRelease,
                         closeMethodsNotBreakingIt: reachedBySelf ? closeMethodsReleasingSomething : [])
    }

    /// The statement that closes the cycle: the store, registration or construction made last
    /// (edges are added in execution order within a body: a constructor's stores before the
    /// assignment that keeps its result); but where that is on another line than the store or
    /// registration that keeps the capturing closure (or method reference) on the cycle, the
    /// latter, which is where the capture is fixed (in a chain `$x.map { … }.sink { … }
    /// .store(in: &bag)`, the `.sink`, not the first line of the chain).
    private func closingEdgeIndex(_ indices: [Int]) -> Int {
        let candidates = indices.enumerated().filter { closes(graph.edges[$0.element]) }
        guard let last = candidates.max(by: { $0.element < $1.element }) else { return 0 }
        let keepingCapture = candidates.filter { candidate in
            switch graph.keys[graph.edges[candidate.element].to] {
            case .closure, .methodReference: return true
            default: return false
            }
        }.max { $0.element < $1.element }
        if let keepingCapture, graph.edges[keepingCapture.element].location.line != graph.edges[last.element].location.line {
            return keepingCapture.offset
        }
        return last.offset
    }

    /// Whether a close-like method, or a closure on the path when it runs, breaks the path. A
    /// timer block that invalidates its own timer ends its registration.
    private func isReleased(_ edges: [OwnershipEdge], indices: [Int]) -> Bool {
        var facts = builder.typeName.map { releases.closeReleases(of: $0) } ?? []
        for index in indices {
            let closureNode = graph.edges[index].to
            guard case .closure(let file, let body, let id) = graph.keys[closureNode] else { continue }
            let inside = releases.closureReleases(file: file, body: body, closure: id, type: builder.typeName)
            facts += inside.facts
            if inside.cancelsOwnParameter, edges.contains(where: { $0.to == closureNode && $0.kind == .registration }) {
                return true
            }
        }
        if let type = builder.typeName,
           edges.contains(where: { $0.kind == .registration && releases.selectorCallbackEndsRegistration(madeAt: $0.location, type: type) }) {
            return true
        }
        // An object that is cancelled (`timer?.cancel()` on the source stored from a local) stops
        // what it registered or runs and lets go of the handlers stored on it, though the
        // reference to it stays.
        let cancelledObjects = Set(edges.compactMap { edge -> Int? in
            guard edge.kind.holdsItsTarget, let key = edge.release else { return nil }
            let cancelledElsewhere = key.property.map { releases.releasedElsewhere[$0]?.contains(.cancelled) == true } ?? false
            return cancelledElsewhere || facts.contains(where: { $0.kind == .cancelled && $0.path == key.path }) ? edge.to : nil
        })
        if edges.contains(where: { cancelledObjects.contains($0.from) && ($0.kind == .registration || $0.kind == .running || $0.kind == .store) }) {
            return true
        }
        return edges.contains { edge in
            guard let key = edge.release else { return false }
            // Cancelling what a property holds does not clear the property (see `ReleaseFact.breaks`).
            let kinds = edge.kind.holdsItsTarget ? key.kinds.intersection([.cleared]) : key.kinds
            if let property = key.property, !(releases.releasedElsewhere[property] ?? []).isDisjoint(with: kinds) {
                return true
            }
            return facts.contains { $0.breaks(key, of: edge.kind) }
        }
    }
}

extension NodeKey {
    var isGlobal: Bool {
        if case .globalPath = self { return true }
        return false
    }
}
