/// Separates garbage from objects something outside still holds, and finds the cycles among it.
///
/// An object's strong count higher than the number of strong references found in other tracked
/// objects means something outside the tracked heap holds it. When the snapshot read the
/// process's roots (`HeapGraph.rootsScanned`: globals, the C heap, every thread's stack and
/// registers), an object with such an excess that no root word points to either is
/// *over-retained*: no reference to it remains, and only a retain nobody can give back keeps it
/// (an `Unmanaged.passRetained` never balanced, a C retain), unless its class is a toolchain
/// library's (that retain is the library's own). Such objects are garbage; an object
/// with an excess and a root word pointing to it is externally held (without a root scan, every
/// object with an excess is). Everything reachable from an externally held object is alive;
/// the rest is garbage: leaked. Strongly connected components (Tarjan) of the garbage are the
/// cycles.
public struct HeapAnalysis: Sendable {
    public let graph: HeapGraph
    /// Outgoing edges per object.
    let outgoing: [[HeapGraph.Edge]]
    /// Whether each object is garbage.
    public let isGarbage: [Bool]
    /// Whether each object is over-retained (garbage with a count no reference accounts for).
    public let isOverRetained: [Bool]
    /// Each object's `displayName`.
    private let displayNames: [String]

    public init(graph: HeapGraph) {
        self.graph = graph
        let count = graph.objects.count
        var outgoing = [[HeapGraph.Edge]](repeating: [], count: count)
        var incoming = [UInt64](repeating: 0, count: count)
        for edge in graph.edges {
            outgoing[edge.from].append(edge)
            incoming[edge.to] += 1
        }
        var alive = [Bool](repeating: false, count: count)
        var overRetained = [Bool](repeating: false, count: count)
        var work: [Int] = []
        for (index, object) in graph.objects.enumerated() {
            // Deiniting objects are on their way out; immortal ones are roots. A toolchain
            // library's own object with an excess count is held by that library (swift-corelibs-
            // foundation's Timer retains itself for its CFRunLoopTimer and never releases):
            // not the program's leak.
            let held = object.strong == 0 || object.strong == UInt64.max
                || (object.strong > incoming[index] && (!graph.rootsScanned || object.roots > 0 || object.isToolchainClass))
            if held {
                alive[index] = true
                work.append(index)
            } else if object.strong > incoming[index] {
                overRetained[index] = true
            }
        }
        while let index = work.popLast() {
            for edge in outgoing[index] where !alive[edge.to] {
                alive[edge.to] = true
                work.append(edge.to)
            }
        }
        self.outgoing = outgoing
        self.isGarbage = alive.map { !$0 }
        self.isOverRetained = zip(overRetained, alive).map { $0 && !$1 }
        displayNames = Self.displayNames(of: graph, outgoing: outgoing)
    }

    /// A display name: closure contexts are named by what they capture, array storage as `[T]`.
    public func displayName(_ index: Int) -> String { displayNames[index] }

    /// Every object's display name, each distinct type name rewritten once.
    private static func displayNames(of graph: HeapGraph, outgoing: [[HeapGraph.Edge]]) -> [String] {
        var baseNames: [String: String] = [:]
        func baseName(_ type: String) -> String {
            if let known = baseNames[type] { return known }
            var name = type
            for prefix in ["_ContiguousArrayStorage<", "Swift._ContiguousArrayStorage<"] where type.hasPrefix(prefix) && type.hasSuffix(">") {
                name = "[" + type.dropFirst(prefix.count).dropLast() + "]"
                break
            }
            baseNames[type] = name
            return name
        }
        return graph.objects.indices.map { index in
            let object = graph.objects[index]
            if object.kind == 0x400 {
                var seen = Set<String>()
                let captured = outgoing[index].map { edge -> String in
                    graph.objects[edge.to].kind == 0x400 ? "closure" : baseName(graph.objects[edge.to].type)
                }.filter { seen.insert($0).inserted }
                return "closure{\(captured.joined(separator: ", "))}"
            }
            let name = baseName(object.type)
            if name == "[AnyObject]" {
                // Arrays of class instances share one storage class: name them by their elements.
                var seen = Set<String>()
                let elements = outgoing[index].map { baseName(graph.objects[$0.to].type) }.filter { seen.insert($0).inserted }
                if !elements.isEmpty { return "[\(elements.joined(separator: " | "))]" }
            }
            return name
        }
    }

    private func viaName(_ edge: HeapGraph.Edge) -> String {
        if !edge.via.isEmpty { return edge.via }
        switch graph.objects[edge.from].kind {
        case 0x400: return "capture"
        case 0x500, 0x501: return "value"
        case 0x502: return "closure"
        default: return "element"
        }
    }

