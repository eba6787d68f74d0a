import CycleLintKit
import Testing

/// Property observers, getters and setters are bodies; assigning a computed property runs its setter.
@Suite("Accessor bodies")
struct AccessorBodyTests {
    @Test("a didSet that stores a closure capturing self is a cycle")
    func didSetStoresClosure() throws {
        let result = try findings("""
        final class Holder {
            var onChange: (() -> Void)?
            var value = 0 {
                didSet { onChange = { self.value += 1 } }
            }
        }
        """)
        #expect(result.map(\.ruleID) == ["capture-cycle"])
        #expect(result.first?.location.line == 4)
    }

    @Test("a didSet with [weak self] is clean")
    func didSetWeak() throws {
        let result = try findings("""
        final class Holder {
            var onChange: (() -> Void)?
            var value = 0 {
                didSet { onChange = { [weak self] in self?.value += 1 } }
            }
        }
        """)
        #expect(result.isEmpty)
    }

    @Test("assigning a computed property stores through its setter")
    func computedSetter() throws {
        let result = try findings("""
        final class Child { var parent: Parent? }
        final class Parent {
            let child = Child()
            var owner: Parent? {
                get { child.parent }
                set { child.parent = newValue }
            }
            func adopt() { owner = self }
        }
        """)
        #expect(result.map(\.ruleID) == ["backref-cycle"])
        #expect(result.first?.location.line == 8)
    }

    @Test("a computed property whose setter stores nothing holds nothing")
    func computedSetterWithoutStore() throws {
        let result = try findings("""
        final class Parent {
            var owner: Parent? {
                get { nil }
                set { print(newValue as Any) }
            }
            func adopt() { owner = self }
        }
        """)
        #expect(result.isEmpty)
    }
}
