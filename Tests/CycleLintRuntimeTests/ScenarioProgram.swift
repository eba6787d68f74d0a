import Foundation

/// A small Swift program with one scenario per argv[1], compiled once per optimisation level.
enum ScenarioProgram {
    static let source = #"""
    import Foundation

    // closure stored on self, capturing self
    final class Conn {
        var name = "conn"
        var onClose: (() -> Void)?
        func open() { onClose = { print(self.name) } }
        func openWeak() { onClose = { [weak self] in print(self?.name ?? "") } }
        func openUnowned() { onClose = { [unowned self] in print(self.name) } }
        func close() {}
    }

    // strong delegate back-reference
    final class Owner { var helper: Helper?; init() { helper = Helper(); helper?.delegate = self } }
    final class Helper { var delegate: Owner? }
    final class WeakOwner { var helper: WeakHelper?; init() { helper = WeakHelper(); helper?.delegate = self } }
    final class WeakHelper { weak var delegate: WeakOwner? }

    // stored error: response → connection → protocol handler → stored error → response
    struct ResponseError: Error { let response: Response }
    final class ProtocolHandler { var storedError: Error? }
    final class Connection { let handler = ProtocolHandler() }
    final class Response {
        let connection = Connection()
        func fail() { connection.handler.storedError = ResponseError(response: self) }
        func close(clearing: Bool) { if clearing { connection.handler.storedError = nil } }
    }

    // array of children with back-references
    final class Parent { var children: [Child] = [] }
    final class Child { var parent: Parent?; init(_ p: Parent) { parent = p } }
    final class WeakParent { var children: [WeakChild] = [] }
    final class WeakChild { weak var parent: WeakParent?; init(_ p: WeakParent) { parent = p } }

    // three-object ring
    final class RingA { var next: RingB? }
    final class RingB { var next: RingC? }
    final class RingC { var next: RingA? }

    final class Plain { var data = [1, 2, 3]; var other: Plain? }

    // a Task loop that keeps self: alive at exit, held by the running task
    final class Poller {
        var task: Task<Void, Never>?
        var ticks = 0
        func start() { task = Task { while !Task.isCancelled { self.ticks += 1; try? await Task.sleep(nanoseconds: 1_000_000) } } }
        func close() {}
    }

    var registry: [AnyObject] = []

    // stale pointers in an array's spare capacity must not count as references
    final class Holder { var items: [AnyObject] = []; var me: Holder? }
    var globalPlain: Plain?
    // a dictionary's storage seeds its hashing with its own address: not a self-reference
    var globalTable: [String: Plain] = [:]

    // retained through Unmanaged: dropped (over-retained, with the child it keeps), or kept in a
    // global, in thread-specific data, in malloc'd memory a global points to, or only on another
    // thread's stack
    final class Retained { let child = Plain(); var id = 0 }
    var retainedInGlobal: Unmanaged<Retained>?
    var slotInGlobal: UnsafeMutablePointer<UnsafeMutableRawPointer>?
    var handoff: Retained?
    var contextKey = pthread_key_t()
    // a C registration of a retained context (thread-specific data), removed without a release
    @inline(never) func retainAndDrop(_ object: Retained) {
        pthread_key_create(&contextKey, nil)
        pthread_setspecific(contextKey, Unmanaged.passRetained(object).toOpaque())
        pthread_setspecific(contextKey, nil)
    }

    @inline(never) func leakRing() { let a = RingA(), b = RingB(), c = RingC(); a.next = b; b.next = c; c.next = a }

    // references inside struct fields, array elements and boxed captured vars: their ownership
    // comes from the field metadata; the owner is held by a global, so a back reference wrongly
    // taken as strong would make it look held only by its own cycle
    struct WeakBack { weak var owner: StructOwner?; var tag = 1 }
    struct UnownedBack { var tag = 2; unowned let owner: StructOwner }
    struct StrongBack { var tag = 3; let owner: StructOwner }
    struct Pair<T: AnyObject> { var first: Int; unowned let second: T }
    final class StructOwner {
        var child: AnyObject?
        var links: [UnownedBack] = []
        var optionalLinks: [UnownedBack?] = []
        var strongLinks: [StrongBack] = []
        var pairs: [Pair<StructOwner>] = []
        var onEvent: (() -> Void)?
    }
    final class WeakBackChild { var back: WeakBack; init(_ o: StructOwner) { back = WeakBack(owner: o) } }
    final class UnownedBackChild { var back: (Int, UnownedBack?); init(_ o: StructOwner) { back = (7, UnownedBack(owner: o)) } }
    final class StrongBackChild { var back: StrongBack; init(_ o: StructOwner) { back = StrongBack(owner: o) } }
    final class GenericHolder<T: AnyObject> { var pair: Pair<T>; init(_ t: T) { pair = Pair(first: 1, second: t) } }
    var structOwnerGlobal: StructOwner?
    // an `Any` field: what its buffer holds depends on the value stored in it at run time
    struct Tagged { var id: Int }
    final class AnyHolder { var slot: Any = 0; var tag = 0 }
    var anyHolderGlobal: AnyHolder?
    @inline(never) func heldOwner(_ body: (StructOwner) -> Void) { let o = StructOwner(); body(o); structOwnerGlobal = o }

