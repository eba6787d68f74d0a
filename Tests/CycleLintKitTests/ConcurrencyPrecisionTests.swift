import CycleLintKit
import Testing

/// Precision of the concurrency rules: locks the extractor must see (project lock helpers, `#if`
/// branches), accesses that are not writes, races that need a second access, and producers that
/// end.
@Suite("Concurrency precision")
struct ConcurrencyPrecisionTests {
    private func findings(_ rule: String, _ sources: [(String, String)]) throws -> [Finding] {
        try CycleLint.check(sources: sources.map { (path: $0.0, text: $0.1) }).findings.filter { $0.ruleID == rule }
    }

    private static let lockHelper = """
    import Foundation
    extension NSLocking {
        func locked<T>(_ body: () throws -> T) rethrows -> T {
            lock()
            defer { unlock() }
            return try body()
        }
    }
    final class Guarded {
        private let lock = NSLock()
        func sync<T>(_ operation: () throws -> T) rethrows -> T { try lock.locked(operation) }
    }
    """

    @Test("a lock helper defined in another file protects what its closure does, also through a forwarding helper")
    func lockHelperInAnotherFile() throws {
        let found = try findings("unchecked-sendable", [("Locking.swift", Self.lockHelper), ("Store.swift", """
        import Foundation
        final class Store: @unchecked Sendable {
            private let lock = NSLock()
            private let guarded = Guarded()
            private var items: [String] = []
            private var hits = 0
            func add(_ item: String) { lock.locked { items.append(item) } }
            var all: [String] { lock.locked { items } }
            func hit() { guarded.sync { hits += 1 } }
            var hitCount: Int { guarded.sync { hits } }
        }
        """)])
        #expect(found.isEmpty)
    }

    @Test("an access outside the helper's closure is still reported, naming the access it races with")
    func lockHelperOutside() throws {
        let found = try findings("unchecked-sendable", [("Locking.swift", Self.lockHelper), ("Store.swift", """
        import Foundation
        final class Store: @unchecked Sendable {
            private let lock = NSLock()
            private var items: [String] = []
            func add(_ item: String) { lock.locked { items.append(item) } }
            var count: Int { items.count }
        }
        """)])
        #expect(found.map(\.location.line) == [6])
        #expect(found.first?.message.contains("racing with the access where it is written in add() (Store.swift:5)") == true)
        #expect(found.first?.path.first?.location.line == 5)
        #expect(found.first?.path.first?.description.contains("holding a lock") == true)
    }

    @Test("a closure handed to an unknown call that does not lock is not protected")
    func unknownCalleeIsNotALock() throws {
        let found = try findings("unchecked-sendable", [("Store.swift", """
        final class Store: @unchecked Sendable {
            private var items: [String] = []
            func perform(_ body: () -> Void) { body() }
            func add(_ item: String) { perform { items.append(item) } }
            var count: Int { items.count }
        }
        """)])
        #expect(found.map(\.location.line) == [4, 5])
    }

    @Test("a lock taken in both branches of an #if holds after #endif; one taken in neither does not")
    func ifConfigLocks() throws {
        let found = try findings("unchecked-sendable", [("Handles.swift", """
        final class Handles: @unchecked Sendable {
            private var mutex = pthread_mutex_t()
            private var open: [Int32] = []
            private var closed: [Int32] = []
            func add(_ handle: Int32) {
                #if os(Windows)
                EnterCriticalSection(&section)
                #else
                pthread_mutex_lock(&mutex)
                #endif
                open.append(handle)
                #if os(Windows)
                LeaveCriticalSection(&section)
                #else
                pthread_mutex_unlock(&mutex)
                #endif
                closed.append(handle)
            }
            func count() -> Int {
                pthread_mutex_lock(&mutex)
                defer { pthread_mutex_unlock(&mutex) }
                return open.count + closed.count
            }
        }
        """)])
        #expect(found.map(\.location.line) == [17])
    }

    @Test("methods called on a class-typed property read it; on a value-typed one they write it")
    func classPropertyCalls() throws {
        let found = try findings("unchecked-sendable", [("Server.swift", """
        final class Connections {
            func add(_ id: Int) {}
            func removeAll() {}
        }
        final class Server: @unchecked Sendable {
            let registry = Connections()
            private var pool: Connections? = Connections()
            private var ids: [Int] = []
            func accept(_ id: Int) {
                registry.add(id)
                pool?.add(id)
                ids.append(id)
            }
            func stop() {
                registry.removeAll()
                pool?.removeAll()
                ids.removeAll()
            }
        }
        """)])
        #expect(found.map(\.location.line) == [12, 17])
    }

    @Test("state touched in one place only races with nothing")
    func singleAccess() throws {
        let found = try findings("unchecked-sendable", [("Stats.swift", """
        final class Stats: @unchecked Sendable {
            private var hits = 0
            private var misses = 0
            func hit() { hits += 1 }
            func miss() { misses += 1 }
            var ratio: Double { Double(misses) }
        }
        """)])
        #expect(found.map(\.location.line) == [5, 6])
    }

    @Test("a bounded producer beside an unbounded one: only the unbounded stream is reported")
    func boundedBesideUnbounded() throws {
        let found = try findings("unbounded-buffer", [("Feeds.swift", """
        import Foundation
        final class Feeds {
            func replay(_ lines: [String]) -> AsyncStream<String> {
                AsyncStream { continuation in
                    Task {
                        var index = 0
                        while index < lines.count {
                            continuation.yield(lines[index])
                            index += 1
                        }
                        continuation.finish()
                    }
                }
            }
            func ticks() -> AsyncStream<Date> {
                AsyncStream { continuation in
                    Task {
                        while !Task.isCancelled {
                            continuation.yield(Date())
                            try? await Task.sleep(nanoseconds: 1_000)
                        }
                        continuation.finish()
                    }
                }
            }
        }
        """)])
        #expect(found.map(\.location.line) == [16])
    }

    @Test("a signal handler is a low-rate source; a timer's event handler feeds without bound")
    func lowRateSource() throws {
        let found = try findings("unbounded-buffer", [("Sources.swift", """
        import Dispatch
        func signals() -> AsyncStream<Int32> {
            let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
            let signalSource = DispatchSource.makeSignalSource(signal: SIGTERM)
            signalSource.setEventHandler { continuation.yield(SIGTERM) }
            signalSource.resume()
            return stream
        }
        func ticks() -> AsyncStream<Int> {
            let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
            let timer = DispatchSource.makeTimerSource()
            timer.setEventHandler { continuation.yield(1) }
            timer.resume()
            return stream
        }
        """)])
        #expect(found.map(\.location.line) == [10])
    }

    @Test("a consumer that hands each element off at once keeps the buffer empty; one that awaits per element does not")
    func drainingConsumer() throws {
        let source = """
        final class Jobs {
            private let jobs: AsyncStream<Int>
            private let continuation: AsyncStream<Int>.Continuation
            init() { (jobs, continuation) = AsyncStream.makeStream(of: Int.self) }
            func produce() {
                Task {
                    while !Task.isCancelled { continuation.yield(1) }
                }
            }
            func consume(_ handle: @escaping @Sendable (Int) async -> Void) async {
                await withTaskGroup(of: Void.self) { group in
                    for await job in jobs { group.addTask { await handle(job) } }
                }
            }
        }
        """
        #expect(try findings("unbounded-buffer", [("Jobs.swift", source)]).isEmpty)
        let slow = source.replacingOccurrences(of: "group.addTask { await handle(job) }", with: "await handle(job)")
        #expect(try findings("unbounded-buffer", [("Jobs.swift", slow)]).map(\.location.line) == [4])
    }
}
