import Foundation
import Widgets
import XCTest

final class PollerXCTests: XCTestCase {
    func testPollerKeepsRunning() {
        let poller = Poller()
        poller.start()
        usleep(10_000)
    }
}
