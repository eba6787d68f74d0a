/// `observer-retention`: block observers, repeating timers and subscriptions that capture
/// `self` and are never removed.
public struct ObserverRetentionRule: Rule {
    /// The rule; it has no configuration of its own.
    public init() {}

    public let description = RuleDescription(
        id: "observer-retention",
        name: "Observer, timer or subscription keeps self",
        summary: "A NotificationCenter block observer, repeating Timer, KVO observation or Combine subscription captures self strongly and is not removed in a close-like method.",
        rationale: "The notification center and run loop keep observers and repeating timers until they are removed or "
            + "invalidated; a subscription stored on self keeps its closures. A closure that captures self keeps self "
            + "alive for as long, and deinit (where removal often is) never runs.",
        fix: "Capture `[weak self]`, and remove the observer, invalidate the timer or cancel the subscription in a "
            + "close-like method.",
        triggeringExamples: [
            """
            import Foundation
            final class Clock {
                var timer: Timer?
                func start() {
                    timer = ↓Timer.scheduledTimer(withTimeInterval: 1, repeats: true) { _ in self.tick() }
                }
                func tick() {}
                deinit { timer?.invalidate() }
            }
            """,
            """
            import Foundation
            final class Settings {
                var token: NSObjectProtocol?
                init() {
                    token = ↓NotificationCenter.default.addObserver(forName: .init("changed"), object: nil, queue: nil) { _ in
                        self.reload()
                    }
                }
                func reload() {}
            }
            """,
            """
            import Combine
            final class ViewModel {
                @Published var query = ""
                var cancellables = Set<AnyCancellable>()
                init() {
                    ↓$query.sink { value in self.search(value) }.store(in: &cancellables)
                }
                func search(_ text: String) {}
            }
            """,
            """
            import Combine
            final class SearchModel {
                @Published var query = ""
                var bag = Set<AnyCancellable>()
                init() {
                    $query
                        .removeDuplicates()
                        ↓.sink { text in self.search(text) }
                        .store(in: &bag)
                }
                func search(_ text: String) {}
            }
            """,
            """
            import RxSwift
            final class ProfileModel {
                let disposeBag = DisposeBag()
                let name = PublishSubject<String>()
                init() {
                    ↓name.subscribe(onNext: { value in self.show(value) }).disposed(by: disposeBag)
                }
                func show(_ value: String) {}
            }
            """,
            """
            import Combine
            final class Recorder {
                var stopToken: AnyCancellable?
                func start() { ↓stopToken = AnyCancellable { self.flush() } }
                func flush() {}
            }
            """,
            """
            import Foundation
            final class Poller {
                var timer: Timer?
                func start() {
                    timer = ↓Timer.scheduledTimer(timeInterval: 1, target: self, selector: #selector(poll), userInfo: nil, repeats: true)
                }
                @objc func poll() {}
            }
            """,
        ],
        nonTriggeringExamples: [
            """
            import Foundation
            final class Clock {
                var timer: Timer?
                func start() {
                    timer = Timer.scheduledTimer(withTimeInterval: 1, repeats: true) { [weak self] _ in self?.tick() }
                }
                func tick() {}
            }
            """,
            """
            import Foundation
            final class Clock {
                var timer: Timer?
                func start() {
                    timer = Timer.scheduledTimer(withTimeInterval: 1, repeats: true) { _ in self.tick() }
                }
                func stop() { timer?.invalidate() }
                func tick() {}
            }
            """,
            """
            import Foundation
            final class Reminder {
                func schedule() {
                    Timer.scheduledTimer(withTimeInterval: 5, repeats: false) { _ in self.remind() }
                }
                func remind() {}
            }
            """,
            """
            import Foundation
            final class Countdown {
                var remaining = 3
                func start() {
                    Timer.scheduledTimer(withTimeInterval: 1, repeats: true) { timer in
                        self.remaining -= 1
                        if self.remaining == 0 { timer.invalidate() }
                    }
                }
            }
            """,
            """
            import Foundation
            final class Settings {
                var token: NSObjectProtocol?
                init() {
                    token = NotificationCenter.default.addObserver(forName: .init("changed"), object: nil, queue: nil) { _ in
                        self.reload()
                    }
                }
                func close() { if let token { NotificationCenter.default.removeObserver(token) } }
                func reload() {}
            }
            """,
            """
            import Combine
            final class ViewModel {
                @Published var query = ""
                var cancellables = Set<AnyCancellable>()
                init() {
                    $query.sink { [weak self] value in self?.search(value) }.store(in: &cancellables)
                }
                func search(_ text: String) {}
            }
            """,
            """
            import RxSwift
            final class ProfileModel {
                let disposeBag = DisposeBag()
                let name = PublishSubject<String>()
                init() {
                    name.subscribe(onNext: { [weak self] value in self?.show(value) }).disposed(by: disposeBag)
                }
                func show(_ value: String) {}
            }
            """,
            """
            import RxSwift
            final class ProfileModel {
                var disposeBag = DisposeBag()
                let name = PublishSubject<String>()
                init() {
                    name.bind(onNext: { value in self.show(value) }).disposed(by: disposeBag)
                }
                func close() { disposeBag = DisposeBag() }
                func show(_ value: String) {}
            }
            """,
            """
            import Combine
            final class Recorder {
                var stopToken: AnyCancellable?
                func start() { stopToken = AnyCancellable { self.flush() } }
                func stop() { stopToken?.cancel() }
                func flush() {}
            }
            """,
            """
            import Foundation
            final class Poller {
                var timer: Timer?
                var done = false
                func start() {
                    timer = Timer.scheduledTimer(timeInterval: 1, target: self, selector: #selector(poll(_:)), userInfo: nil, repeats: true)
                }
                @objc func poll(_ timer: Timer) {
                    if done { timer.invalidate() }
                }
            }
            """,
            """
            import Foundation
            final class Poller {
                var timer: Timer?
                func start() {
                    timer = Timer.scheduledTimer(timeInterval: 1, target: self, selector: #selector(poll), userInfo: nil, repeats: true)
                }
                @objc private func poll() {
                    timer?.invalidate()
                    timer = nil
                }
            }
            """,
            """
            import Combine
            extension Publisher where Failure == Never {
                func assign<Root: AnyObject>(to keyPath: ReferenceWritableKeyPath<Root, Output>, on root: Root) -> AnyCancellable {
                    sink { [weak root] value in root?[keyPath: keyPath] = value }
                }
            }
            final class Mirror {
                @Published var value = 0
                var copy = 0
                var token: AnyCancellable?
                init() { token = $value.assign(to: \\.copy, on: self) }
            }
            """,
        ]
    )

    public func check(_ context: RuleContext) -> [Finding] {
        context.report(description, where: {
            !$0.retentionKinds.isDisjoint(with: [.retainedByToken, .retainedUntilInvalidate])
        }) { retention in
            let registration = retention.edges.firstIndex { $0.kind == .registration }
            let api = registration.map { retention.edges[$0].label } ?? "the observer"
            let owner = retention.contextType ?? "self"
            let kept = registration.flatMap { retention.nodeTypes[$0 + 1] }
            let what: String
            switch kept {
            case nil: what = "keeps a closure that holds \(owner)"
            case owner?: what = "keeps \(owner)"
            case let other?: what = "keeps a \(other) that holds \(owner)"
            }
            let deinitNote = retention.releasedOnlyInDeinit.map { "; it is removed only in deinit (\($0.shortDescription)), which cannot run while it holds" } ?? ""
            return "\(api) \(what): \(retention.summary)\(deinitNote); capture weakly and remove or invalidate it in a close-like method"
        }
    }
}
