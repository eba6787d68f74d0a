import CycleLintKit
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `cyclelint check` run as a process on real sources with the real engine.
@Suite struct EndToEndTests {
    /// A two-edge back-reference cycle and a capture cycle, in a folder whose name has a space
    /// and a comma (escaping in every format).
    static let chain = """
        final class Parent {
            let child: Child
            init() {
                child = Child()
                child.parent = self
            }
        }

        final class Child {
            var parent: Parent?
            var onDone: (() -> Void)?
            func run() {
                onDone = {
                    print(self)
                }
            }
        }

        """
    static let chainFile = "Sources/App Core,1/Chain.swift"

    static func project() throws -> String {
        let root = try Fixtures.temporaryDirectory()
        try Fixtures.write(chain, to: root + "/" + chainFile)
        return root
    }

    static func findings(_ json: String) throws -> [[String: Any]] {
        let root = try #require(try Fixtures.json(json) as? [String: Any])
        return try #require(root["findings"] as? [[String: Any]])
    }

    @Test func textReportAndExitStatus() throws {
        let root = try Self.project()
        let result = try CLI.run(["check", "Sources"], in: root)
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.contains(": warning: ") }.count == 2)
        #expect(lines.contains { $0.hasPrefix(Self.chainFile + ":5:9: warning: ") && $0.hasSuffix("[backref-cycle]") })
        #expect(lines.contains { $0.hasPrefix(Self.chainFile + ":13:9: warning: ") && $0.hasSuffix("[capture-cycle]") })
        #expect(lines.filter { $0.contains(": note: ") }.count == 4)  // one per edge
        #expect(!result.stdout.contains("\u{1B}["))  // not a terminal: no colour
        #expect(!result.stderr.contains("\r"))        // no progress display either
        #expect(result.stderr.contains("2 findings (2 warnings) in 1 file"))
        let quiet = try CLI.run(["check", "Sources", "--quiet"], in: root)
        #expect(quiet.stderr.isEmpty)
        #expect(quiet.stdout == result.stdout)
        // Accepted flags that do not change the report.
        let same = try CLI.run(["check", "Sources", "--quiet", "--no-cache", "--jobs", "1"], in: root)
        #expect(same.status == 1)
        #expect(same.stdout == result.stdout)
    }

    @Test func colourOnRequestOnly() throws {
        let root = try Self.project()
        #expect(try CLI.run(["check", "Sources", "--color", "always"], in: root, environment: ["NO_COLOR": "1"]).stdout.contains("\u{1B}["))
        #expect(!(try CLI.run(["check", "Sources", "--color", "auto"], in: root, environment: ["NO_COLOR": "1"]).stdout.contains("\u{1B}[")))
        #expect(!(try CLI.run(["check", "Sources", "--color", "never"], in: root).stdout.contains("\u{1B}[")))
    }

    @Test func everyFormatWritesToOutputFile() throws {
        let root = try Self.project()
        for format in ReportFormat.allCases {
            let file = root + "/report.\(format.rawValue)"
            let result = try CLI.run(["check", "Sources", "--format", format.rawValue, "--output", file], in: root)
            #expect(result.status == 1, "\(format): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(format) wrote to stdout")
            let text = try String(contentsOfFile: file, encoding: .utf8)
            switch format {
            case .text:
                #expect(text.contains("[capture-cycle]"))
            case .json:
                let findings = try Self.findings(text)
                #expect(findings.count == 2)
                #expect(findings.allSatisfy { $0["file"] as? String == Self.chainFile })
                #expect(findings.allSatisfy { ($0["path"] as? [Any])?.count == 2 })
            case .sarif:
                #expect(text.contains("\"codeFlows\""))
                #expect(text.contains("Sources/App%20Core%2C1/Chain.swift"))
                if SchemaValidator.available {
                    let problems = try SchemaValidator.validate(file)
                    #expect(problems.isEmpty, "\(problems)")
                }
            case .github:
                let lines = text.split(separator: "\n")
                #expect(lines.count == 2)
                #expect(lines.allSatisfy { $0.hasPrefix("::warning file=Sources/App Core%2C1/Chain.swift,line=") })
            case .gitlab:
                let issues = try #require(try Fixtures.json(text) as? [[String: Any]])
                #expect(issues.compactMap { $0["check_name"] as? String }.sorted() == ["backref-cycle", "capture-cycle"])
            case .junit:
                #expect(XMLParser(data: Data(text.utf8)).parse())
                #expect(text.contains("<testcase classname=\"cyclelint\" name=\"Sources/App Core,1/Chain.swift\">"))
                #expect(text.components(separatedBy: "<failure ").count == 3)
            }
        }
        let based = try CLI.run(["check", "Sources", "--format", "sarif", "--base-path", "Sources"], in: root)
        #expect(based.stdout.contains("\"uri\" : \"App%20Core%2C1/Chain.swift\""))
        #expect(based.stdout.contains("\"uri\" : \"file://\(SARIFReporterTests.percentEncoded(root))/Sources/\""))
        let unwritable = try CLI.run(["check", "Sources", "--output", root + "/missing/dir/out.txt"], in: root)
        #expect(unwritable.status == 2)
    }

    @Test func exitPolicy() throws {
        let root = try Self.project()
        #expect(try CLI.run(["check", "Sources", "--fail-on", "error"], in: root).status == 0)
        #expect(try CLI.run(["check", "Sources", "--fail-on", "never"], in: root).status == 0)
        #expect(try CLI.run(["check", "Sources", "--fail-on", "warning"], in: root).status == 1)
        let strict = try CLI.run(["check", "Sources", "--strict", "--fail-on", "error"], in: root)
        #expect(strict.status == 1)
        #expect(strict.stdout.contains(": error: "))
        #expect(!strict.stdout.contains(": warning: "))
        try Fixtures.write("severity: {capture-cycle: error}\n", to: root + "/.cyclelint.yml")
        let overridden = try CLI.run(["check", "Sources", "--fail-on", "error", "--format", "json"], in: root)
        #expect(overridden.status == 1)
        let severities = try Self.findings(overridden.stdout).map { "\($0["rule"]!)=\($0["severity"]!)" }.sorted()
        #expect(severities == ["backref-cycle=warning", "capture-cycle=error"])
        let clean = try Fixtures.temporaryDirectory()
        try Fixtures.write("final class Plain { var x = 1 }\n", to: clean + "/A.swift")
        #expect(try CLI.run(["check", "."], in: clean).status == 0)
    }

    @Test func baselineSurvivesEditsAndReportsOnlyNewCycles() throws {
        let root = try Self.project()
        let written = try CLI.run(["check", "Sources", "--write-baseline", "baseline.json"], in: root)
        #expect(written.status == 0)
        #expect(written.stdout.isEmpty)
        let baseline = try Baseline.load(path: root + "/baseline.json")
        #expect(baseline.findings.count == 2)
        #expect(try CLI.run(["check", "Sources", "--baseline", "baseline.json"], in: root).status == 0)

        // Lines inserted above the findings and unrelated code edited.
        let edited = "import Foundation\n\n// Owns a child.\n" + Self.chain
            .replacingOccurrences(of: "    var parent: Parent?\n", with: "    var parent: Parent?\n    var retries = 3\n    func reset() { retries = 0 }\n")
        try Fixtures.write(edited, to: root + "/" + Self.chainFile)
        let moved = try CLI.run(["check", "Sources", "--baseline", "baseline.json", "--format", "json"], in: root)
        #expect(moved.status == 0, "\(moved.stdout)")
        #expect(try Self.findings(moved.stdout).isEmpty)

        // A new cycle: only it is reported.
        try Fixtures.write("""
            final class Poller {
                var tick: (() -> Void)?
                func start() {
                    tick = { self.poll() }
                }
                func poll() {}
            }

            """, to: root + "/Sources/Poller.swift")
        let fresh = try CLI.run(["check", "Sources", "--baseline", "baseline.json", "--format", "json"], in: root)
        #expect(fresh.status == 1)
        let findings = try Self.findings(fresh.stdout)
        #expect(findings.map { $0["file"] as? String } == ["Sources/Poller.swift"])
        #expect(findings.first?["rule"] as? String == "capture-cycle")

        // The baseline from the configuration, and `baseline compare`.
        try Fixtures.write("baseline: baseline.json\n", to: root + "/.cyclelint.yml")
        #expect(try CLI.run(["check", "Sources"], in: root).status == 1)
        _ = try CLI.run(["check", "Sources", "--write-baseline", "new.json"], in: root)
        let compare = try CLI.run(["baseline", "compare", "baseline.json", "new.json"], in: root)
        #expect(compare.status == 1)
        #expect(compare.stdout.hasPrefix("new: Sources/Poller.swift:4: "))
        #expect(compare.stdout.hasSuffix("1 new, 0 fixed\n"))
    }

    @Test func configurationIncludeExcludeAndRules() throws {
        let root = try Self.project()
        try Fixtures.write(Self.chain, to: root + "/Sources/Generated/Gen.swift")
        try Fixtures.write(Self.chain, to: root + "/Tests/T.swift")
        try Fixtures.write("""
            included: [Sources]
            excluded: ["**/Generated"]
            disabled_rules: [backref-cycle]
            """, to: root + "/.cyclelint.yml")
        let result = try CLI.run(["check", "--format", "json"], in: root)
        #expect(result.status == 1, "\(result.stderr)")
        let findings = try Self.findings(result.stdout)
        #expect(findings.map { "\($0["file"]!) \($0["rule"]!)" } == ["Sources/App Core,1/Chain.swift capture-cycle"])

        // A child configuration that inherits and re-enables the disabled rule.
        try Fixtures.write("parent_config: ../.cyclelint.yml\nopt_in_rules: [backref-cycle]\n", to: root + "/ci/.cyclelint.yml")
        let child = try CLI.run(["check", "--config", "ci/.cyclelint.yml", "--format", "json"], in: root)
        #expect(try Self.findings(child.stdout).compactMap { $0["rule"] as? String }.sorted() == ["backref-cycle", "capture-cycle"])
        #expect(child.stderr.contains("unknown") == false)
    }

    @Test func suppressionsAndUnusedSuppressions() throws {
        let root = try Self.project()
        let suppressed = Self.chain
            .replacingOccurrences(of: "        onDone = {\n", with: "        // cyclelint:disable:next capture-cycle - released by the scheduler\n        onDone = {\n")
            .replacingOccurrences(of: "    var parent: Parent?\n", with: "    var parent: Parent? // cyclelint:disable:this task-retention\n")
        try Fixtures.write(suppressed, to: root + "/" + Self.chainFile)
        let result = try CLI.run(["check", "Sources", "--format", "json"], in: root)
        #expect(result.status == 1)
        let findings = try Self.findings(result.stdout)
        #expect(Set(findings.compactMap { $0["rule"] as? String }) == ["backref-cycle", "unused-suppression"])
        let unused = try #require(findings.first { $0["rule"] as? String == "unused-suppression" })
        #expect(unused["line"] as? Int == 10)
        let summary = try #require((try Fixtures.json(result.stdout) as? [String: Any])?["summary"] as? [String: Any])
        #expect(summary["suppressed"] as? Int == 1)

        try Fixtures.write("disabled_rules: [unused-suppression, backref-cycle]\n", to: root + "/.cyclelint.yml")
        #expect(try CLI.run(["check", "Sources"], in: root).status == 0)
    }

    @Test func skippedFilesAreDiagnosedOnStderr() throws {
        let root = try Self.project()
        try Data([0xFF, 0xFE, 0x00, 0x41]).write(to: URL(fileURLWithPath: root + "/Sources/Binary.swift"))
        let result = try CLI.run(["check", "Sources"], in: root)
        #expect(result.status == 1)
        #expect(result.stderr.contains("Sources/Binary.swift: warning: "), "\(result.stderr)")
        #expect(!result.stdout.contains("Binary.swift"))
    }
}
