import CycleLintRuntime
import XCTest

/// Runs `body` under leak tracking and fails the current XCTest test, naming the leaked types and
/// the cycles that hold them, when it leaves objects that nothing outside holds.
///
///     func testSessionCloses() throws { try XCTAssertNoLeaks { let s = Session(); s.start(); s.close() } }
///
/// Where the tracker cannot run, the test fails with the reason instead of passing unchecked.
/// Errors `body` throws pass through.
public func XCTAssertNoLeaks(_ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line,
                             _ body: () throws -> Void) throws {
    let report: LeakReport
    do {
        report = try withLeakTracking(body)
    } catch let unavailable as LeakTrackingUnavailable {
        XCTFail("leak check could not run: \(unavailable.reason)", file: file, line: line)
        return
    }
    if !report.isClean { XCTFail(prefixed(message(), report.description), file: file, line: line) }
}

/// The `async` form of `XCTAssertNoLeaks`.
public func XCTAssertNoLeaks(_ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line,
                             _ body: () async throws -> Void) async throws {
    let report: LeakReport
    do {
        report = try await withLeakTracking(body)
    } catch let unavailable as LeakTrackingUnavailable {
        XCTFail("leak check could not run: \(unavailable.reason)", file: file, line: line)
        return
    }
    if !report.isClean { XCTFail(prefixed(message(), report.description), file: file, line: line) }
}

private func prefixed(_ message: String, _ description: String) -> String {
    message.isEmpty ? "leaked \(description)" : "\(message): leaked \(description)"
}