    /// The report for garbage objects selected by `include` (all garbage by default); cycles are
    /// reported when at least one of their objects is included.
    public func report(including include: (HeapGraph.Object) -> Bool = { _ in true }) -> LeakReport {
        var byType: [String: (count: Int, bytes: UInt64)] = [:]
        var overRetainedByType: [String: (count: Int, bytes: UInt64)] = [:]
        for index in graph.objects.indices where isGarbage[index] && include(graph.objects[index]) {
            let name = displayName(index)
            byType[name, default: (0, 0)].count += 1
            byType[name, default: (0, 0)].bytes += graph.objects[index].size
            if isOverRetained[index] {
                overRetainedByType[name, default: (0, 0)].count += 1
                overRetainedByType[name, default: (0, 0)].bytes += graph.objects[index].size
            }
        }
        let leaked = Self.sortedTypes(byType)

        var cycleCounts: [[LeakReport.Step]: Int] = [:]
        for component in stronglyConnectedGarbage() {
            guard component.contains(where: { include(graph.objects[$0]) }) else { continue }
            if let path = cyclePath(in: component) { cycleCounts[path, default: 0] += 1 }
        }
        let cycles = cycleCounts.map { LeakReport.Cycle(count: $0.value, path: $0.key) }
            .sorted { ($0.count, $1.pathDescription) > ($1.count, $0.pathDescription) }
        return LeakReport(leaked: leaked, cycles: cycles, overRetained: Self.sortedTypes(overRetainedByType))
    }

    /// One report per group of garbage objects, `group` naming each object's group (nil: in
    /// none), computed in one pass: a cycle belongs to every group that one of its objects is in.
    public func reports(groupedBy group: (Int) -> String?) -> [String: LeakReport] {
        var byType: [String: [String: (count: Int, bytes: UInt64)]] = [:]
        var overRetainedByType: [String: [String: (count: Int, bytes: UInt64)]] = [:]
        for index in graph.objects.indices where isGarbage[index] {
            guard let key = group(index) else { continue }
            let name = displayName(index)
            byType[key, default: [:]][name, default: (0, 0)].count += 1
            byType[key, default: [:]][name, default: (0, 0)].bytes += graph.objects[index].size
            if isOverRetained[index] {
                overRetainedByType[key, default: [:]][name, default: (0, 0)].count += 1
                overRetainedByType[key, default: [:]][name, default: (0, 0)].bytes += graph.objects[index].size
            }
        }
        var cycleCounts: [String: [[LeakReport.Step]: Int]] = [:]
        for component in stronglyConnectedGarbage() {
            let keys = Set(component.compactMap(group))
            guard !keys.isEmpty, let path = cyclePath(in: component) else { continue }
            for key in keys { cycleCounts[key, default: [:]][path, default: 0] += 1 }
        }
        var result: [String: LeakReport] = [:]
        for key in Set(byType.keys).union(cycleCounts.keys) {
            result[key] = LeakReport(leaked: Self.sortedTypes(byType[key] ?? [:]), cycles: Self.sortedCycles(cycleCounts[key] ?? [:]),
                                     overRetained: Self.sortedTypes(overRetainedByType[key] ?? [:]))
        }
        return result
    }

    static func sortedTypes(_ byType: [String: (count: Int, bytes: UInt64)]) -> [LeakReport.LeakedType] {
        byType.map { LeakReport.LeakedType(type: $0.key, count: $0.value.count, bytes: $0.value.bytes) }
            .sorted { ($0.bytes, $1.type) > ($1.bytes, $0.type) }
    }

    static func sortedCycles(_ counts: [[LeakReport.Step]: Int]) -> [LeakReport.Cycle] {
        counts.map { LeakReport.Cycle(count: $0.value, path: $0.key) }
            .sorted { ($0.count, $1.pathDescription) > ($1.count, $0.pathDescription) }
    }

    /// Strongly connected components of the garbage subgraph that form a cycle (more than one
    /// object, or one that references itself). Iterative Tarjan.
    func stronglyConnectedGarbage() -> [[Int]] { stronglyConnected { isGarbage[$0] } }

    /// Cycles through an object of type `type` among all live objects, garbage or not: how a
    /// long-lived object keeps itself alive through something held from outside (a running Task,
    /// a timer), e.g. `Poller.task → Task → closure{Poller} → Poller`.
    public func retentionCycles(through type: String) -> [LeakReport.Cycle] {
        var counts: [[LeakReport.Step]: Int] = [:]
        for component in stronglyConnected({ _ in true }) where component.contains(where: { displayName($0) == type }) {
            if let path = cyclePath(in: component) { counts[path, default: 0] += 1 }
        }
        return counts.map { LeakReport.Cycle(count: $0.value, path: $0.key) }.sorted { $0.count > $1.count }
    }

