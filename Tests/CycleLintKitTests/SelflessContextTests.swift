import CycleLintKit
import Testing

/// Bodies without a shared reference `self` (a struct's or enum's methods, static methods) are
/// analysed one by one: their locals and parameters can still form cycles.
@Suite("Value-type and static bodies")
struct SelflessContextTests {
    private static let textView = """
    final class TextView {
        var updateClosure: (() -> Void)?
        func refresh() {}
    }
    """

    @Test("a struct method whose local stores a closure capturing that local: a cycle")
    func structMethodLocalCycle() throws {
        let result = try findings([("TextView.swift", Self.textView), ("MessageText.swift", """
        struct MessageText {
            func makeView() -> TextView {
                let textView = TextView()
                textView.updateClosure = {
                    textView.refresh()
                }
                return textView
            }
        }
        """)])
        #expect(result.map(\.ruleID) == ["capture-cycle"])
        #expect(result.first?.location.line == 4)
    }

    @Test("the same local captured weakly is no cycle")
    func structMethodWeakLocal() throws {
        let result = try findings([("TextView.swift", Self.textView), ("MessageText.swift", """
        struct MessageText {
            func makeView() -> TextView {
                let textView = TextView()
                textView.updateClosure = { [weak textView] in textView?.refresh() }
                return textView
            }
        }
        """)])
        #expect(result.isEmpty)
    }

    @Test("a struct storing a closure that captures the struct holds a copy, not itself")
    func structSelfCaptureIsNoCycle() throws {
        let result = try findings("""
        struct Counter {
            var onChange: (() -> Void)?
            var count = 0
            mutating func bind() {
                onChange = { print(self.count) }
                self.onChange = { print(count) }
            }
        }
        """)
        #expect(result.isEmpty)
    }

    @Test("a static factory that ties two new objects to each other: a cycle")
    func staticFactoryBackref() throws {
        let result = try findings("""
        final class Coordinator {
            var controller: Controller?
            static func make() -> Coordinator {
                let coordinator = Coordinator()
                let controller = Controller()
                coordinator.controller = controller
                controller.owner = coordinator
                return coordinator
            }
        }
        final class Controller {
            var owner: Coordinator?
        }
        """)
        #expect(result.map(\.ruleID) == ["backref-cycle"])
        #expect(result.first.map { [6, 7].contains($0.location.line) } == true)
    }

    @Test("a static factory whose back reference is weak is no cycle")
    func staticFactoryWeakBackref() throws {
        let result = try findings("""
        final class Coordinator {
            var controller: Controller?
            static func make() -> Coordinator {
                let coordinator = Coordinator()
                let controller = Controller()
                coordinator.controller = controller
                controller.owner = coordinator
                return coordinator
            }
        }
        final class Controller {
            weak var owner: Coordinator?
        }
        """)
        #expect(result.isEmpty)
    }

    @Test("values hold copies: a struct appended into a copy of itself is no cycle")
    func valueCopiesAreNoCycle() throws {
        let result = try findings("""
        struct Description { var members: [Declaration] = [] }
        indirect enum Declaration { case nested(Description) }
        struct Translator {
            func boxed(_ desc: Description) -> Description {
                var storage = desc
                storage.members = []
                var result = desc
                result.members.append(.nested(storage))
                return result
            }
        }
        """)
        #expect(result.isEmpty)
    }

    @Test("the same shape with a class is a cycle: the object holds itself")
    func referenceAppendedIntoItselfIsACycle() throws {
        let result = try findings("""
        final class Description { var members: [Description] = [] }
        struct Translator {
            func boxed(_ desc: Description) -> Description {
                let storage = desc
                desc.members.append(storage)
                return desc
            }
        }
        """)
        #expect(result.map(\.ruleID) == ["backref-cycle"])
    }
}
