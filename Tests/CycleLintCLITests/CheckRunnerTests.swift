import CycleLintKit
import Foundation
import Testing

/// The filtering pipeline around the engine, with a stand-in analyzer: every line
/// `// LEAK rule-id name` in a scanned file is a finding of that rule there, fingerprinted by
/// rule, file and name (not line), like the engine's semantic fingerprint.
@Suite struct CheckRunnerTests {
    /// Relative paths are resolved against `root` (the runner's working directory). Like the
    /// engine, it reports the analysed files and their suppression comments, and throws for a
    /// missing path.
    static func markerAnalyzer(root: String = "/", _ seen: Box<[String]>? = nil) -> CheckRunner.Analyzer {
        { paths, options in
            seen?.value = paths
            var findings: [Finding] = []
            var files: [String] = []
            var suppressions: [String: [SuppressionDirective]] = [:]
            for path in paths {
                let absolute = ReportPaths.absolute(path, against: root)
                guard FileManager.default.fileExists(atPath: absolute) else { throw CycleLintError.pathNotFound(path) }
                let enumerator = FileManager.default.enumerator(atPath: absolute)
                let candidates = (enumerator?.allObjects as? [String])?.map { path + "/" + $0 } ?? [path]
                for file in candidates.sorted() where file.hasSuffix(".swift") {
                    guard let text = try? String(contentsOfFile: ReportPaths.absolute(file, against: root), encoding: .utf8) else { continue }
                    files.append(file)
                    let directives = FileFactsExtractor.extract(path: file, source: text).suppressions
                    if !directives.isEmpty { suppressions[file] = directives }
                    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                        guard let range = line.range(of: "// LEAK ") else { continue }
                        let words = line[range.upperBound...].split(separator: " ").map(String.init)
                        guard words.count >= 2, !options.disabledRules.contains(words[0]) else { continue }
                        findings.append(Finding(
                            ruleID: words[0], severity: options.severityOverrides[words[0]] ?? .warning,
                            location: SourceLocation(file: file, line: index + 1, column: 1),
                            message: "\(words[1]) leaks", path: [],
                            fingerprint: "\(words[0])|\(words[1])|\((file as NSString).lastPathComponent)"))
                    }
                }
            }
            return AnalysisResult(findings: findings, diagnostics: [], files: files, suppressions: suppressions)
        }
    }

    final class Box<T> { var value: T; init(_ value: T) { self.value = value } }

    @Test func baselineSurvivesLineMovesAndReportsOnlyNewFindings() throws {
        let root = try Fixtures.temporaryDirectory()
        let file = root + "/Sources/Session.swift"
        try Fixtures.write("final class Session {\n    var x = 1 // LEAK capture-cycle onClose\n}\n", to: file)
        let runner = CheckRunner(paths: [root + "/Sources"], workingDirectory: root, analyze: Self.markerAnalyzer())
        let first = try runner.run()
        #expect(first.report.findings.count == 1)
        let baseline = Baseline(findings: first.unbaselinedFindings)
        let baselineFile = root + "/baseline.json"
        try baseline.write(to: baselineFile)

        // Lines inserted above, unrelated code edited, and a new cycle elsewhere in the file.
        try Fixtures.write("""
            import Foundation
            // a comment

            final class Session {
                var y = 2
                var x = 1 // LEAK capture-cycle onClose
                var z = 3 // LEAK capture-cycle onError
            }

            """, to: file)
        var second = runner
        second.baseline = try Baseline.load(path: baselineFile)
        let outcome = try second.run()
        #expect(outcome.report.findings.map(\.message) == ["onError leaks"])
        #expect(outcome.report.baselinedCount == 1)
        #expect(outcome.unbaselinedFindings.count == 2)
    }

    @Test func baselineMultiplicityAndCompare() throws {
        func finding(_ fingerprint: String, _ line: Int) -> Finding {
            Finding(ruleID: "capture-cycle", severity: .warning, location: SourceLocation(file: "A.swift", line: line, column: 1),
                    message: fingerprint, path: [], fingerprint: fingerprint)
        }
        let old = Baseline(findings: [finding("a", 1), finding("b", 2)])
        let (kept, count) = old.filter([finding("a", 10), finding("a", 11), finding("c", 12)])
        #expect(kept.map(\.location.line) == [11, 12])  // a second copy of a baselined cycle is new
        #expect(count == 1)
        let new = Baseline(findings: [finding("a", 10), finding("a", 11), finding("c", 12)])
        let comparison = Baseline.compare(old: old, new: new)
        #expect(comparison.introduced.map(\.fingerprint).sorted() == ["a", "c"])
        #expect(comparison.fixed.map(\.fingerprint) == ["b"])
        // Round trip through the file format.
        let file = try Fixtures.temporaryDirectory() + "/b.json"
        try new.write(to: file)
        #expect(try Baseline.load(path: file) == new)
        try "{\"nope\": 1}".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: CycleLintError.self) { try Baseline.load(path: file) }
    }

    @Test func configurationFiltersFindings() throws {
        let root = try Fixtures.temporaryDirectory()
        try Fixtures.write("// LEAK capture-cycle a\n// LEAK backref-cycle b\n// LEAK task-retention c\n", to: root + "/Sources/A.swift")
        try Fixtures.write("// LEAK capture-cycle g\n", to: root + "/Sources/Generated/G.swift")
        try Fixtures.write("// LEAK capture-cycle t\n", to: root + "/Tests/T.swift")
        try Fixtures.write("""
            included: [Sources]
            excluded: ["**/Generated"]
            disabled_rules: [backref-cycle]
            severity: {task-retention: error}
            """, to: root + "/.cyclelint.yml")
        var loader = ConfigurationLoader(knownRuleIDs: Fixtures.catalog, workingDirectory: root)
        let configuration = try loader.load(file: root + "/.cyclelint.yml")
        let seen = Box<[String]>([])
        let runner = CheckRunner(paths: [], configuration: configuration, workingDirectory: root,
                                 analyze: Self.markerAnalyzer(root: root, seen))
        #expect(runner.effectivePaths == ["Sources"])
        _ = try runner.run()
        #expect(seen.value == ["Sources"])
        #expect(try runner.analysisOptions(for: ["Sources"]).excludedPatterns == ["**/Generated"])
        // The stand-in analyzer ignores excludes; the runner's own filtering must drop them.
        let cwdRunner = CheckRunner(paths: [root + "/Sources"], configuration: configuration, workingDirectory: root,
                                    analyze: Self.markerAnalyzer())
        let outcome = try cwdRunner.run()
        #expect(outcome.report.findings.map(\.message) == ["a leaks", "c leaks"])
        #expect(outcome.report.findings.map(\.severity) == [.warning, .error])
        #expect(outcome.report.files == [root + "/Sources/A.swift"])
        // Paths given explicitly replace `included`; `excluded` still applies.
        let explicit = CheckRunner(paths: [root + "/Tests", root + "/Sources/Generated"], configuration: configuration,
                                   workingDirectory: root, analyze: Self.markerAnalyzer())
        #expect(try explicit.run().report.findings.map(\.message) == ["t leaks"])
    }

    @Test func optInRulesNeedOptingIn() throws {
        let optIn = RuleCatalog.all.filter(\.isOptIn).map(\.id)
        guard let rule = optIn.first else { return }  // the registry has no opt-in rule yet
        let root = try Fixtures.temporaryDirectory()
        try Fixtures.write("// LEAK \(rule) a\n", to: root + "/A.swift")
        var configuration = Configuration()
        let runner = CheckRunner(paths: [root], configuration: configuration, workingDirectory: root, analyze: Self.markerAnalyzer())
        #expect(try runner.run().report.findings.isEmpty)
        configuration.optInRules = [rule]
        var enabled = runner
        enabled.configuration = configuration
        #expect(try enabled.run().report.findings.count == 1)
    }

    @Test func suppressionsStrictAndUnused() throws {
        let root = try Fixtures.temporaryDirectory()
        try Fixtures.write("""
            // cyclelint:disable:next capture-cycle - freed by close()
            let a = 1 // LEAK capture-cycle a
            let b = 1 // LEAK backref-cycle b
            // cyclelint:disable:next task-retention
            let c = 1
            """, to: root + "/A.swift")
        try Fixtures.write("let d = 1 // cyclelint:disable:this capture-cycle\n", to: root + "/Clean.swift")
        var runner = CheckRunner(paths: ["."], workingDirectory: root, strict: true, analyze: Self.markerAnalyzer(root: root))
        let report = try runner.run().report
        #expect(report.suppressedCount == 1)
        #expect(report.findings.map(\.ruleID) == ["backref-cycle", "unused-suppression", "unused-suppression"])
        #expect(report.findings.map(\.location.file) == ["./A.swift", "./A.swift", "./Clean.swift"])
        #expect(report.files == ["./A.swift", "./Clean.swift"])
        #expect(report.findings.allSatisfy { $0.severity == .error })  // --strict
        #expect(FailurePolicy.error.exitCode(for: report.findings) == 1)

        var configuration = Configuration()
        configuration.disabledRules = ["unused-suppression"]
        runner.configuration = configuration
        runner.strict = false
        let quiet = try runner.run().report
        #expect(quiet.findings.map(\.ruleID) == ["backref-cycle"])
        #expect(FailurePolicy.error.exitCode(for: quiet.findings) == 0)
        #expect(FailurePolicy.warning.exitCode(for: quiet.findings) == 1)
        #expect(FailurePolicy.never.exitCode(for: quiet.findings) == 0)
    }

    @Test func missingPathIsAnError() {
        let runner = CheckRunner(paths: ["/nonexistent/cyclelint"], workingDirectory: "/", analyze: Self.markerAnalyzer())
        #expect(throws: CycleLintError.pathNotFound("/nonexistent/cyclelint")) { try runner.run() }
    }
}
