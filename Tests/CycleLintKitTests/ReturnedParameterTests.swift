import CycleLintKit
import Testing

/// "Returns" effects of parameters: a factory (static, of another type, or an initializer chain)
/// returns a closure or an object that holds its parameter, so a call's result carries what was
/// passed to it — into stores, and through the summaries of the methods that store it.
@Suite("Returned parameters")
struct ReturnedParameterTests {
    @Test("a static factory of another type returns a data source whose cell provider captures its argument")
    func staticFactoryDataSource() throws {
        let result = try findings("""
        import UIKit
        enum Section {
            static func dataSource(for tableView: UITableView, owner: Screen) -> UITableViewDiffableDataSource<Int, Int> {
                UITableViewDiffableDataSource(tableView: tableView) { tableView, indexPath, item in
                    owner.cell(for: item)
                }
            }
        }
        final class ScreenModel {
            var dataSource: UITableViewDiffableDataSource<Int, Int>?
            func setUp(tableView: UITableView, owner: Screen) {
                dataSource = Section.dataSource(for: tableView, owner: owner)
            }
        }
        final class Screen {
            let model = ScreenModel()
            let tableView = UITableView()
            func viewDidLoad() { model.setUp(tableView: tableView, owner: self) }
            func cell(for item: Int) -> UITableViewCell { UITableViewCell() }
        }
        """)
        // Reported where the screen hands itself to the model that keeps the data source.
        #expect(result.map(\.location.line) == [18])
    }

    @Test("a factory returning a closure that captures its argument, stored by the caller")
    func closureFactory() throws {
        let result = try findings("""
        enum Handlers {
            static func logging(_ target: Player) -> () -> Void { { target.log() } }
        }
        final class Player {
            var onTick: (() -> Void)?
            func start() { onTick = Handlers.logging(self) }
            func log() {}
        }
        """)
        #expect(result.map(\.ruleID) == ["capture-cycle"])
        #expect(result.first?.location.line == 6)
    }

    @Test("a factory that builds an object, wires the argument into it and returns it")
    func builtObjectFactory() throws {
        let result = try findings("""
        final class Bar { var delegate: Controller? }
        enum Bars {
            static func make(delegate: Controller) -> Bar {
                let bar = Bar()
                bar.delegate = delegate
                return bar
            }
        }
        final class Controller {
            var bar: Bar?
            func load() { bar = Bars.make(delegate: self) }
        }
        """)
        #expect(result.map(\.ruleID) == ["backref-cycle"])
        #expect(result.first?.location.line == 11)
    }

    @Test("factories whose result is dropped, holds a weak capture, or does not keep the argument are clean")
    func factoriesClean() throws {
        let dropped = try findings("""
        enum Handlers {
            static func logging(_ target: Player) -> () -> Void { { target.log() } }
        }
        final class Player {
            func start() { let h = Handlers.logging(self); h() }
            func log() {}
        }
        """)
        #expect(dropped.isEmpty)
        let weak = try findings("""
        enum Handlers {
            static func logging(_ target: Player) -> () -> Void { { [weak target] in target?.log() } }
        }
        final class Player {
            var onTick: (() -> Void)?
            func start() { onTick = Handlers.logging(self) }
            func log() {}
        }
        """)
        #expect(weak.isEmpty)
        let fresh = try findings("""
        final class Bar { var delegate: Controller? }
        enum Bars {
            static func make(delegate: Controller) -> Bar {
                delegate.prepare()
                return Bar()
            }
        }
        final class Controller {
            var bar: Bar?
            func load() { bar = Bars.make(delegate: self) }
            func prepare() {}
        }
        """)
        #expect(fresh.isEmpty)
        let weakDelegate = try findings("""
        final class Bar { weak var delegate: Controller? }
        enum Bars {
            static func make(delegate: Controller) -> Bar {
                let bar = Bar()
                bar.delegate = delegate
                return bar
            }
        }
        final class Controller {
            var bar: Bar?
            func load() { bar = Bars.make(delegate: self) }
        }
        """)
        #expect(weakDelegate.isEmpty)
    }

    @Test("a method returning a dispatch block that wraps a closure capturing its argument")
    func dispatchBlockFactory() throws {
        let result = try findings("""
        import Dispatch
        final class Task {
            var diskTask: dispatch_block_t?
        }
        final class Cache {
            func retrieve(completion: @escaping () -> Void) -> dispatch_block_t {
                let block = dispatch_block_create(DISPATCH_BLOCK_INHERIT_QOS_CLASS) { completion() }
                return block
            }
        }
        final class Manager {
            let cache = Cache()
            func fetch() -> Task {
                let task = Task()
                let block = cache.retrieve { print(task) }
                task.diskTask = block
                return task
            }
        }
        """)
        #expect(!result.isEmpty)
        #expect(result.contains { $0.location.line == 15 || $0.location.line == 16 })
    }

    @Test("a recursive method's result is another activation's, not a cycle with itself")
    func recursiveFactory() throws {
        let result = try findings("""
        class Node {}
        final class List: Node {
            let element: Node
            init(_ element: Node) { self.element = element }
        }
        final class Provider {
            var leaves: [String: Node] = [:]
            func wrap(_ node: Node, optional: Bool) -> Node { optional ? node : List(node) }
            func node(for name: String, depth: Int) -> Node {
                if depth > 0 {
                    let inner = node(for: name, depth: depth - 1)
                    return wrap(List(inner), optional: false)
                }
                return wrap(leaves[name]!, optional: true)
            }
        }
        """)
        #expect(result.isEmpty)
    }
}
