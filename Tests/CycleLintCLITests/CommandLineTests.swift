import CycleLintKit
import Foundation
import Testing

/// The executable's behaviour that does not depend on the analysis: usage and configuration
/// errors (exit 2), `rules`, `explain`, `init`, `baseline compare`.
@Suite struct CommandLineTests {
    @Test func unknownFormatIsUsageError() throws {
        let folder = try Fixtures.temporaryDirectory()
        let result = try CLI.run(["check", "--format", "xml", "."], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("unknown format 'xml'"))
        #expect(result.stdout.isEmpty)
    }

    @Test(arguments: [["check", "--fail-on", "sometimes"], ["check", "--color", "rainbow"], ["check", "--bogus"],
                      ["check", "--strict", "--fail-on", "never"], ["check", "--jobs", "-1"]])
    func badFlagsAreUsageErrors(arguments: [String]) throws {
        let result = try CLI.run(arguments, in: try Fixtures.temporaryDirectory())
        #expect(result.status == 2, "\(result.stderr)")
        #expect(!result.stderr.isEmpty)
    }

    @Test func missingPathIsExit2() throws {
        let result = try CLI.run(["check", "no-such-folder"], in: try Fixtures.temporaryDirectory())
        #expect(result.status == 2)
        #expect(result.stderr.contains("no such file or directory: no-such-folder"))
    }

    @Test func malformedConfigurationIsExit2WithLocation() throws {
        let folder = try Fixtures.temporaryDirectory()
        try Fixtures.write("excluded:\n  - a\n included: [b]\n", to: folder + "/.cyclelint.yml")
        let result = try CLI.run(["check", "."], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("invalid configuration .cyclelint.yml:3:"), "\(result.stderr)")
        let explicit = try CLI.run(["rules", "--config", "missing.yml"], in: folder)
        #expect(explicit.status == 2)
    }

    @Test func unknownKeysAndRulesWarnWithSuggestion() throws {
        let folder = try Fixtures.temporaryDirectory()
        try Fixtures.write("disabled_rule: [x]\nopt_in_rules: [unused-supression]\n", to: folder + "/custom.yml")
        let result = try CLI.run(["rules", "--config", "custom.yml"], in: folder)
        #expect(result.status == 0)
        #expect(result.stderr.contains("custom.yml:1:1: warning: unknown configuration key 'disabled_rule' (did you mean 'disabled_rules'?)"))
        #expect(result.stderr.contains("custom.yml:2:16: warning: unknown rule id 'unused-supression' (did you mean 'unused-suppression'?)"))
    }

    @Test func rulesTableListsEveryRule() throws {
        let folder = try Fixtures.temporaryDirectory()
        try Fixtures.write("disabled_rules: [unused-suppression]\nseverity: {unused-suppression: error}\n", to: folder + "/.cyclelint.yml")
        let result = try CLI.run(["rules"], in: folder)
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(lines.first == ["id", "severity", "opt-in", "enabled", "name"])
        #expect(lines.count == RuleCatalog.all.count + 1)
        for rule in RuleCatalog.all { #expect(lines.contains { $0.first == rule.id }) }
        #expect(lines.first { $0.first == "unused-suppression" }?.prefix(4) == ["unused-suppression", "error", "no", "no"])
    }

    @Test func explainPrintsEverySection() throws {
        let folder = try Fixtures.temporaryDirectory()
        for rule in RuleCatalog.all {
            let result = try CLI.run(["explain", rule.id], in: folder)
            #expect(result.status == 0)
            #expect(result.stdout.hasPrefix("\(rule.id): \(rule.name)\n"))
            #expect(result.stdout.contains(rule.summary))
            if !rule.fix.isEmpty { #expect(result.stdout.contains("How to fix:")) }
            if let example = rule.triggeringExamples.first?.split(separator: "\n").first {
                #expect(result.stdout.contains(RuleExampleRunner.stripMarkers(String(example)).text))
            }
        }
        let unknown = try CLI.run(["explain", "unused-supression"], in: folder)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("did you mean 'unused-suppression'?"))
    }

    @Test func initWritesAValidStarterConfiguration() throws {
        let folder = try Fixtures.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder + "/Sources", withIntermediateDirectories: true)
        let result = try CLI.run(["init"], in: folder)
        #expect(result.status == 0)
        var loader = ConfigurationLoader(workingDirectory: folder)
        let configuration = try loader.load(file: folder + "/.cyclelint.yml")
        #expect(loader.warnings.isEmpty)
        #expect(configuration.included.map(\.pattern) == [folder + "/Sources"])
        let text = try String(contentsOfFile: folder + "/.cyclelint.yml", encoding: .utf8)
        for key in ConfigurationLoader.keys { #expect(text.contains("\(key):"), "\(key) not documented") }
        let again = try CLI.run(["init"], in: folder)
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"))
        #expect(try CLI.run(["init", "--force"], in: folder).status == 0)
    }

    @Test func baselineCompareListsNewAndFixed() throws {
        let folder = try Fixtures.temporaryDirectory()
        try Baseline(findings: [Fixtures.cycle, Fixtures.error]).write(to: folder + "/old.json")
        try Baseline(findings: [Fixtures.cycle, Fixtures.note]).write(to: folder + "/new.json")
        let result = try CLI.run(["baseline", "compare", "old.json", "new.json"], in: folder)
        #expect(result.status == 1)
        #expect(result.stdout == """
            new: /outside/Elsewhere.swift:1: type-level cycle without instance evidence [task-retention]
            fixed: Sources/Other.swift:12: Parent.child and Child.parent are both strong [backref-cycle]
            1 new, 1 fixed

            """)
        let same = try CLI.run(["baseline", "compare", "old.json", "old.json", "--format", "json"], in: folder)
        #expect(same.status == 0)
        let json = try #require(try Fixtures.json(same.stdout) as? [String: Any])
        #expect((json["new"] as? [Any])?.isEmpty == true)
        #expect(try CLI.run(["baseline", "compare", "old.json", "missing.json"], in: folder).status == 2)
    }
}
