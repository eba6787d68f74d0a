import CycleLintKit
import Testing

/// Replacing a stored closure with one that captures nothing (`onDone = { _ in }`) lets go of
/// the old closure and what it captured, like setting it to `nil`.
@Suite("Closures reset to capture-free ones")
struct ClosureResetReleaseTests {
    private static func source(finish: String) -> String {
        """
        final class Sink {
            private var onDone: (Int) -> Void
            init(onDone: @escaping (Int) -> Void) { self.onDone = onDone }
            func receive(_ value: Int) {
                let done = onDone
                \(finish)
                done(value)
            }
        }
        final class Owner {
            var sink: Sink?
            func start() {
                sink = Sink(onDone: { _ in self.finish() })
                sink?.receive(1)
            }
            func finish() {}
        }
        """
    }

    @Test("a sink that keeps its handler after it ran holds the owner that holds it")
    func handlerKept() throws {
        let result = try findings(Self.source(finish: "print(value)"))
        #expect(result.map(\.ruleID) == ["capture-cycle"])
        #expect(result.first?.location.line == 13)
    }

    @Test("a sink that swaps its handler for an empty closure once it ran breaks the cycle")
    func handlerResetToEmptyClosure() throws {
        #expect(try findings(Self.source(finish: "onDone = { _ in }")).isEmpty)
    }

    @Test("swapping in a closure that captures self again is no release")
    func handlerResetToCapturingClosure() throws {
        // The owner's cycle stays (line 13), and the sink now holds a closure capturing itself.
        let result = try findings(Self.source(finish: "onDone = { _ in print(self) }"))
        #expect(result.filter { $0.location.line == 13 }.map(\.ruleID) == ["capture-cycle"])
        #expect(result.map(\.ruleID) == ["capture-cycle", "capture-cycle"])
    }
}
