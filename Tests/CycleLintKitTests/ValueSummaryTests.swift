import CycleLintKit
import Testing

/// Summaries that follow values: what factories return, what unseen initializers keep, what a
/// stored token holds, typed free-function parameters and call results.
@Suite("Value-following summaries")
struct ValueSummaryTests {
    @Test("a closure factory's result carries its capture of self")
    func closureFactory() throws {
        let result = try findings("""
        final class Model {
            var count = 0
            var handler: (() -> Void)?
            func makeHandler() -> () -> Void { { self.count += 1 } }
            func setUp() { handler = makeHandler() }
        }
        """)
        #expect(result.map(\.ruleID) == ["capture-cycle"])
        #expect(result.first?.location.line == 5)
    }

    @Test("a factory whose closure captures self weakly returns nothing that holds self")
    func weakClosureFactory() throws {
        let result = try findings("""
        final class Model {
            var count = 0
            var handler: (() -> Void)?
            func makeHandler() -> () -> Void { { [weak self] in self?.count += 1 } }
            func setUp() { handler = makeHandler() }
        }
        """)
        #expect(result.isEmpty)
    }

    @Test("an immediately-invoked closure yields what it returns")
    func immediatelyInvokedClosure() throws {
        let result = try findings("""
        final class BarView { var delegate: Controller? }
        final class Controller {
            lazy var bar: BarView = {
                let b = BarView()
                b.delegate = self
                return b
            }()
        }
        """)
        #expect(result.map(\.ruleID) == ["backref-cycle"])
    }

    @Test("an immediately-invoked closure that wires a weak delegate is clean")
    func immediatelyInvokedClosureWeak() throws {
        let result = try findings("""
        final class BarView { weak var delegate: Controller? }
        final class Controller {
            lazy var bar: BarView = {
                let b = BarView()
                b.delegate = self
                return b
            }()
        }
        """)
        #expect(result.isEmpty)
    }

    @Test("an unseen type's initializer given a closure keeps it when its result is stored")
    func unseenInitializerKeepsClosure() throws {
        let result = try findings("""
        final class Ticker {
            var poller: Poller?
            func start() { poller = Poller(interval: 1) { self.tick() } }
            func tick() {}
        }
        """)
        #expect(result.map(\.ruleID) == ["capture-cycle"])
        #expect(result.first?.location.line == 3)
    }

    @Test("an unseen initializer whose result is not kept, or a known non-escaping one, holds nothing")
    func unseenInitializerNotKept() throws {
        let result = try findings("""
        final class Ticker {
            var values: [Int] = []
            var outcome: Result<Int, Error>?
            func start() {
                _ = Poller(interval: 1) { self.tick() }
                outcome = Result { try self.compute() }
            }
            func compute() throws -> Int { 1 }
            func tick() {}
        }
        """)
        #expect(result.isEmpty)
    }

    @Test("a parameter captured by a closure whose token self stores is held by self")
    func parameterCapturedByStoredToken() throws {
        let result = try findings("""
        import Combine
        final class Child {
            var token: AnyCancellable?
            init(parent: Parent) {
                token = parent.subject.sink { _ in parent.refresh() }
            }
        }
        final class Parent {
            let subject = PassthroughSubject<Int, Never>()
            var child: Child?
            func attach() { child = Child(parent: self) }
            func refresh() {}
        }
        """)
        #expect(result.map(\.ruleID).contains("backref-cycle") || result.map(\.ruleID).contains("capture-cycle"))
        #expect(result.contains { $0.location.line == 11 })
    }

    @Test("a parameter captured weakly by the stored token's closure is not held")
    func parameterCapturedWeaklyByStoredToken() throws {
        let result = try findings("""
        import Combine
        final class Child {
            var token: AnyCancellable?
            init(parent: Parent) {
                token = parent.subject.sink { [weak parent] _ in parent?.refresh() }
            }
        }
        final class Parent {
            let subject = PassthroughSubject<Int, Never>()
            var child: Child?
            func attach() { child = Child(parent: self) }
            func refresh() {}
        }
        """)
        #expect(result.isEmpty)
    }

    @Test("a free function's typed parameters tie two instances into a cycle")
    func freeFunctionParameters() throws {
        let result = try findings("""
        final class Human { var spouse: Human? }
        func link(_ a: Human, _ b: Human) { a.spouse = b; b.spouse = a }
        """)
        #expect(result.map(\.ruleID) == ["backref-cycle"])
        #expect(result.first?.location.line == 2)
    }

