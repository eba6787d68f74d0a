@_exported import CycleLintRuntime
import Testing

/// A Swift Testing trait that runs each test under leak tracking and fails it, naming the leaked
/// types and the cycles that hold them, when it leaves objects that nothing outside holds.
///
///     @Test(.checksLeaks) func sessionCloses() { let s = Session(); s.start(); s.close() }
///     @Suite(.checksLeaks) struct SessionTests { … }   // every test in the suite
///
/// Objects other tests allocate while this one runs count as its own, so give leak-checked tests
/// a serialized suite (`@Suite(.serialized, .checksLeaks)`) or run them with `--no-parallel`.
/// Where the tracker cannot run (not Linux x86_64, static stdlib), the test fails with the reason
/// instead of passing unchecked.
public struct LeakCheckTrait: TestTrait, SuiteTrait, TestScoping {
    public init() {}

    /// Applies to every test of a suite it is given to.
    public var isRecursive: Bool { true }

    public func provideScope(for test: Test, testCase: Test.Case?,
                             performing function: @Sendable () async throws -> Void) async throws {
        let report: LeakReport
        do {
            report = try await withLeakTracking { try await function() }
        } catch let unavailable as LeakTrackingUnavailable {
            Issue.record("leak check could not run: \(unavailable.reason)", sourceLocation: test.sourceLocation)
            return
        }
        if !report.isClean {
            Issue.record(Comment(rawValue: "\(test.name) leaked \(report.description)"), sourceLocation: test.sourceLocation)
        }
    }
}

extension Trait where Self == LeakCheckTrait {
    /// Fails the test (or every test of the suite) when it leaks objects; see `LeakCheckTrait`.
    public static var checksLeaks: Self { LeakCheckTrait() }
}
