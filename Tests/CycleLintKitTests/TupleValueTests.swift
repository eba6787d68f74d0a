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
}
