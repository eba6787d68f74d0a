import CycleLintKit
import Testing

/// A call on one of several possible receivers (`(a ?? b).f { … }`, a local bound to `a ?? b`)
/// may keep its arguments in any of them; it releases none of them for certain.
@Suite("Calls on one of several receivers")
struct AlternativeReceiverTests {
    private static let cache = """
    final class DiskCache {
        var handlers: [(Int) -> Void] = []
        func retrieve(completion: @escaping (Int) -> Void) { handlers.append(completion) }
        func peek(completion: (Int) -> Void) { completion(0) }
    }
    """

    @Test("a closure kept by whichever receiver the call is made on closes the cycle")
    func keptByEither() throws {
        let result = try findings(Self.cache + """

        final class Loader {
            var cache = DiskCache()
            func load(override: DiskCache?) {
                let target = override ?? cache
                target.retrieve { value in self.show(value) }
            }
            func show(_ value: Int) {}
        }
        """)
        #expect(result.map(\.ruleID) == ["capture-cycle"], "\(result)")
        #expect(result.first?.location.line == 10)
    }

    @Test("a call that keeps nothing on either receiver is clean")
    func keptByNeither() throws {
        let result = try findings(Self.cache + """

        final class Loader {
            var cache = DiskCache()
            func load(override: DiskCache?) {
                let target = override ?? cache
                target.peek { value in self.show(value) }
            }
            func show(_ value: Int) {}
        }
        """)
        #expect(result.isEmpty, "\(result)")
    }

    private static func loader(stop: String) -> String {
        cache + """

        final class Loader {
            var cache = DiskCache()
            var spare = DiskCache()
            func load() { cache.retrieve { value in self.show(value) } }
            func stop(useSpare: Bool) {
                \(stop)
            }
            func show(_ value: Int) {}
        }
        """
    }

    @Test("emptying one of several receivers' handlers releases neither for certain")
    func releaseOnAlternativesIsNoRelease() throws {
        let result = try findings(Self.loader(stop: "let target = useSpare ? spare : cache; target.handlers.removeAll()"))
        #expect(result.map(\.ruleID) == ["capture-cycle"], "\(result)")
    }

    @Test("emptying the receiver's handlers itself releases them")
    func releaseOnTheReceiver() throws {
        #expect(try findings(Self.loader(stop: "cache.handlers.removeAll()")).isEmpty)
    }
}
