import CycleLintKit
import Testing

@Suite struct SuppressionTests {
    private func finding(_ rule: String, line: Int, file: String = "A.swift") -> Finding {
        Finding(ruleID: rule, severity: .warning, location: SourceLocation(file: file, line: line, column: 5),
                message: "\(rule) at \(line)", path: [], fingerprint: "\(rule)-\(line)")
    }

    private func apply(_ source: String, _ findings: [Finding]) -> SuppressionFilter.Outcome {
        filter(["A.swift": source]).apply(to: findings)
    }

    /// The filter for these files' texts, with the directives their facts record.
    private func filter(_ sources: [String: String]) -> SuppressionFilter {
        let directives = sources.map { ($0.key, FileFactsExtractor.extract(path: $0.key, source: $0.value).suppressions) }
        return SuppressionFilter(directives: Dictionary(uniqueKeysWithValues: directives), workingDirectory: "/w")
    }

    @Test func parsesDirectives() {
        let location = SourceLocation(file: "A.swift", line: 1, column: 1)
        let next = SuppressionDirective.parse(comment: " cyclelint:disable:next capture-cycle, backref-cycle - closed in close()", location: location)
        #expect(next?.action == .disable)
        #expect(next?.scope == .next)
        #expect(next?.rules == ["capture-cycle", "backref-cycle"])
        #expect(next?.reason == "closed in close()")
        #expect(SuppressionDirective.parse(comment: " cyclelint:enable all", location: location)?.scope == .region)
        #expect(SuppressionDirective.parse(comment: " cyclelint:disable:this all", location: location)?.rules == ["all"])
        #expect(SuppressionDirective.parse(comment: " cyclelint:disable:next", location: location) == nil)  // no rule
        #expect(SuppressionDirective.parse(comment: " cyclelint:disable:later x", location: location) == nil)
        #expect(SuppressionDirective.parse(comment: " swiftlint:disable:next x", location: location) == nil)
    }

    @Test func nextThisPrevious() {
        let source = """
            final class A {                                   // 1
                // cyclelint:disable:next capture-cycle
                var a = 0                                     // 3
                var b = 0 // cyclelint:disable:this backref-cycle
                var c = 0                                     // 5
                // cyclelint:disable:previous task-retention
            }
            """
        let outcome = apply(source, [finding("capture-cycle", line: 3), finding("backref-cycle", line: 4),
                                     finding("task-retention", line: 5), finding("capture-cycle", line: 5),
                                     finding("backref-cycle", line: 3)])
        #expect(outcome.findings.map(\.fingerprint) == ["capture-cycle-5", "backref-cycle-3"])
        #expect(outcome.suppressedCount == 3)
        #expect(outcome.unused.isEmpty)
    }

    @Test func stackedNextCommentsSkipCommentsAndBlankLines() {
        let source = """
            // cyclelint:disable:next capture-cycle - reason one
            // cyclelint:disable:next backref-cycle

            let x = 1
            """
        let outcome = apply(source, [finding("capture-cycle", line: 4), finding("backref-cycle", line: 4)])
        #expect(outcome.findings.isEmpty)
        #expect(outcome.unused.isEmpty)
    }

    @Test func regionsAndAll() {
        let source = """
            // cyclelint:disable capture-cycle
            let a = 1                              // 2
            // cyclelint:enable capture-cycle
            let b = 1                              // 4
            // cyclelint:disable all
            let c = 1                              // 6
            // cyclelint:enable backref-cycle
            let d = 1                              // 8
            // cyclelint:enable all
            let e = 1                              // 10
            """
        let findings = [finding("capture-cycle", line: 2), finding("backref-cycle", line: 2),
                        finding("capture-cycle", line: 4), finding("backref-cycle", line: 6),
                        finding("capture-cycle", line: 8), finding("backref-cycle", line: 8),
                        finding("capture-cycle", line: 10)]
        let outcome = apply(source, findings)
        #expect(outcome.findings.map(\.fingerprint) == ["backref-cycle-2", "capture-cycle-4", "backref-cycle-8", "capture-cycle-10"])
        #expect(outcome.unused.isEmpty)
    }

    @Test func regionWithoutEnableRunsToEndOfFile() {
        let outcome = apply("// cyclelint:disable task-retention\n\n\n\nlet a = 1\n", [finding("task-retention", line: 5)])
        #expect(outcome.findings.isEmpty)
    }

    @Test func unusedSuppressionsAreReportedPerRule() {
        let source = """
            // cyclelint:disable:next capture-cycle backref-cycle
            let a = 1
            let b = 1 // cyclelint:disable:this capture-cycle
            // cyclelint:disable:next captur-cycle
            let c = 1
            """
        let outcome = apply(source, [finding("capture-cycle", line: 2)])
        #expect(outcome.findings.isEmpty)
        #expect(outcome.unused.map(\.ruleID) == Array(repeating: "unused-suppression", count: 3))
        #expect(outcome.unused.map(\.location.line) == [1, 3, 4])
        #expect(outcome.unused[0].message.contains("'backref-cycle' in"))
        #expect(outcome.unused[1].location.column == 11)
        #expect(outcome.unused[1].message.hasPrefix("'// cyclelint:disable:this capture-cycle' suppresses no finding; remove it"))
        #expect(outcome.unused.allSatisfy { $0.severity == .warning && $0.location.file == "A.swift" })
        // Fingerprints ignore the line, so baselined unused suppressions stay baselined.
        let moved = apply("\n\n" + source, [finding("capture-cycle", line: 4)])
        #expect(moved.unused.map(\.fingerprint) == outcome.unused.map(\.fingerprint))
    }

    @Test func unusedOfTurnedOffRulesIsNotReported() {
        let outcome = filter(["A.swift": "let a = 1 // cyclelint:disable:this global-retention\n"])
            .apply(to: [], reportsUnused: { $0 != "global-retention" })
        #expect(outcome.unused.isEmpty)
    }

    @Test func textInStringLiteralsIsNotADirective() {
        let source = """
            let s = "// cyclelint:disable:this capture-cycle"
            let t = \"\"\"
            // cyclelint:disable all
            \"\"\"
            let u = 1
            """
        let outcome = apply(source, [finding("capture-cycle", line: 1), finding("backref-cycle", line: 5)])
        #expect(outcome.findings.count == 2)
        #expect(outcome.unused.isEmpty)
    }

    @Test func matchesFilesSpeltDifferently() {
        let outcome = filter(["./Sources/A.swift": "let a = 1 // cyclelint:disable:this capture-cycle\n"])
            .apply(to: [finding("capture-cycle", line: 1, file: "/w/Sources/A.swift")])
        #expect(outcome.findings.isEmpty)
    }
}
