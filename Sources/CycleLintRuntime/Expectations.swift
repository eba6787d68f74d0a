/// A failed leak expectation. Thrown, so that it fails an XCTest (`try`) or a Swift Testing test
/// (`try` / `#expect(throws:)`) with a readable message: type names and the cycle path.
public struct LeakExpectationFailure: Error, CustomStringConvertible, Sendable {
    public var message: String
    /// The tracker's findings, when it could explain the failure.
    public var report: LeakReport?
    /// Where the expectation was written.
    public var file: String
    public var line: Int
    public var description: String { "\(file):\(line): \(message)" }
}

/// Checks that the object `body` returns is deallocated once `body`'s references are gone, using a
/// weak probe. When it is still alive and the tracker can run here, the failure names the cycle
/// that holds it.
///
///     try expectDeallocated { let conn = Conn(); conn.start(); conn.close(); return conn }
public func expectDeallocated<T: AnyObject>(file: String = #fileID, line: Int = #line,
                                            _ body: () throws -> T) throws {
    weak var probe: T?
    var report: LeakReport?
    var typeName = String(describing: T.self)
    func explain() throws {
        let object = try body()
        typeName = String(describing: type(of: object))
        probe = object
    }
    if (try? LeakTracker.activate()) != nil {
        report = try withLeakTracking { try explain() }
    } else {
        try explain()
    }
    guard probe != nil else { return }
    var message = "expected \(typeName) to be deallocated, but it is still alive"
    if let report, !report.isClean {
        message += "; " + report.description
    } else if report == nil {
        message += " (the tracker is unavailable here, so the cause is not explained)"
    } else {
        message += ", held from outside the block (not by a cycle among its own objects)"
    }
    throw LeakExpectationFailure(message: message, report: report, file: file, line: line)
}

extension LeakReport {
    /// Throws a `LeakExpectationFailure` listing the leaked types and cycle paths unless clean.
    public func assertNoLeaks(file: String = #fileID, line: Int = #line) throws {
        guard !isClean else { return }
        throw LeakExpectationFailure(message: description, report: self, file: file, line: line)
    }

    /// Throws unless some cycle goes through all of `types` (simple type names).
    public func assertCycle(through types: [String], file: String = #fileID, line: Int = #line) throws {
        guard !hasCycle(through: types) else { return }
        throw LeakExpectationFailure(message: "expected a cycle through \(types.joined(separator: ", ")); found: \(description)",
                                     report: self, file: file, line: line)
    }
}

/// Runs `body` under leak tracking and throws a readable failure if it leaked anything.
public func assertNoLeaks(file: String = #fileID, line: Int = #line, _ body: () throws -> Void) throws {
    try withLeakTracking(body).assertNoLeaks(file: file, line: line)
}