    /// Cycles through a Swift task that nothing outside the cycle holds: every other object on
    /// it is referenced only from the cycle itself, so only the running task (kept by its
    /// executor, e.g. a sleep timer, which is not a user's root) keeps them, for as long as it
    /// runs: `Poller.task → Task → closure{Poller} → Poller` after the owner dropped its poller.
    /// These are alive, not garbage, and reported apart from leaks. Each comes with its members.
    public func taskRetentions() -> [(cycle: LeakReport.Cycle, members: [Int])] {
        var incoming = [UInt64](repeating: 0, count: graph.objects.count)
        for edge in graph.edges { incoming[edge.to] += 1 }
        var result: [(LeakReport.Cycle, [Int])] = []
        for component in stronglyConnected({ !isGarbage[$0] }) where component.contains(where: { graph.objects[$0].kind == 0x502 }) {
            let members = Set(component)
            let heldOnlyByCycle = component.allSatisfy { index in
                let object = graph.objects[index]
                guard object.kind != 0x502 else { return true }
                let fromCycle = outgoingCount(into: index, from: members)
                return object.strong != UInt64.max && object.strong <= fromCycle && incoming[index] == fromCycle
            }
            guard heldOnlyByCycle, let path = cyclePath(in: component) else { continue }
            result.append((LeakReport.Cycle(count: 1, path: path), component))
        }
        return result
    }

    private func outgoingCount(into target: Int, from members: Set<Int>) -> UInt64 {
        var count: UInt64 = 0
        for member in members { count += UInt64(outgoing[member].filter { $0.to == target }.count) }
        return count
    }

    func stronglyConnected(_ include: (Int) -> Bool) -> [[Int]] {
        let count = graph.objects.count
        var indexOf = [Int](repeating: -1, count: count)
        var lowLink = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var stack: [Int] = []
        var components: [[Int]] = []
        var nextIndex = 0
        for root in 0..<count where include(root) && indexOf[root] < 0 {
            var callStack: [(node: Int, edge: Int)] = [(root, 0)]
            indexOf[root] = nextIndex; lowLink[root] = nextIndex; nextIndex += 1
            stack.append(root); onStack[root] = true
            while var frame = callStack.popLast() {
                let edges = outgoing[frame.node]
                var descended = false
                while frame.edge < edges.count {
                    let target = edges[frame.edge].to
                    frame.edge += 1
                    guard include(target) else { continue }
                    if indexOf[target] < 0 {
                        callStack.append(frame)
                        indexOf[target] = nextIndex; lowLink[target] = nextIndex; nextIndex += 1
                        stack.append(target); onStack[target] = true
                        callStack.append((target, 0))
                        descended = true
                        break
                    } else if onStack[target] {
                        lowLink[frame.node] = min(lowLink[frame.node], indexOf[target])
                    }
                }
                if descended { continue }
                if lowLink[frame.node] == indexOf[frame.node] {
                    var component: [Int] = []
                    while let member = stack.popLast() {
                        onStack[member] = false
                        component.append(member)
                        if member == frame.node { break }
                    }
                    let selfLoop = outgoing[frame.node].contains { $0.to == frame.node }
                    if component.count > 1 || selfLoop { components.append(component) }
                }
                if let parent = callStack.last {
                    lowLink[parent.node] = min(lowLink[parent.node], lowLink[frame.node])
                }
            }
        }
        return components
    }

    /// The shortest cycle through the component's most telling object (a user class instance),
    /// as type/field steps.
    func cyclePath(in component: [Int]) -> [LeakReport.Step]? {
        let members = Set(component)
        let names = component.map(displayName)
        var typeCounts: [String: Int] = [:]
        for name in names { typeCounts[name, default: 0] += 1 }
        // Start from a user class instance, preferring the type with the fewest instances (the
        // parent rather than one of its children), then by name for stable output. Every
        // object of a component lies on a cycle, so the best-ranked start is the one used.
        let ranks = component.indices.map { position -> (Int, Int, String) in
            let name = names[position]
            let userClass = graph.objects[component[position]].kind == 0 && !name.hasPrefix("_") && !name.hasPrefix("[")
            return (userClass ? 0 : 1, typeCounts[name] ?? 0, name)
        }
        guard let best = component.indices.min(by: { ranks[$0] < ranks[$1] }) else { return nil }
        let candidates = [component[best]] + component.filter { $0 != component[best] }
        for start in candidates {
            // Breadth-first search from start back to start, within the component.
            var previous: [Int: HeapGraph.Edge] = [:]
            var queue = [start]
            var head = 0
            var closing: HeapGraph.Edge?
            search: while head < queue.count {
                let node = queue[head]; head += 1
                for edge in outgoing[node] where members.contains(edge.to) {
                    if edge.to == start { closing = edge; break search }
                    if previous[edge.to] == nil { previous[edge.to] = edge; queue.append(edge.to) }
                }
            }
            guard let last = closing else { continue }
            var edges = [last]
            var node = last.from
            while node != start, let edge = previous[node] { edges.append(edge); node = edge.from }
            return edges.reversed().map { LeakReport.Step(type: displayName($0.from), via: viaName($0)) }
        }
        return nil
    }
}