    actor Counter { var value = 0; func add() { value += 1 } }

    // a ring made inside a child task of a task group, with an actor and an AsyncStream in play
    func concurrency() async {
        let counter = Counter()
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        await withTaskGroup(of: Void.self) { group in
            for i in 0..<8 {
                group.addTask {
                    await counter.add()
                    continuation.yield(i)
                    if i == 3 { leakRing() }
                }
            }
        }
        continuation.finish()
        var total = 0
        for await value in stream { total += value }
        print(total, await counter.value)
    }

    @inline(never) func scenario(_ name: String) {
        switch name {
        case "closure": let c = Conn(); c.open(); c.close()
        case "closure-weak": let c = Conn(); c.openWeak(); c.close()
        case "closure-unowned": let c = Conn(); c.openUnowned(); c.close()
        case "delegate": let o = Owner(); print(o.helper != nil)  // used, so -O keeps the allocation
        case "delegate-weak": let o = WeakOwner(); print(o.helper != nil)
        case "stored-error": let r = Response(); r.fail(); r.close(clearing: false)
        case "stored-error-fixed": let r = Response(); r.fail(); r.close(clearing: true)
        case "children":
            let p = Parent()
            for _ in 0..<5 { p.children.append(Child(p)) }
        case "children-weak":
            let p = WeakParent()
            for _ in 0..<5 { p.children.append(WeakChild(p)) }
        case "ring":
            let a = RingA(), b = RingB(), c = RingC()
            a.next = b; b.next = c; c.next = a
        case "global-ring":  // a cycle that a global still holds is not garbage
            let a = RingA(), b = RingB(), c = RingC()
            a.next = b; b.next = c; c.next = a
            registry.append(a)
        case "plain":
            let a = Plain(), b = Plain()
            a.other = b
            print(a.data.count + b.data.count)
        case "threads":
            let group = DispatchGroup()
            for t in 0..<4 {
                DispatchQueue.global().async(group: group) {
                    var keep: [Plain] = []
                    for i in 0..<50_000 {
                        let p = Plain(); p.other = Plain()
                        if i % 100 == t { keep.append(p) }
                    }
                    if t == 0 { let a = RingA(), b = RingB(), c = RingC(); a.next = b; b.next = c; c.next = a }
                    print(keep.count)
                }
            }
            group.wait()
        case "stale-capacity":
            let p = Plain(); globalPlain = p
            let h = Holder(); h.me = h
            h.items.reserveCapacity(4); h.items.append(p); h.items.removeAll(keepingCapacity: true)
        case "global-dictionary":
            for i in 0..<8 { globalTable["key\(i)"] = Plain() }
            print(globalTable.count)
        case "concurrent-perform":
            DispatchQueue.concurrentPerform(iterations: 8) { i in
                let p = Plain(), q = Plain()
                p.other = q
                if i == 5 { q.other = p }   // one two-object cycle, made on some worker
            }
        case "concurrency":
            let done = DispatchSemaphore(value: 0)
            Task { await concurrency(); done.signal() }
            done.wait()
        case "fork-exec":
            leakRing()
            let child = fork()
            if child == 0 { _exit(0) }                      // a child that exits at once
            var status: Int32 = 0
            waitpid(child, &status, 0)
            let exiting = fork()
            if exiting == 0 { let p = Plain(); print(p.data.count); exit(0) }   // runs exit handlers
            waitpid(exiting, &status, 0)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/true")
            try? process.run()
            process.waitUntilExit()
        case "leak-then-run":   // leaks a ring, then allocates until it is stopped
            leakRing()
            while true { let p = Plain(); p.other = Plain(); usleep(100) }
        case "exit-from-thread":
            leakRing()
            Thread { exit(0) }.start()
            while true { let p = Plain(); p.other = Plain(); usleep(100) }
        case "task-loop-held":   // the poller stays reachable from a global: alive, not retained by its task only
            let poller = Poller(); poller.start(); registry.append(poller); usleep(20_000)
        case "task-loop":
            let poller = Poller(); poller.start(); usleep(20_000); poller.close()
        case "unmanaged-dropped":
            let r = Retained(); r.id = 1; retainAndDrop(r)
        case "unmanaged-global":
            let r = Retained(); r.id = 2; retainedInGlobal = Unmanaged.passRetained(r)
        case "unmanaged-tls":   // the registration is kept: thread-specific data is a root
            let r = Retained(); r.id = 5
            pthread_key_create(&contextKey, nil)
            pthread_setspecific(contextKey, Unmanaged.passRetained(r).toOpaque())
        case "unmanaged-heap":
            let r = Retained(); r.id = 3
            let slot = UnsafeMutablePointer<UnsafeMutableRawPointer>.allocate(capacity: 1)
            slot.initialize(to: Unmanaged.passRetained(r).toOpaque())
            slotInGlobal = slot
        case "held-by-thread":   // a thread still running at exit holds its objects
            let ready = DispatchSemaphore(value: 0)
            handoff = Retained()
            Thread {
                let r = handoff!; handoff = nil   // from here only this thread's stack or registers
                ready.signal()
                while true { sleep(1); if r.id == 0 { print(r.child.data) } }   // never true: keeps r
            }.start()
            ready.wait()
        case "struct-weak": heldOwner { $0.child = WeakBackChild($0) }
        case "struct-unowned": heldOwner { $0.child = UnownedBackChild($0) }
        case "struct-strong": let o = StructOwner(); o.child = StrongBackChild(o); print(o.child != nil)
        case "generic-class-unowned": heldOwner { $0.child = GenericHolder($0) }
        case "array-unowned": heldOwner { o in o.links = (0..<3).map { _ in UnownedBack(owner: o) } }
        case "array-optional-unowned": heldOwner { o in o.optionalLinks = [UnownedBack(owner: o), nil, UnownedBack(owner: o)] }
        case "array-generic-unowned": heldOwner { o in o.pairs = (0..<3).map { Pair(first: $0, second: o) } }
        case "array-strong": let o = StructOwner(); o.strongLinks = (0..<3).map { _ in StrongBack(owner: o) }; print(o.strongLinks.count)
        case "any-address-id":   // an inline struct of plain data whose integer equals the holder's address
            let h = AnyHolder(); h.slot = Tagged(id: Int(bitPattern: UInt(bitPattern: ObjectIdentifier(h)))); anyHolderGlobal = h
        case "any-unowned": heldOwner { o in let h = AnyHolder(); h.slot = UnownedBack(owner: o); o.child = h }
        case "any-strong": let h = AnyHolder(); h.slot = h; print(h.tag)
        case "any-strong-struct": let o = StructOwner(); let h = AnyHolder(); h.slot = StrongBack(owner: o); o.child = h; print(h.tag)
        case "box-unowned":   // a captured var of struct type lives in a box the closure holds
            heldOwner { o in
                var back = UnownedBack(owner: o)
                o.onEvent = { back.tag += 1 }
            }
            structOwnerGlobal?.onEvent?()
        case "crash":
            let values: [Int] = []
            print(values[1])
        case "hang":
            while true { sleep(1) }
        default:
            print("unknown scenario \(name)")
            exit(3)
        }
    }

