@testable import CycleLintKit
import Testing

/// Implicit-self calls, nested closures, capture-list members and other capture corners.
@Suite("Implicit and nested captures")
struct ImplicitCaptureTests {
    @Test("an implicit-self method call inside a closure captures self")
    func implicitMethodCall() throws {
        let result = try findings("""
        final class Feed {
            var onValue: ((Int) -> Void)?
            func start() { onValue = { m in handle(m) } }
            func handle(_ m: Int) {}
        }
        """)
        #expect(result.map(\.ruleID) == ["capture-cycle"])
        #expect(result.first?.location.line == 3)
    }

    @Test("calling a global function inside a closure captures nothing")
    func globalFunctionCall() throws {
        let result = try findings("""
        func log(_ m: Int) {}
        final class Feed {
            var onValue: ((Int) -> Void)?
            func start() { onValue = { m in log(m) } }
        }
        """)
        #expect(result.isEmpty)
    }

    @Test("a nested closure's capture of self is its enclosing closure's, whatever the nested one is given to")
    func nestedClosureInActor() throws {
        let result = try findings("""
        actor Cache {
            var onEvict: ((String) -> Void)?
            func setUp() {
                onEvict = { key in Task { await self.evict(key) } }
            }
            func evict(_ key: String) {}
        }
        """)
        #expect(result.map(\.ruleID) == ["capture-cycle"])
    }

    @Test("a weak outer capture makes the nested closure's self weak too")
    func nestedClosureWeakOuter() throws {
        let result = try findings("""
        actor Cache {
            var onEvict: ((String) -> Void)?
            func setUp() {
                onEvict = { [weak self] key in Task { await self?.remove(key) } }
            }
            func evict(_ key: String) {}
        }
        """)
        #expect(result.isEmpty)
    }

    @Test("a capture-list item naming an implicit member captures that member's value, not self")
    func captureListMember() throws {
        let result = try findings("""
        final class Runner {
            var handler: (Int) -> Void = { _ in }
            var onEvent: ((Int) -> Void)?
            func setUp() { onEvent = { [handler] x in handler(x) } }
        }
        """)
        #expect(result.isEmpty)
        let facts = FileFactsExtractor.extract(path: "T.swift", source: """
        final class Runner {
            var handler: (Int) -> Void = { _ in }
            func setUp() { _ = { [handler] x in handler(x) } }
        }
        """)
        let closure = try #require(facts.bodies.first { $0.name == "setUp()" }?.closures.first)
        #expect(closure.strongSelfCapture == nil)
        #expect(closure.capturedPaths.map(\.path) == [AccessPath(.selfObject, ["handler"])])
    }

    @Test("a capture-list item naming a method captures self through the method reference")
    func captureListMethod() throws {
        let result = try findings("""
        final class Runner {
            var onEvent: ((Int) -> Void)?
            func setUp() { onEvent = { [handle] x in handle(x) } }
            func handle(_ x: Int) {}
        }
        """)
        #expect(result.map(\.ruleID) == ["capture-cycle"])
    }

    @Test("a local token captured by the closure it keeps holds itself until something cancels it")
    func selfCapturingLocal() throws {
        let result = try findings("""
        import Combine
        final class Watcher {
            let subject = PassthroughSubject<Int, Never>()
            func watch() {
                var token: AnyCancellable?
                token = subject.sink { _ in print(token as Any) }
            }
        }
        """)
        #expect(result.contains { $0.location.line == 6 })
        let oneShot = try findings("""
        import Combine
        final class Watcher {
            let subject = PassthroughSubject<Int, Never>()
            func watch() {
                var token: AnyCancellable?
                token = subject.sink { _ in token?.cancel() }
            }
        }
        """)
        #expect(oneShot.isEmpty)
    }

    @Test("a property-wrapper write closure stores into the wrapped value")
    func wrappedStateWrite() throws {
        let result = try findings("""
        final class State { var observers: [Hub] = [] }
        @propertyWrapper final class Guarded<Value> {
            var wrappedValue: Value
            init(wrappedValue: Value) { self.wrappedValue = wrappedValue }
            var projectedValue: Guarded<Value> { self }
            func mutate(_ body: (inout Value) -> Void) { body(&wrappedValue) }
        }
        final class Hub {
            @Guarded var state = State()
            func join() { $state.mutate { $0.observers.append(self) } }
        }
        """)
        #expect(result.contains { $0.location.line == 10 })
    }
}