    @Test("a free function linking through a weak property is clean")
    func freeFunctionWeak() throws {
        let result = try findings("""
        final class Human { weak var spouse: Human? }
        func link(_ a: Human, _ b: Human) { a.spouse = b; b.spouse = a }
        """)
        #expect(result.isEmpty)
    }

    @Test("a project function's declared return type types its result; so does an annotation")
    func returnTypesTypeResults() throws {
        let result = try findings("""
        final class Panel { var owner: Screen? }
        func makePanel() -> Panel { Panel() }
        final class Screen {
            var panel: Panel?
            var other: Panel?
            func show() {
                panel = makePanel()
                panel?.owner = self
            }
            func showOther() {
                let built: Panel = make()
                built.owner = self
                other = built
            }
            func make<T>() -> T { fatalError() }
        }
        """)
        #expect(result.map(\.ruleID) == ["backref-cycle", "backref-cycle"])
    }

    @Test("super.init stores follow the superclass initializer's summary")
    func superInitSummary() throws {
        let result = try findings("""
        class Base {
            var listener: AnyObject?
            init(listener: AnyObject) { self.listener = listener }
        }
        final class Node: Base {
            let link = Link()
            init() {
                super.init(listener: link)
                link.node = self
            }
        }
        final class Link { var node: Node? }
        """)
        #expect(result.map(\.ruleID).contains("backref-cycle"))
    }

    @Test("a discarded task handle running a stream loop keeps self; a stored and cancelled one does not")
    func discardedTaskHandle() throws {
        let triggering = try findings("""
        final class Feed {
            func start(_ s: AsyncStream<Int>) {
                _ = Task { for await m in s { self.handle(m) } }
            }
            func handle(_ m: Int) {}
        }
        """)
        #expect(triggering.map(\.ruleID) == ["task-retention"])
        let clean = try findings("""
        final class Feed {
            var task: Task<Void, Never>?
            func start(_ s: AsyncStream<Int>) {
                task = Task { for await m in s { self.handle(m) } }
            }
            func close() { task?.cancel() }
            func handle(_ m: Int) {}
        }
        """)
        #expect(clean.isEmpty)
    }

    @Test("a bodyless project function taking an escaping closure returns an object that keeps it")
    func bodylessRegistration() throws {
        let result = try findings("""
        @_silgen_name("register_handler")
        func registerHandler(_ callback: @escaping () -> Void) -> AnyObject
        final class User {
            var token: AnyObject?
            var label = ""
            func setUp() { token = registerHandler { self.label = "fired" } }
            func setUpWeak() { token = registerHandler { [weak self] in self?.label = "fired" } }
        }
        """)
        #expect(result.map(\.location.line) == [6])
    }

    @Test("a closure returned through two factory methods and stored by an initializer closes the cycle")
    func chainedFactories() throws {
        let result = try findings("""
        final class Wrapper {
            let action: () -> Void
            init(action: @escaping () -> Void) { self.action = action }
        }
        final class Controller {
            var wrapper: Wrapper?
            var value = 0
            func setUp() {
                let made = Wrapper(action: makeAction())
                wrapper = made
            }
            func makeAction() -> () -> Void { makeAction(offset: 1) }
            func makeAction(offset: Int) -> () -> Void { { self.value += offset } }
        }
        """)
        #expect(result.map(\.ruleID) == ["capture-cycle"])
    }

    @Test("an initializer that hands its parameter to another initializer whose object it keeps stores it two levels down")
    func chainedInitializers() throws {
        let stored = try findings("""
        final class Handler {
            let coordinator: Coordinator
            init(coordinator: Coordinator) { self.coordinator = coordinator }
        }
        final class Provider {
            let handler: Handler
            init(coordinator: Coordinator) { handler = Handler(coordinator: coordinator) }
        }
        final class Coordinator {
            lazy var provider = Provider(coordinator: self)
        }
        """)
        #expect(stored.map(\.ruleID) == ["backref-cycle"])
        let notKept = try findings("""
        final class Handler {
            let coordinator: Coordinator
            init(coordinator: Coordinator) { self.coordinator = coordinator }
        }
        final class Provider {
            init(coordinator: Coordinator) { _ = Handler(coordinator: coordinator) }
        }
        final class Coordinator {
            lazy var provider = Provider(coordinator: self)
        }
        """)
        #expect(notKept.isEmpty)
    }
}