    scenario(CommandLine.arguments[1])
    """#

    /// Compiled executables by optimisation flag ("-Onone", "-O").
    private static let cache = Cache()

    final class Cache: @unchecked Sendable {
        private let lock = NSLock()
        private var paths: [String: String] = [:]

        func path(for flag: String, extraFlags: [String] = [], sourceFile: String? = nil) throws -> String {
            lock.lock()
            defer { lock.unlock() }
            let key = ([flag] + extraFlags + [sourceFile ?? "scenarios"]).joined(separator: " ")
            if let path = paths[key] { return path }
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cyclelint-runtime-tests-\(getpid())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            var sourcePath = directory.appendingPathComponent("scenarios.swift").path
            if let sourceFile { sourcePath = sourceFile } else { try source.write(toFile: sourcePath, atomically: true, encoding: .utf8) }
            let output = directory.appendingPathComponent("program\(paths.count)").path
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["swiftc", flag] + extraFlags + [sourcePath, "-o", output]
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw CompileError(flags: key) }
            paths[key] = output
            return output
        }
    }

    struct CompileError: Error { var flags: String }

    static func executable(_ flag: String, extraFlags: [String] = []) throws -> String {
        try cache.path(for: flag, extraFlags: extraFlags)
    }

    /// A `samples/Sources/<target>/main.swift` compiled on its own.
    static func sample(_ target: String, _ flag: String = "-Onone") throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try cache.path(for: flag, sourceFile: root.appendingPathComponent("samples/Sources/\(target)/main.swift").path)
    }
}
