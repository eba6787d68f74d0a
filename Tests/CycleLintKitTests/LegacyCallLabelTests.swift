import CycleLintKit
import Testing

/// Swift 1 and 2 omitted a method's first argument label by default: `cache.retrieve(key, …)`
/// called `func retrieve(key: String, …)`. Such a call still reaches the method's summary, but
/// an overload that matches the labels exactly is preferred.
@Suite("Calls without the first label (early Swift)")
struct LegacyCallLabelTests {
    @Test("a call that omits the first label applies the method's summary")
    func elidedFirstLabel() throws {
        let result = try findings("""
        final class Cache {
            var handlers: [() -> Void] = []
            func retrieve(key: String, completion: @escaping () -> Void) { handlers.append(completion) }
        }
        final class Manager {
            let cache = Cache()
            func load() { cache.retrieve("k", completion: { self.done() }) }
            func done() {}
        }
        """)
        #expect(result.map(\.ruleID) == ["capture-cycle"], "\(result)")
        #expect(result.first?.location.line == 7)
    }

    @Test("an overload whose labels match exactly wins over the elided one")
    func exactOverloadPreferred() throws {
        let result = try findings("""
        final class Cache {
            var handlers: [() -> Void] = []
            func retrieve(key: String, completion: @escaping () -> Void) { handlers.append(completion) }
            func retrieve(_ key: String, completion: () -> Void) { completion() }
        }
        final class Manager {
            let cache = Cache()
            func load() { cache.retrieve("k", completion: { self.done() }) }
            func done() {}
        }
        """)
        #expect(result.isEmpty, "\(result)")
    }

    @Test("other label mismatches still match nothing")
    func otherMismatch() throws {
        let result = try findings("""
        final class Cache {
            var handlers: [() -> Void] = []
            func retrieve(key: String, completion: @escaping () -> Void) { handlers.append(completion) }
            func retrieve(key: String, other: Int, done: @escaping () -> Void) { handlers.append(done) }
        }
        final class Manager {
            let cache = Cache()
            func load() { cache.retrieve(key: "k", handler: { self.done() }) }
            func done() {}
        }
        """)
        #expect(result.isEmpty, "\(result)")
    }
}
