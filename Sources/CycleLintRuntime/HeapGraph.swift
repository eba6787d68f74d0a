import CTracker

/// A snapshot of the tracked Swift heap: live objects and the strong references between them.
public struct HeapGraph: Sendable {
    /// One live Swift heap object.
    public struct Object: Sendable, Hashable {
        public var address: UInt
        public var size: UInt64
        /// Strong reference count (`UInt64.max` for immortal objects, 0 while deiniting).
        public var strong: UInt64
        /// Allocation sequence number (order of allocation while the tracker was installed).
        public var sequence: UInt64
        /// Metadata kind: 0 class instance, 0x400 closure context, 0x500 box, 0x501 error box.
        public var kind: UInt32
        /// Allocation site id, 0 when unknown.
        public var site: UInt32
        /// The runtime's type name ("" for closure contexts).
        public var type: String
        /// Words in the process's roots (globals, the C heap, thread stacks and registers) that
        /// point into it; meaningful when the graph's `rootsScanned` is true.
        public var roots: UInt32
        /// Whether its class is defined in a toolchain library (stdlib, Foundation, Dispatch,
        /// XCTest, Swift Testing).
        public var isToolchainClass: Bool

        public init(address: UInt, size: UInt64, strong: UInt64, sequence: UInt64, kind: UInt32,
                    site: UInt32, type: String, roots: UInt32 = 0, isToolchainClass: Bool = false) {
            self.address = address
            self.size = size
            self.strong = strong
            self.sequence = sequence
            self.kind = kind
            self.site = site
            self.type = type
            self.roots = roots
            self.isToolchainClass = isToolchainClass
        }
    }

    /// A strong reference found in `from`'s payload pointing into `to`.
    public struct Edge: Sendable, Hashable {
        public var from: Int
        public var to: Int
        /// Field or capture name, "" when unknown.
        public var via: String

        public init(from: Int, to: Int, via: String) {
            self.from = from
            self.to = to
            self.via = via
        }
    }

    public var objects: [Object]
    public var edges: [Edge]
    /// Whether every root was read when the snapshot was taken (all other threads stopped, the
    /// memory map readable): only then can an object be known to be over-retained.
    public var rootsScanned: Bool

    public init(objects: [Object] = [], edges: [Edge] = [], rootsScanned: Bool = false) {
        self.objects = objects
        self.edges = edges
        self.rootsScanned = rootsScanned
    }

    /// Takes a snapshot of this process's tracked heap (the tracker must be installed).
    static func snapshotOfThisProcess() -> HeapGraph? {
        guard let graph = cyclelint_graph_create() else { return nil }
        defer { cyclelint_graph_destroy(graph) }
        // These arrays hold every object's address: untracked, they are never an edge to another
        // thread's garbage (as untracked memory they are only roots, which can hide, not invent).
        cyclelint_tracker_pause_this_thread(1)
        defer { cyclelint_tracker_pause_this_thread(0) }
        let raw = graph.pointee
        var objects: [Object] = []
        objects.reserveCapacity(raw.objectCount)
        for index in 0..<raw.objectCount {
            let o = raw.objects[index]
            objects.append(Object(address: UInt(o.address), size: o.size, strong: o.strong, sequence: o.sequence,
                                  kind: o.kind, site: o.site, type: o.type.map { String(cString: $0) } ?? "",
                                  roots: o.roots, isToolchainClass: o.toolchainClass != 0))
        }
        var edges: [Edge] = []
        edges.reserveCapacity(raw.edgeCount)
        for index in 0..<raw.edgeCount {
            let e = raw.edges[index]
            edges.append(Edge(from: Int(e.from), to: Int(e.to), via: e.via.map { String(cString: $0) } ?? ""))
        }
        return HeapGraph(objects: objects, edges: edges, rootsScanned: raw.rootsScanned != 0)
    }
}
