import CycleLintKit
import Foundation
import Testing

/// The facts the concurrency rules read: lock regions, callbacks, loops, streams, handlers.
@Suite("Concurrency facts")
struct ConcurrencyFactsTests {
    private func facts(_ source: String) -> ConcurrencyFacts {
        FileFactsExtractor.extract(path: "Example.swift", source: source).concurrency
    }

    private func accesses(_ facts: ConcurrencyFacts, _ name: String) -> [MemberAccessFacts] {
        facts.accesses.filter { $0.name == name }
    }

    @Test("lock()/unlock() pairs, defer unlock and lock closures protect; an escaping closure inside a lock does not")
    func lockRegions() throws {
        let result = facts("""
        import Foundation
        final class Box {
            let lock = NSLock()
            var a = 0
            var b = 0
            var c = 0
            var d = 0
            func run() {
                a = 1
                lock.lock()
                b = 1
                DispatchQueue.global().async { self.c = 1 }
                lock.unlock()
                d = 1
            }
            func scoped() {
                lock.lock()
                defer { lock.unlock() }
                if d > 0 { d = 2 }
            }
            func closure() { lock.withLock { self.a = 3 } }
        }
        """)
        let a = accesses(result, "a")
        #expect(a.map(\.isProtected) == [false, true])
        #expect(accesses(result, "b").map(\.isProtected) == [true])
        #expect(accesses(result, "c").map(\.isProtected) == [false])
        let d = accesses(result, "d")
        #expect(d.map(\.isProtected) == [false, true, true])
        #expect(d.map(\.kind) == [.assign, .read, .assign])
    }

    @Test("locals and parameters shadow properties; writes are classified")
    func accessKinds() throws {
        let result = facts("""
        final class Queue {
            var items: [Int] = []
            var last: Int?
            func run(items other: [Int]) {
                let last = 3
                print(last)
                items.append(1)
                items += other
                self.items.removeAll()
                items = []
                self.last = nil
                swap(&items, &items)
            }
        }
        """)
        #expect(accesses(result, "last").map(\.kind) == [.clear])
        let items = accesses(result, "items")
        #expect(items.map(\.kind) == [.call, .compoundAssign, .call, .clear, .inout, .inout])
        #expect(items[0].isInsertion && items[1].isInsertion)
        #expect(items[2].isRemoval && items[3].isRemoval)
    }

    @Test("streams: policy, continuation by closure parameter, tuple binding and property; yields in loops and callbacks")
    func streams() throws {
        let result = facts("""
        final class Feed {
            var continuation: AsyncStream<Int>.Continuation?
            func make() -> AsyncStream<Int> {
                let bounded = AsyncStream(Int.self, bufferingPolicy: .bufferingOldest(4)) { c in c.yield(0) }
                _ = bounded
                return AsyncStream { continuation in
                    self.continuation = continuation
                    Task { while true { continuation.yield(1) } }
                    register { value in continuation.yield(value) }
                }
            }
            func local() {
                let (stream, input) = AsyncStream.makeStream(of: Int.self)
                input.yield(2)
                _ = stream
            }
            func register(_ handler: @escaping (Int) -> Void) {}
            func event() { continuation?.yield(3) }
        }
        """)
        #expect(result.streams.map(\.policy) == [".bufferingOldest(4)", nil, nil])
        #expect(result.streams.map(\.continuationName) == ["c", "continuation", "input"])
        #expect(result.streams[1].continuationProperty == "continuation")
        #expect(result.yields.map(\.stream) == [0, 1, 1, 2, nil])
        #expect(result.yields.map(\.inLoop) == [false, true, false, false, false])
        #expect(result.yields.map(\.inCallback) == [false, true, true, false, false])
        #expect(result.yields.map(\.callbackRunsOnce) == [false, true, false, false, false])
        #expect(result.yields[4].property == "continuation")
    }

    @Test("cancellation handlers know their operation and onCancel closures")
    func cancellationHandlers() throws {
        let result = facts("""
        final class Waiters {
            var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
            func wait(id: Int) async {
                await withTaskCancellationHandler {
                    await withCheckedContinuation { waiters[id] = $0 }
                } onCancel: {
                    self.cancel(id)
                }
            }
            func cancel(_ id: Int) { waiters.removeValue(forKey: id)?.resume() }
        }
        """)
        #expect(result.cancellationHandlers.count == 1)
        #expect(result.cancellationHandlers[0].onCancelResumes == false)
        let stored = try #require(accesses(result, "waiters").first)
        #expect(stored.kind == .subscriptSet && stored.operationOf == 0 && stored.onCancelOf == nil)
        let wait = try #require(result.functions.first { $0.name == "wait" })
        #expect(wait.ownCalls.filter { $0.name == "cancel" }.map(\.onCancelOf) == [0])
        #expect(result.functions.first { $0.name == "cancel" }?.resumesSomething == true)
    }

    @Test("facts survive a JSON round trip")
    func codable() throws {
        let original = FileFactsExtractor.extract(path: "Example.swift", source: """
        final class A: @unchecked Sendable { var x = 0; func f() { x += 1 } }
        """)
        let data = try JSONEncoder().encode(original)
        let decoded = try JSONDecoder().decode(FileFacts.self, from: data)
        #expect(decoded.concurrency.accesses.count == original.concurrency.accesses.count)
        #expect(decoded.concurrency.properties.map(\.name) == ["x"])
    }
}
