import CycleLintKit
import Testing

/// A release in a method that only its own override's `super` call invokes is not a release made
/// by something in the project.
@Suite("Super calls and releases")
struct SuperCallReleaseTests {
    private func source(reuse: String, caller: String) -> String {
        """
        import Combine
        import UIKit
        class BaseCell {
            func prepareForReuse() {}
        }
        final class StatusCell: BaseCell {
            var bag = Set<AnyCancellable>()
            let label = UILabel()
            override func prepareForReuse() { \(reuse) bag.removeAll() }
        }
        enum Section {
            static func configure(_ cell: StatusCell, ticks: AnyPublisher<Date, Never>) {
                ticks.sink { _ in cell.label.text = "tick" }.store(in: &cell.bag)
                \(caller)
            }
        }
        """
    }

    @Test("a super call inside the override does not make its release a called one")
    func superCallIsNotACaller() throws {
        let result = try findings(source(reuse: "super.prepareForReuse();", caller: ""))
        #expect(result.map(\.location.line) == [13])
    }

    @Test("the same release called from elsewhere in the project breaks the cycle")
    func calledElsewhere() throws {
        #expect(try findings(source(reuse: "super.prepareForReuse();", caller: "cell.prepareForReuse()")).isEmpty)
    }
}

/// UIKit's removal callbacks are teardown: a release in `willMove(toSuperview:)` breaks the cycle
/// even when only the override's own `super` call names it.
@Suite("Removal callbacks as teardown")
struct RemovalCallbackTeardownTests {
    private func source(removal: String) -> String {
        """
        import UIKit
        final class ProgressView: UIView {
            private var displayLink: CADisplayLink?
            func start() {
                displayLink = CADisplayLink(target: self, selector: #selector(step))
                displayLink?.add(to: .main, forMode: .common)
            }
            @objc private func step() {}
            \(removal)
        }
        """
    }

    @Test("invalidating the display link in willMove(toSuperview:) releases it")
    func willMoveReleases() throws {
        let released = source(removal: """
        override func willMove(toSuperview newSuperview: UIView?) {
                super.willMove(toSuperview: newSuperview)
                if newSuperview == nil { displayLink?.invalidate(); displayLink = nil }
            }
        """)
        #expect(try findings(released).isEmpty)
    }

    @Test("without the removal callback the display link keeps the view")
    func noRemovalLeaks() throws {
        let leaking = source(removal: """
        override func layoutSubviews() {
                super.layoutSubviews()
            }
        """)
        #expect(try findings(leaking).map(\.location.line) == [5])
    }
}
