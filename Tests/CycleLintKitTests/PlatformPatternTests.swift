import CycleLintKit
import Testing

/// Leak shapes from real Swift code bases: each must be reported by the right rule.
@Suite("Platform API patterns")
struct PlatformPatternTests {
    private func rules(_ source: String) throws -> [String] {
        try findings(source).map(\.ruleID)
    }

    @Test("a URLSession keeps its delegate until it is invalidated")
    func urlSessionDelegate() throws {
        #expect(try rules("""
        import Foundation
        final class Downloader: NSObject, URLSessionDelegate {
            var session: URLSession!
            override init() {
                super.init()
                session = URLSession(configuration: .default, delegate: self, delegateQueue: nil)
            }
        }
        """) == ["observer-retention"])
        #expect(try rules("""
        import Foundation
        final class Downloader: NSObject, URLSessionDelegate {
            var session: URLSession!
            override init() {
                super.init()
                session = URLSession(configuration: .default, delegate: self, delegateQueue: nil)
            }
            func close() { session.invalidateAndCancel() }
        }
        """).isEmpty)
    }

    @Test("a dispatch source keeps its event handler until cancelled")
    func dispatchSource() throws {
        let leak = """
        import Dispatch
        final class Poller {
            private var timer: DispatchSourceTimer?
            func start() {
                let timer = DispatchSource.makeTimerSource(queue: .main)
                timer.setEventHandler { self.poll() }
                timer.resume()
                self.timer = timer
            }
            func poll() {}
        }
        """
        #expect(try rules(leak) == ["capture-cycle"])
        let fixed = leak.replacingOccurrences(of: "    func poll() {}", with: "    func poll() {}\n    func stop() { timer?.cancel() }")
        #expect(try rules(fixed).isEmpty)
    }

    @Test("a KVO observation stored on self keeps its change handler")
    func keyValueObservation() throws {
        #expect(try rules("""
        import Foundation
        final class Model: NSObject { @objc dynamic var count = 0 }
        final class Observer: NSObject {
            var observation: NSKeyValueObservation?
            let model = Model()
            func bind() {
                observation = model.observe(\\.count, options: [.new]) { _, _ in self.refresh() }
            }
            func refresh() {}
        }
        """) == ["observer-retention"])
    }

    @Test("a work item stored on self keeps its block")
    func dispatchWorkItem() throws {
        #expect(try rules("""
        import Dispatch
        final class Work {
            var item: DispatchWorkItem?
            func schedule() {
                item = DispatchWorkItem { self.run() }
                DispatchQueue.main.asyncAfter(deadline: .now() + 1, execute: item!)
            }
            func run() {}
        }
        """) == ["capture-cycle"])
    }

    @Test("only the strong one of two closures given to a child is reported")
    func childCallbacks() throws {
        let found = try findings("""
        final class ChildController { var completion: (() -> Void)?; var onClose: (() -> Void)? }
        final class ViewController {
            var onDismiss: (() -> Void)?
            let child = ChildController()
            func present() {
                child.completion = { [weak self] in self?.onDismiss?() }
                child.onClose = { self.cleanup() }
            }
            func cleanup() {}
        }
        """)
        #expect(found.map(\.ruleID) == ["capture-cycle"])
        #expect(found.first?.location.line == 7)
    }

    @Test("a timer added to a run loop is reported once, as kept by the run loop")
    func timerAddedToRunLoop() throws {
        #expect(try rules("""
        import Foundation
        final class Ticker {
            var timer: Timer?
            func start() {
                let timer = Timer(timeInterval: 1, repeats: true) { _ in self.tick() }
                RunLoop.main.add(timer, forMode: .common)
                self.timer = timer
            }
            func tick() {}
        }
        """) == ["observer-retention"])
    }

    @Test("assign(to:on: self) stored on self keeps self")
    func assignOnSelf() throws {
        #expect(try rules("""
        import Combine
        final class Model {
            @Published var name = ""
            var label = ""
            var cancellables: Set<AnyCancellable> = []
            init() { $name.assign(to: \\.label, on: self).store(in: &cancellables) }
        }
        """) == ["observer-retention"])
    }

    @Test("a closure stored in a dictionary property is a cycle; a weak observer token is not")
    func dictionaryAndWeakObserver() throws {
        #expect(try rules("""
        final class Router {
            var routes: [String: () -> Void] = [:]
            func setUp() { routes["home"] = { self.showHome() } }
            func showHome() {}
        }
        """) == ["capture-cycle"])
        #expect(try rules("""
        import Foundation
        final class Player {
            var observers: [NSObjectProtocol] = []
            func observe() {
                observers.append(NotificationCenter.default.addObserver(forName: .init("x"), object: nil, queue: .main) { [weak self] _ in
                    self?.refresh()
                })
            }
            func refresh() {}
        }
        """).isEmpty)
    }

    @Test("SwiftNIO future callbacks and scheduled work are transient")
    func nioTransient() throws {
        #expect(try rules("""
        import NIOCore
        final class Handler {
            var pending: EventLoopFuture<Void>?
            let loop: EventLoop
            init(loop: EventLoop) { self.loop = loop }
            func start() {
                pending?.whenComplete { _ in self.finish() }
                loop.execute { self.finish() }
                loop.scheduleTask(in: .seconds(1)) { self.finish() }
            }
            func finish() {}
        }
        """).isEmpty)
    }

    @Test("a repeated task on an event loop keeps its closure until cancelled")
    func nioRepeatedTask() throws {
        #expect(try rules("""
        import NIOCore
        final class Pinger {
            var task: RepeatedTask?
            let loop: EventLoop
            init(loop: EventLoop) { self.loop = loop }
            func start() {
                task = loop.scheduleRepeatedTask(initialDelay: .zero, delay: .seconds(5)) { _ in self.ping() }
            }
            func ping() {}
        }
        """) == ["observer-retention"])
    }
}

/// Shapes of merged upstream fixes: the pre-fix code must be reported, the fix must not.
@Suite("Upstream fixes")
struct UpstreamFixTests {
    @Test("a tap block that is a method reference keeps the tap (AudioKit BaseTap fix)")
    func audioTapMethodReference() throws {
        let leak = """
        import AVFoundation
        final class BaseTap {
            let node: AVAudioNode
            init(node: AVAudioNode) { self.node = node }
            func start() {
                node.installTap(onBus: 0, bufferSize: 1024, format: nil, block: handleTapBlock)
            }
            func handleTapBlock(buffer: AVAudioPCMBuffer, at time: AVAudioTime) {}
        }
        """
        #expect(try findings(leak).map(\.ruleID) == ["capture-cycle"])
        let fixed = leak.replacingOccurrences(
            of: "block: handleTapBlock)",
            with: "block: { [weak self] buffer, time in self?.handleTapBlock(buffer: buffer, at: time) })")
        #expect(try findings(fixed).isEmpty)
    }

    @Test("an operation's completion handler keeps the view that keeps the operation (FDWaveformView fix)")
    func operationCompletionHandler() throws {
        let leak = """
        import Foundation
        final class RenderOperation: Operation {
            let completionHandler: ((Int) -> Void)?
            init(completionHandler: ((Int) -> Void)?) { self.completionHandler = completionHandler }
        }
        final class WaveformView {
            var image = 0
            var inProgressOperation: RenderOperation?
            func render() {
                let operation = RenderOperation(completionHandler: { image in
                    DispatchQueue.main.async { self.image = image }
                })
                inProgressOperation = operation
                operation.start()
            }
        }
        """
        #expect(try findings(leak).map(\.ruleID) == ["capture-cycle"])
        let fixed = leak.replacingOccurrences(of: "{ self.image = image }", with: "{ [weak self] in self?.image = image }")
            .replacingOccurrences(of: "completionHandler: { image in", with: "completionHandler: { [weak self] image in")
        #expect(try findings(fixed).isEmpty)
    }
    @Test("a navigation controller keeps its root view controller")
    func navigationControllerRoot() throws {
        let leak = """
        import UIKit
        final class Coordinator {
            var navigationController: UINavigationController?
            static func make() -> UIViewController {
                let coordinator = Coordinator()
                let controller = LandingController()
                controller.coordinator = coordinator
                let navigation = UINavigationController(rootViewController: controller)
                coordinator.navigationController = navigation
                return navigation
            }
        }
        final class LandingController: UIViewController {
            var coordinator: Coordinator?
        }
        """
        #expect(try findings(leak).map(\.ruleID) == ["backref-cycle"])
        #expect(try findings(leak.replacingOccurrences(of: "    var coordinator: Coordinator?",
                                                    with: "    weak var coordinator: Coordinator?")).isEmpty)
    }

    @Test("a diffable data source keeps its cell provider")
    func diffableDataSourceCellProvider() throws {
        let leak = """
        import UIKit
        final class ListController: UIViewController {
            let tableView = UITableView()
            var dataSource: UITableViewDiffableDataSource<Int, Int>?
            override func viewDidLoad() {
                dataSource = UITableViewDiffableDataSource(tableView: tableView) { tableView, indexPath, item in
                    self.cell(for: item)
                }
            }
            func cell(for item: Int) -> UITableViewCell { UITableViewCell() }
        }
        """
        #expect(try findings(leak).map(\.ruleID) == ["capture-cycle"])
        #expect(try findings(leak.replacingOccurrences(of: "{ tableView, indexPath, item in",
                                                    with: "{ [weak self] tableView, indexPath, item in")
                            .replacingOccurrences(of: "self.cell(for: item)", with: "self?.cell(for: item)")).isEmpty)
    }
}

