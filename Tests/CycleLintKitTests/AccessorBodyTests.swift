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

    /// A delegate box whose `delegate(on:block:)` stores a closure capturing `block` through the
    /// computed `block`, whose setter keeps it in `_block` (Kingfisher's `Delegate`).
    private static func delegateBox(setter: String) -> String {
        """
        import Dispatch
        final class Delegate<Input> {
            private let queue = DispatchQueue(label: "delegate")
            private var _block: ((Input) -> Void)?
            private var block: ((Input) -> Void)? {
                get { queue.sync { _block } }
                set { \(setter) }
            }
            func delegate<T: AnyObject>(on target: T, block: @escaping (T, Input) -> Void) {
                self.block = { [weak target] input in
                    guard let target else { return }
                    block(target, input)
                }
            }
        }
        final class SessionTask {
            let onDone = Delegate<Int>()
            var metrics = 0
        }
        final class Downloader {
            func start(task: SessionTask) {
                task.onDone.delegate(on: self) { (downloader, value) in
                    print(task.metrics, value)
                }
            }
        }
        """
    }

    @Test("a method that stores its argument through a computed property's setter keeps it where the setter does")
    func methodStoresThroughSetter() throws {
        let result = try findings(Self.delegateBox(setter: "queue.sync { _block = newValue }"))
        #expect(result.map(\.ruleID) == ["capture-cycle"])
        #expect(result.first?.location.line == 22)
        #expect(result.first?.message.contains("_block") == true)
    }

    @Test("a setter that keeps nothing makes the method keep nothing")
    func methodStoresThroughSetterThatDropsTheValue() throws {
        #expect(try findings(Self.delegateBox(setter: "queue.sync { print(newValue as Any) }")).isEmpty)
    }

    @Test("the same store of a closure that captures the task weakly is clean")
    func methodStoresThroughSetterWeakCapture() throws {
        let source = Self.delegateBox(setter: "queue.sync { _block = newValue }")
            .replacingOccurrences(of: "(downloader, value) in", with: "[weak task] (downloader, value) in")
            .replacingOccurrences(of: "print(task.metrics, value)", with: "print(task?.metrics as Any, value)")
        #expect(try findings(source).isEmpty)
    }
}
