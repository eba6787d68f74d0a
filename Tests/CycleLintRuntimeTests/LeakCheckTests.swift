import CycleLintTesting
import Foundation
import Testing
import XCTest

final class Listener {
    var onMessage: ((String) -> Void)?
    var received: [String] = []
    func listen() { onMessage = { self.received.append($0) } }
    func listenWeakly() { onMessage = { [weak self] in self?.received.append($0) } }
}

@Suite("leak checks inside tests", .serialized)
struct LeakCheckTests {
    @Test("the .checksLeaks trait fails a leaking test with the type and the cycle path")
    func traitFailsLeak() async throws {
        let test = try #require(Test.current)
        try await withKnownIssue {
            try await LeakCheckTrait().provideScope(for: test, testCase: Test.Case.current) {
                let listener = Listener()
                listener.listen()
            }
        } matching: { issue in
            let text = issue.comments.map(\.rawValue).joined()
            return text.contains("Listener ×1") && text.contains("Listener.onMessage → Listener")
        }
    }

    @Test("the .checksLeaks trait passes a clean test", .checksLeaks)
    func traitPassesCleanTest() {
        let listener = Listener()
        listener.listenWeakly()
        listener.onMessage?("hello")
        #expect(listener.received == ["hello"])
    }
}

/// XCTAssertNoLeaks, with its failures captured instead of failing these tests.
final class XCTAssertNoLeaksTests: XCTestCase {
    private var captured: [String]?

    override func recordFailure(withDescription description: String, inFile filePath: String, atLine lineNumber: Int, expected: Bool) {
        if captured != nil {
            captured?.append(description)
        } else {
            super.recordFailure(withDescription: description, inFile: filePath, atLine: lineNumber, expected: expected)
        }
    }

    private func failures(of body: () throws -> Void) rethrows -> [String] {
        captured = []
        defer { captured = nil }
        try body()
        return captured ?? []
    }

    func testLeakFailsWithTypesAndCycle() throws {
        let failures = try failures { try XCTAssertNoLeaks { let listener = Listener(); listener.listen() } }
        XCTAssertEqual(failures.count, 1)
        XCTAssertTrue(failures.first?.contains("Listener ×1") == true, "\(failures)")
        XCTAssertTrue(failures.first?.contains("Listener.onMessage → Listener") == true, "\(failures)")
    }

    func testCleanBlockPasses() throws {
        let failures = try failures { try XCTAssertNoLeaks { let listener = Listener(); listener.listenWeakly() } }
        XCTAssertEqual(failures, [])
    }

    func testAsyncLeakFails() async throws {
        captured = []
        try await XCTAssertNoLeaks {
            let listener = Listener()
            listener.listen()
            await Task.yield()
        }
        let failures = captured ?? []
        captured = nil
        XCTAssertTrue(failures.first?.contains("Listener.onMessage → Listener") == true, "\(failures)")
    }
}
