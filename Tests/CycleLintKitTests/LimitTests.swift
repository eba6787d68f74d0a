import CycleLintKit
import Foundation
import Testing

/// Inputs at the sizes the engine must survive: each run ends with its findings or a clear
/// diagnostic, in bounded time. Time and peak memory of these and of bigger runs, measured with
/// the release build, are in bench/reliability.md ("Limits").
@Suite("Limits", .serialized)
struct LimitTests {
    private let leak = """
    final class Session {
        var onClose: (() -> Void)?
        func start() { onClose = { self.cleanup() } }
        func cleanup() {}
    }

    """

    /// Generous, for a debug build on a busy machine: the point is that the run ends.
    private static let bound: Duration = .seconds(300)

    private func timed<T>(_ body: () throws -> T) rethrows -> (T, Duration) {
        let clock = ContinuousClock()
        let start = clock.now
        let value = try body()
        return (value, clock.now - start)
    }

    @Test("a tree of 5,000 tiny files is analysed in bounded time")
    func manyTinyFiles() throws {
        let root = try temporaryFolder("limits")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let count = 5_000
        for module in 0..<100 {
            try FileManager.default.createDirectory(atPath: root + "/Sources/M\(module)", withIntermediateDirectories: true)
        }
        for index in 0..<count {
            try "struct Tiny\(index) { let value = \(index) }\n"
                .write(toFile: root + "/Sources/M\(index % 100)/Tiny\(index).swift", atomically: false, encoding: .utf8)
        }
        try leak.write(toFile: root + "/Sources/M0/Session.swift", atomically: false, encoding: .utf8)
        let (result, elapsed) = try timed { try CycleLint.check(paths: [root]) }
        #expect(result.filesAnalyzed == count + 1)
        #expect(result.findings.map(\.ruleID) == ["capture-cycle"])
        #expect(result.diagnostics.isEmpty)
        #expect(elapsed < Self.bound)
    }

    /// 2 MiB keeps a debug-build test run short; the reader's full 16 MiB limit is measured with
    /// the release build in bench/reliability.md.
    @Test("a 2 MiB file of one expression is analysed")
    func hugeExpression() throws {
        let root = try temporaryFolder("limits")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let prefix = leak + "let table = ["
        let element = "1234567, "
        let elements = (2 * 1024 * 1024 - prefix.utf8.count - 2) / element.utf8.count
        let source = prefix + String(repeating: element, count: elements) + "]\n"
        try source.write(toFile: root + "/Table.swift", atomically: false, encoding: .utf8)
        let (result, elapsed) = try timed { try CycleLint.check(paths: [root]) }
        #expect(result.findings.map(\.ruleID) == ["capture-cycle"])
        #expect(result.diagnostics.isEmpty)
        #expect(elapsed < Self.bound)
    }

    @Test("10,000 nested closures end with a syntax-error diagnostic and the other findings")
    func tenThousandNestedClosures() throws {
        let depth = 10_000
        let source = leak + "let deep = " + String(repeating: "{ ", count: depth) + String(repeating: "} ", count: depth) + "\n"
        let (result, elapsed) = try timed { try CycleLint.check(sources: [("Deep.swift", source)]) }
        // The parser stops at its nesting limit and says so; everything before is analysed.
        #expect(result.findings.map(\.ruleID) == ["capture-cycle"])
        #expect(result.diagnostics.first?.message.contains("syntax error") == true)
        #expect(elapsed < Self.bound)
    }

    @Test("a file whose every line is a suppression directive: each one reported unused, in bounded time")
    func everyLineASuppression() throws {
        let lines = 5_000
        let directives = String(repeating: "// cyclelint:disable:next capture-cycle\n", count: lines)
        let sources: [(path: String, text: String)] = [("Directives.swift", directives), ("Session.swift", leak)]
        let (outcome, elapsed) = try timed { () throws -> SuppressionFilter.Outcome in
            let result = try CycleLint.check(sources: sources)
            let byFile = Dictionary(uniqueKeysWithValues: sources.map {
                ($0.path, FileFactsExtractor.extract(path: $0.path, source: $0.text).suppressions)
            })
            return SuppressionFilter(directives: byFile, workingDirectory: "/")
                .apply(to: result.findings)
        }
        #expect(outcome.findings.map(\.location.file) == ["Session.swift"])
        #expect(outcome.unused.count == lines)
        #expect(outcome.unused.allSatisfy { $0.ruleID == UnusedSuppressionRule.id && $0.location.file == "Directives.swift" })
        #expect(elapsed < Self.bound)
    }

    @Test("a parent_config chain that loops is an error naming the loop", arguments: [1, 3])
    func parentConfigurationLoop(length: Int) throws {
        let root = try temporaryFolder("limits")
        defer { try? FileManager.default.removeItem(atPath: root) }
        for index in 0..<length {
            try "parent_config: c\((index + 1) % length).yml\n".write(toFile: root + "/c\(index).yml", atomically: false, encoding: .utf8)
        }
        var loader = ConfigurationLoader(workingDirectory: root)
        do {
            _ = try loader.load(file: root + "/c0.yml")
            Issue.record("a looping parent_config chain was accepted")
        } catch let CycleLintError.invalidConfiguration(file, _, _, message) {
            #expect(file.hasSuffix("c\(length - 1).yml"))
            #expect(message.hasPrefix("parent_config cycle: "))
            #expect(message.components(separatedBy: " → ").count == length + 1)
        }
    }
}
