import CycleLintKit
import Testing

/// A tuple holds its elements: storing or appending a tuple stores each element, as an array
/// literal does; destructuring binds each name to its own value, not to the whole tuple.
@Suite("Tuples hold their elements")
struct TupleValueTests {
    @Test("a closure capturing self inside a tuple appended to self's list is a cycle")
    func tupleAppended() throws {
        let result = try findings("""
        import Dispatch
        final class Request {
            var streams: [(DispatchQueue, (Int) -> Void)] = []
            func stream(on queue: DispatchQueue) {
                let handler = { (value: Int) in self.consume(value) }
                streams.append((queue, handler))
            }
            func consume(_ value: Int) {}
        }
        """)
        #expect(result.map(\.location.line) == [6], "\(result)")
    }

    @Test("a tuple literal built with a capturing closure and stored is a cycle")
    func tupleStored() throws {
        let result = try findings("""
        final class Poller {
            var pair: (String, () -> Void)?
            func arm() { pair = ("tick", { self.tick() }) }
            func tick() {}
        }
        """)
        #expect(result.count == 1, "\(result)")
    }

    @Test("weak captures, a tuple that is not kept, and destructured names hold nothing of self")
    func clean() throws {
        let result = try findings("""
        import Dispatch
        final class Request {
            var streams: [(DispatchQueue, (Int) -> Void)] = []
            var name = ""
            func stream(on queue: DispatchQueue) {
                streams.append((queue, { [weak self] value in self?.consume(value) }))
                let pending = (queue, { (value: Int) in self.consume(value) })
                print(pending.0)
                let (label, _) = ("x", { self.consume(1) })
                name = label
            }
            func consume(_ value: Int) {}
        }
        """)
        #expect(result.isEmpty, "\(result)")
    }

    @Test("a destructured tuple element and a tuple's .1 are the values at those positions")
    func positionalElements() throws {
        let result = try findings("""
        final class Task { var done: (() -> Void)? }
        final class Starter {
            func start() -> Task {
                let task = Task()
                let (kept, other) = ({ print(task) }, { print("idle") })
                task.done = kept
                _ = other
                return task
            }
            func startFromPair() -> Task {
                let task = Task()
                let pair = (1, { print(task) })
                task.done = pair.1
                return task
            }
        }
        """)
        #expect(result.map(\.location.line) == [6, 13], "\(result)")
    }

    @Test("the other positions of a tuple hold nothing of what is stored")
    func positionalElementsClean() throws {
        let result = try findings("""
        final class Task { var done: (() -> Void)? }
        final class Starter {
            func start() -> Task {
                let task = Task()
                let (kept, other) = ({ print(task) }, { print("idle") })
                task.done = other
                _ = kept
                return task
            }
            func startFromPair() -> Task {
                let task = Task()
                let pair = ({ print(task) }, { print("idle") })
                task.done = pair.1
                return task
            }
        }
        """)
        #expect(result.isEmpty, "\(result)")
    }

    @Test("a tuple a local function returns is destructured by position (Kingfisher's parseOptionsInfo)")
    func localFunctionTuple() throws {
        let result = try findings("""
        final class DiskCache {
            func retrieve(key: String, completion: @escaping (Int) -> Void) -> () -> Void {
                return { completion(1) }
            }
        }
        final class RetrieveTask { var diskTask: (() -> Void)? }
        final class Manager {
            var cache = DiskCache()
            func retrieve(key: String, override: DiskCache?) -> RetrieveTask {
                func parse() -> (Int, DiskCache) { (1, override ?? self.cache) }
                let task = RetrieveTask()
                let parsed = parse()
                let (retries, targetCache) = (parsed.0, parsed.1)
                task.diskTask = targetCache.retrieve(key: key) { image in print(task, retries, image) }
                return task
            }
        }
        """)
        #expect(result.map(\.ruleID) == ["capture-cycle"], "\(result)")
        #expect(result.first?.location.line == 14)
    }
}
