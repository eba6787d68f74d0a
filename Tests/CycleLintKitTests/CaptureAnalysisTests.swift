@testable import CycleLintKit
import Testing

/// Capture semantics, checked on the extracted facts and on whole-engine verdicts.
@Suite("Captures")
struct CaptureAnalysisTests {
    private func closures(_ source: String, body name: String) throws -> [ClosureFacts] {
        let facts = FileFactsExtractor.extract(path: "T.swift", source: source)
        return try #require(facts.bodies.first { $0.name == name }).closures
    }

    @Test("[weak self] then guard let self before a loop holds self for the whole loop")
    func guardBeforeLoop() throws {
        let closures = try self.closures("""
        final class Feed {
            func start(_ s: AsyncStream<Int>) {
                Task { [weak self] in
                    guard let self else { return }
                    for await v in s { self.apply(v) }
                }
            }
            func apply(_ v: Int) {}
        }
        """, body: "start(_:)")
        #expect(closures[0].listedSelf == .weak)
        #expect(closures[0].strongSelfCapture == nil)
        #expect(closures[0].unboundedLoop != nil)
        #expect(closures[0].selfHeldAcrossLoop?.line == 4)
    }

    @Test("guard let self inside each iteration does not hold self across the loop")
    func guardInsideLoop() throws {
        let closures = try self.closures("""
        final class Feed {
            func start(_ s: AsyncStream<Int>) {
                Task { [weak self] in
                    for await v in s {
                        guard let self else { return }
                        self.apply(v)
                    }
                }
            }
            func apply(_ v: Int) {}
        }
        """, body: "start(_:)")
        #expect(closures[0].unboundedLoop != nil)
        #expect(closures[0].selfHeldAcrossLoop == nil)
        #expect(closures[0].strongSelfCapture == nil)
    }

    @Test("an inner [weak self] closure makes its outer closure capture self strongly")
    func innerWeakInStrongOuter() throws {
        let closures = try self.closures("""
        final class Loader {
            var completion: (() -> Void)?
            func load() {
                completion = { run { [weak self] in self?.finish() } }
            }
            func finish() {}
        }
        func run(_ body: @escaping () -> Void) {}
        """, body: "load()")
        #expect(closures.count == 2)
        #expect(closures[0].strongSelfCapture != nil)
        #expect(closures[1].listedSelf == .weak)
        #expect(closures[1].strongSelfCapture == nil)
    }

    @Test("an alias of an owned object is captured as that object")
    func aliasCapture() throws {
        let closures = try self.closures("""
        final class Car {
            let engine = Engine()
            func start() {
                let engine = self.engine
                engine.onDone = { engine.reset() }
            }
        }
        """, body: "start()")
        #expect(closures[0].strongSelfCapture == nil)
        #expect(closures[0].capturedPaths.map(\.path) == [AccessPath(.selfObject, ["engine"])])
    }

    @Test("a strong capture of a rebound self in a nested closure is strong")
    func reboundSelfInNestedClosure() throws {
        let result = try findings("""
        final class Worker {
            var handler: (() -> Void)?
            func start() {
                Task { [weak self] in
                    guard let self else { return }
                    self.handler = { self.work() }
                }
            }
            func work() {}
        }
        """)
        #expect(result.map(\.ruleID) == ["capture-cycle"])
    }

    @Test("static and global code capturing nothing of an instance is clean")
    func staticContext() throws {
        let result = try findings("""
        final class Cache {
            static var hooks: [() -> Void] = []
            static func install() { hooks.append { print("hook") } }
        }
        """)
        #expect(result.isEmpty)
    }

    @Test("a method reference passed to a storing API captures its receiver")
    func methodReferenceArgument() throws {
        let result = try findings("""
        final class Source {
            var handlers: [() -> Void] = []
            func add(_ handler: @escaping () -> Void) { handlers.append(handler) }
        }
        final class Sink {
            let source = Source()
            init() { source.add(self.refresh) }
            func refresh() {}
        }
        """)
        #expect(result.map(\.ruleID) == ["capture-cycle"])
    }

    @Test("a closure passed to an unknown external function is not assumed to be stored")
    func unknownExternalFunction() throws {
        let result = try findings("""
        import Foundation
        final class Reporter {
            func report() { Logger.shared.log { self.describe() } }
            func describe() -> String { "" }
        }
        """)
        #expect(result.isEmpty)
    }
}

@Suite("Loops")
struct LoopTests {
    private func loop(_ body: String) -> CycleLintKit.SourceLocation? {
        let source = """
        final class Pump {
            func start(_ it: AsyncStream<Int>.Iterator) {
                Task {
                    var it = it
                    \(body)
                }
            }
            func take(_ v: Int) {}
        }
        """
        let facts = FileFactsExtractor.extract(path: "P.swift", source: source)
        return facts.bodies.first { $0.name == "start(_:)" }?.closures.first?.unboundedLoop
    }

    @Test("while true without an exit is unbounded")
    func endless() {
        #expect(loop("while true { self.take(1) }") != nil)
        #expect(loop("repeat { self.take(1) } while true") != nil)
        #expect(loop("while true { switch 1 { case 1: break; default: break } }") != nil)
        #expect(loop("while true { for x in [1] { if x == 1 { break } } }") != nil)
    }

    @Test("while true that breaks, returns or throws out is bounded")
    func exits() {
        #expect(loop("while true { guard let v = await it.next() else { break }; self.take(v) }") == nil)
        #expect(loop("loop: while true { switch 1 { case 1: break loop; default: break } }") == nil)
        #expect(loop("while true { if Bool.random() { return } }") == nil)
    }
}
