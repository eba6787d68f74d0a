import CycleLintKit
import Testing

/// The unbalanced-retain message names the retained object as the source spells it.
@Suite("unbalanced-retain messages")
struct UnbalancedRetainMessageTests {
    @Test("a retained call result is named by its call, not an internal id")
    func callResultIsSpelledAsTheCall() throws {
        let source = """
            final class Foo {}
            struct Storage { var pointer: Unmanaged<Foo> }
            func make() -> Int {
                let storage = Storage(pointer: Unmanaged.passRetained(Foo()))
                keep(storage)
                return 0
            }
            func keep(_ storage: Storage) {}
            """
        let result = try CycleLint.check(sources: [(path: "Storage.swift", text: source)])
        let messages = result.findings.filter { $0.ruleID == "unbalanced-retain" }.map(\.message)
        #expect(messages.count == 1, "\(result.findings)")
        #expect(messages.allSatisfy { $0.hasPrefix("Unmanaged.passRetained(Foo()) is handed to") }, "\(messages)")
    }
}
