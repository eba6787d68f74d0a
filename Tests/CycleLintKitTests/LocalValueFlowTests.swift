import CycleLintKit
import Testing

/// Values that flow through locals: `a ?? b` and ternaries bound to a local carry both operands,
/// and a local function (or closure) called by name yields what it returns.
@Suite("Local value flow")
struct LocalValueFlowTests {
    // MARK: Alternatives

    @Test("a local bound to `a ?? b` stores into whichever object it is")
    func nilCoalescingLocal() throws {
        let result = try findings("""
        final class Child { var parent: Parent? }
        final class Parent {
            var child: Child?
            var spare: Child?
            func attach() {
                let c = child ?? spare
                c?.parent = self
            }
        }
        """)
        // Two cycles: through `child` and through `spare`.
        #expect(result.map(\.ruleID) == ["backref-cycle", "backref-cycle"])
        #expect(result.allSatisfy { $0.location.line == 7 })
    }

    @Test("a local bound to a ternary stores into either branch")
    func ternaryLocal() throws {
        let result = try findings("""
        final class Child { var parent: Parent? }
        final class Parent {
            var left: Child?
            var right: Child?
            func attach(toLeft: Bool) {
                let c = toLeft ? left : right
                c?.parent = self
            }
        }
        """)
        #expect(result.map(\.ruleID) == ["backref-cycle", "backref-cycle"])
    }

    @Test("`a ?? b` kept by self holds the object built on the right")
    func nilCoalescingKept() throws {
        let result = try findings("""
        final class Navigation {
            let root: Screen
            init(root: Screen) { self.root = root }
        }
        final class Screen { var model: Coordinator? }
        final class Coordinator {
            var navigation: Navigation?
            static func make(in existing: Navigation?) -> Coordinator {
                let coordinator = Coordinator()
                let screen = Screen()
                screen.model = coordinator
                let navigation = existing ?? Navigation(root: screen)
                coordinator.navigation = navigation
                return coordinator
            }
        }
        """)
        #expect(result.map(\.ruleID) == ["backref-cycle"])
    }

    @Test("alternatives with a weak back reference, or rebound before the store, are clean")
    func alternativesClean() throws {
        let weak = try findings("""
        final class Child { weak var parent: Parent? }
        final class Parent {
            var child: Child?
            var spare: Child?
            func attach() {
                let c = child ?? spare
                c?.parent = self
            }
        }
        """)
        #expect(weak.isEmpty)
        let rebound = try findings("""
        final class Child { var parent: Parent? }
        final class Parent {
            var child: Child?
            var spare: Child?
            func attach() {
                var c = child ?? spare
                c = Child()
                c?.parent = self
            }
        }
        """)
        #expect(rebound.isEmpty)
    }

    // MARK: Local functions

    @Test("a local function's result carries what it captured")
    func localFunctionFactory() throws {
        let result = try findings("""
        final class Model {
            var count = 0
            var handler: (() -> Void)?
            func setUp() {
                func makeHandler() -> () -> Void { { self.count += 1 } }
                handler = makeHandler()
            }
        }
        """)
        #expect(result.map(\.ruleID) == ["capture-cycle"])
        #expect(result.first?.location.line == 6)
    }

    @Test("a local function returning a subscription whose closure captures an init parameter")
    func localFunctionToken() throws {
        let result = try findings("""
        import Combine
        final class Store {
            let changes = PassthroughSubject<Int, Never>()
            var children: [Store] = []
            private var parentToken: AnyCancellable?
            init(parent: Store?) {
                func subscribe() -> AnyCancellable {
                    return changes.sink { _ in parent?.refresh() }
                }
                parentToken = subscribe()
            }
            func refresh() {}
            func scope() -> Store {
                let child = Store(parent: self)
                children.append(child)
                return child
            }
        }
        """)
        #expect(!result.isEmpty)
        #expect(result.contains { $0.location.line == 14 || $0.location.line == 15 })
    }

    @Test("a local function's result that is dropped, or that captures nothing, holds nothing")
    func localFunctionClean() throws {
        let dropped = try findings("""
        final class Model {
            var count = 0
            var handler: (() -> Void)?
            func setUp() {
                func makeHandler() -> () -> Void { { self.count += 1 } }
                let h = makeHandler()
                h()
            }
        }
        """)
        #expect(dropped.isEmpty)
        let fresh = try findings("""
        final class Model {
            var handler: (() -> Void)?
            func setUp() {
                func makeHandler() -> () -> Void { { print("tick") } }
                handler = makeHandler()
            }
        }
        """)
        #expect(fresh.isEmpty)
        let weak = try findings("""
        final class Model {
            var count = 0
            var handler: (() -> Void)?
            func setUp() {
                func makeHandler() -> () -> Void { { [weak self] in self?.count += 1 } }
                handler = makeHandler()
            }
        }
        """)
        #expect(weak.isEmpty)
    }

    // MARK: Casts

    @Test("a cast types a call's result: a dequeued cell's bag keeps a sink that captures the cell")
    func castTypesCallResult() throws {
        let result = try findings("""
        import Combine
        import UIKit
        final class StatusCell: UITableViewCell {
            var bag = Set<AnyCancellable>()
            let label = UILabel()
        }
        enum Section {
            static func configure(_ tableView: UITableView, ticks: AnyPublisher<Date, Never>) {
                let cell = tableView.dequeueReusableCell(withIdentifier: "status") as! StatusCell
                ticks
                    .sink { _ in cell.label.text = "tick" }
                    .store(in: &cell.bag)
                if let other = tableView.dequeueReusableCell(withIdentifier: "other") as? StatusCell {
                    ticks.sink { _ in other.label.text = "tock" }.store(in: &other.bag)
                }
            }
        }
        """)
        #expect(result.map(\.location.line).sorted() == [10, 14])  // the statements of the two subscriptions
    }

    @Test("a cast result whose sink captures the cell weakly, or `is` tests, hold nothing")
    func castClean() throws {
        let result = try findings("""
        import Combine
        import UIKit
        final class StatusCell: UITableViewCell {
            var bag = Set<AnyCancellable>()
            let label = UILabel()
        }
        enum Section {
            static func configure(_ tableView: UITableView, ticks: AnyPublisher<Date, Never>) {
                let cell = tableView.dequeueReusableCell(withIdentifier: "status") as! StatusCell
                ticks
                    .sink { [weak cell] _ in cell?.label.text = "tick" }
                    .store(in: &cell.bag)
                let isStatus = cell is StatusCell
                ticks.sink { _ in print(isStatus) }.store(in: &cell.bag)
            }
        }
        """)
        #expect(result.isEmpty)
    }
}
