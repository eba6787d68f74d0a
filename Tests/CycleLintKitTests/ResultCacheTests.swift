@testable import CycleLintKit
import Foundation
import Testing

/// The result cache: a run over the inputs of an earlier run reuses its result; any input that
/// changes (a file, a manifest above the files, an option, the tool) analyses again; damaged
/// entries are misses; custom Swift rules are never cached.
@Suite("Result cache")
struct ResultCacheTests {
    private let leak = """
    final class Session {
        var onClose: (() -> Void)?
        func start() { onClose = { self.cleanup() } }
        func cleanup() {}
    }

    """

    /// A package: a manifest, a leaking file, a file with a suppression comment, a plain one.
    private func project() throws -> String {
        let root = try temporaryFolder("results")
        try write("// swift-tools-version:5.9\nimport PackageDescription\nlet package = Package(name: \"P\", targets: [.target(name: \"App\")])\n",
                  to: root + "/Package.swift")
        try write(leak, to: root + "/Sources/App/Session.swift")
        try write(leak.replacingOccurrences(of: "Session", with: "Quiet")
            .replacingOccurrences(of: "func start() {", with: "func start() { // cyclelint:disable:next capture-cycle\n"),
                  to: root + "/Sources/App/Quiet.swift")
        try write("struct Plain { var x = 1 }\n", to: root + "/Sources/App/Plain.swift")
        return root
    }

    private func run(_ root: String, cache: String, fingerprint: ContentHash = ContentHash(parts: [[1]]),
                     options: AnalysisOptions = AnalysisOptions()) throws -> AnalysisResult {
        var options = options
        options.factsCache = FactsCache(directory: cache, toolFingerprint: fingerprint)
        options.resultCache = ResultCache(beside: options.factsCache!)
        return try CycleLint.check(paths: [root + "/Sources"], options: options)
    }

    private func resultEntries(in cache: String) -> [String] {
        let folder = cache + "/results-v\(ResultCache.formatVersion)"
        let enumerator = FileManager.default.enumerator(atPath: folder)
        return ((enumerator?.allObjects as? [String]) ?? []).filter { $0.split(separator: "/").count == 3 }.map { folder + "/" + $0 }
    }

    @Test("a run over the inputs of an earlier run reuses its whole result, without extracting or reading facts")
    func hit() throws {
        let root = try project(), cache = try temporaryFolder("results")
        let cold = try run(root, cache: cache)
        #expect(!cold.isReused)
        #expect(cold.findings.count == 2)
        let warm = try run(root, cache: cache)
        #expect(warm.isReused)
        #expect(warm.cacheStatistics == nil)
        #expect(warm.findings == cold.findings)
        #expect(warm.files == cold.files)
        #expect(warm.suppressions == cold.suppressions)
        #expect(warm.diagnostics == cold.diagnostics)
        #expect(resultEntries(in: cache).count == 1)
    }

    @Test("editing one file analyses again, extracting only that file")
    func editedFile() throws {
        let root = try project(), cache = try temporaryFolder("results")
        _ = try run(root, cache: cache)
        try write("struct Plain { var x = 2 }\n", to: root + "/Sources/App/Plain.swift")
        let edited = try run(root, cache: cache)
        #expect(!edited.isReused)
        #expect(edited.cacheStatistics == FactsCacheStatistics(hits: 2, misses: 1, writes: 1))
        // Removing the leak changes the findings; the stale result is not served.
        try write("final class Session {}\n", to: root + "/Sources/App/Session.swift")
        let fixed = try run(root, cache: cache)
        #expect(!fixed.isReused)
        #expect(fixed.findings.count == 1)
        #expect(try run(root, cache: cache).findings == fixed.findings)
    }

    @Test("a manifest above the scanned folder, an option or the tool changing analyses again")
    func otherInputs() throws {
        let root = try project(), cache = try temporaryFolder("results")
        _ = try run(root, cache: cache)
        try write("// swift-tools-version:5.9\nimport PackageDescription\nlet package = Package(name: \"P\", targets: [.target(name: \"App\"), .target(name: \"Lib\")])\n",
                  to: root + "/Package.swift")
        #expect(try !run(root, cache: cache).isReused)
        #expect(try run(root, cache: cache).isReused)
        let disabled = AnalysisOptions(disabledRules: ["capture-cycle"])
        let withoutRule = try run(root, cache: cache, options: disabled)
        #expect(!withoutRule.isReused)
        #expect(withoutRule.findings.isEmpty)
        #expect(try run(root, cache: cache, options: disabled).isReused)
        #expect(try run(root, cache: cache).findings.count == 2)
        let closeMethods = AnalysisOptions(closeMethods: AnalysisOptions.defaultCloseMethods.union(["start"]))
        #expect(try !run(root, cache: cache, options: closeMethods).isReused)
        #expect(try !run(root, cache: cache, fingerprint: ContentHash(parts: [[2]])).isReused)
    }

    @Test("a truncated or corrupt result entry is a miss and is rewritten")
    func damagedEntry() throws {
        let root = try project(), cache = try temporaryFolder("results")
        let cold = try run(root, cache: cache)
        let entry = try #require(resultEntries(in: cache).first)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: entry))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: entry))
        let afterTruncation = try run(root, cache: cache)
        #expect(!afterTruncation.isReused)
        #expect(afterTruncation.findings == cold.findings)
        var flipped = try Data(contentsOf: URL(fileURLWithPath: entry))
        flipped[flipped.count - 5] ^= 0x20
        try flipped.write(to: URL(fileURLWithPath: entry))
        #expect(try !run(root, cache: cache).isReused)
        let repaired = try run(root, cache: cache)
        #expect(repaired.isReused)
        #expect(repaired.findings == cold.findings)
    }

    @Test("a run with custom Swift rules is never stored or reused")
    func customRulesAreNotCached() throws {
        struct Silent: Rule {
            let description = RuleDescription(id: "silent", name: "Silent", summary: "Finds nothing.", rationale: "", fix: "",
                                              triggeringExamples: [], nonTriggeringExamples: [])
            func check(_ context: RuleContext) -> [Finding] { [] }
        }
        let root = try project(), cache = try temporaryFolder("results")
        let options = AnalysisOptions(extraRules: [Silent()])
        #expect(try !run(root, cache: cache, options: options).isReused)
        #expect(try !run(root, cache: cache, options: options).isReused)
        #expect(resultEntries(in: cache).isEmpty)
    }

    @Test("an unreadable file's diagnostic comes back the same from a reused result")
    func unreadableFile() throws {
        let root = try project(), cache = try temporaryFolder("results")
        try Data([0x66, 0x00, 0x67]).write(to: URL(fileURLWithPath: root + "/Sources/App/Binary.swift"))
        let cold = try run(root, cache: cache)
        #expect(cold.diagnostics.contains { $0.file.hasSuffix("Binary.swift") })
        let warm = try run(root, cache: cache)
        #expect(warm.isReused)
        #expect(warm.diagnostics == cold.diagnostics)
    }

    @Test("clean removes the results and keeps the facts")
    func clean() throws {
        let root = try project(), cache = try temporaryFolder("results")
        _ = try run(root, cache: cache)
        #expect(!resultEntries(in: cache).isEmpty)
        try ResultCache.clean(directory: cache)
        #expect(resultEntries(in: cache).isEmpty)
        let again = try run(root, cache: cache)
        #expect(!again.isReused)
        #expect(again.cacheStatistics?.hits == 3)
    }
}
