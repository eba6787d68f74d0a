import Foundation
import Widgets
import XCTest

final class ConnectionXCTests: XCTestCase {
    func testOpenLeaks() {
        let connection = Connection(name: "a")
        connection.open()
        connection.close()
    }

    func testOpenSafelyIsClean() {
        let connection = Connection(name: "b")
        connection.openSafely()
        connection.close()
    }

    func testCacheIsClean() {
        let cache = Cache()
        for key in ["x", "y", "z"] { cache.store(key) }
        XCTAssertEqual(cache.entries.count, 3)
    }

    func testSessionClearedIsClean() {
        let session = Session()
        session.start()
        session.onEvent?()
        session.onEvent = nil
        XCTAssertEqual(session.events, 1)
    }

    /// Runs last (XCTest orders by name); crashes only when asked, to show that the tests that
    /// finished before a crash are still reported.
    func testZCrashesWhenAsked() {
        if ProcessInfo.processInfo.environment["VERIFY_FIXTURE_CRASH"] == "1" { fatalError("asked to crash") }
    }
}
