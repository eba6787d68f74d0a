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
