import CycleLintKit
import Foundation
import Testing

@Suite struct ConfigurationTests {
    private func loader(_ cwd: String = "/repo") -> ConfigurationLoader {
        ConfigurationLoader(knownRuleIDs: Fixtures.catalog, workingDirectory: cwd)
    }

    @Test func readsEveryKey() throws {
        var loader = loader()
        let (configuration, parent) = try loader.parse("""
            included: [Sources, "Plugins/**/*.swift"]
            excluded:
              - Sources/Generated
            disabled_rules: [global-retention]
            opt_in_rules: [unchecked-sendable]
            severity:
              capture-cycle: error
              task-retention: note
            close_methods: [teardownAll]
            rule_packs: [packs/net.yml]
            baseline: .cyclelint-baseline.json
            parent_config: ../shared.yml
            """, file: "/repo/.cyclelint.yml")
        #expect(loader.warnings.isEmpty)
        #expect(configuration.included.map(\.pattern) == ["/repo/Sources", "/repo/Plugins/**/*.swift"])
        #expect(configuration.excluded.map(\.pattern) == ["/repo/Sources/Generated"])
        #expect(configuration.disabledRules == ["global-retention"])
        #expect(configuration.optInRules == ["unchecked-sendable"])
        #expect(configuration.severity == ["capture-cycle": .error, "task-retention": .note])
        #expect(configuration.closeMethods == ["teardownAll"])
        #expect(configuration.rulePacks == ["/repo/packs/net.yml"])
        #expect(configuration.baseline == "/repo/.cyclelint-baseline.json")
        #expect(parent == "/shared.yml")
    }

    @Test func emptyFileIsEmptyConfiguration() throws {
        var loader = loader()
        let (configuration, parent) = try loader.parse("# nothing yet\n", file: "/repo/.cyclelint.yml")
        #expect(configuration.included.isEmpty && configuration.disabledRules.isEmpty && parent == nil)
    }

    @Test func unknownKeysAndRuleIDsWarnWithSuggestions() throws {
        var loader = loader()
        _ = try loader.parse("""
            exclude: [Tests]
            disabled_rules: [capture-cycel, totally-unrelated-name]
            severity: {backref-cycles: error}
            """, file: "/repo/.cyclelint.yml")
        let messages = loader.warnings.map(\.description)
        #expect(messages == [
            ".cyclelint.yml:1:1: warning: unknown configuration key 'exclude' (did you mean 'excluded'?)",
            ".cyclelint.yml:2:18: warning: unknown rule id 'capture-cycel' (did you mean 'capture-cycle'?)",
            ".cyclelint.yml:2:33: warning: unknown rule id 'totally-unrelated-name'",
            ".cyclelint.yml:3:12: warning: unknown rule id 'backref-cycles' (did you mean 'backref-cycle'?)",
        ])
    }

    @Test(arguments: [
        ("included: [Sources\nexcluded: []\n", 2, "did not find expected"),
        ("disabled_rules: {a: b}\n", 1, "'disabled_rules' must be a list of strings"),
        ("severity:\n  capture-cycle: fatal\n", 2, "must be note, warning or error"),
        ("- just\n- a list\n", 1, "expected a mapping"),
        ("baseline: [a, b]\n", 1, "'baseline' must be a path"),
    ])
    func malformedFilesFailWithLocation(text: String, line: Int, message: String) throws {
        var loader = loader()
        do {
            _ = try loader.parse(text, file: "/repo/.cyclelint.yml")
            Issue.record("accepted malformed configuration: \(text)")
        } catch let error as CycleLintError {
            guard case .invalidConfiguration(let file, let errorLine, let column, let text) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(file == ".cyclelint.yml")
            #expect(errorLine == line)
            #expect(column != nil)
            #expect(text.contains(message), "\(text)")
        }
    }

    @Test func parentConfigMergesAndChildWins() throws {
        let root = try Fixtures.temporaryDirectory()
        try Fixtures.write("""
            excluded: [Vendor]
            disabled_rules: [unchecked-sendable, task-retention]
            opt_in_rules: [global-retention]
            severity: {capture-cycle: error, backref-cycle: note}
            close_methods: [shutdownNow]
            baseline: base.json
            included: [Sources]
            """, to: root + "/shared.yml")
        try Fixtures.write("""
            parent_config: ../shared.yml
            excluded: [Generated]
            opt_in_rules: [task-retention]
            disabled_rules: [global-retention]
            severity: {capture-cycle: warning}
            close_methods: [stopAll]
            """, to: root + "/app/.cyclelint.yml")
        var loader = loader(root)
        let configuration = try loader.load(file: root + "/app/.cyclelint.yml")
        #expect(loader.warnings.isEmpty)
        #expect(configuration.excluded.map(\.pattern) == [root + "/Vendor", root + "/app/Generated"])
        #expect(configuration.included.map(\.pattern) == [root + "/Sources"])  // inherited: child has none
        #expect(configuration.disabledRules == ["unchecked-sendable", "global-retention"])
        #expect(configuration.optInRules == ["task-retention"])
        #expect(configuration.severity == ["capture-cycle": .warning, "backref-cycle": .note])
        #expect(configuration.closeMethods == ["shutdownNow", "stopAll"])
        #expect(configuration.baseline == root + "/base.json")  // relative to the file that named it
        #expect(configuration.files == [root + "/app/.cyclelint.yml", root + "/shared.yml"])
    }

    @Test func parentConfigCycleIsAnError() throws {
        let root = try Fixtures.temporaryDirectory()
        try Fixtures.write("parent_config: b.yml\n", to: root + "/a.yml")
        try Fixtures.write("parent_config: a.yml\n", to: root + "/b.yml")
        var loader = loader(root)
        #expect(throws: CycleLintError.self) { try loader.load(file: root + "/a.yml") }
    }

    @Test func findWalksUpToTheNearestFile() throws {
        let root = try Fixtures.temporaryDirectory()
        try Fixtures.write("", to: root + "/.cyclelint.yml")
        try FileManager.default.createDirectory(atPath: root + "/a/b", withIntermediateDirectories: true)
        #expect(ConfigurationLoader.find(startingAt: root + "/a/b") == root + "/.cyclelint.yml")
        try Fixtures.write("", to: root + "/a/.cyclelint.yml")
        #expect(ConfigurationLoader.find(startingAt: root + "/a/b") == root + "/a/.cyclelint.yml")
    }

    @Test func includeExcludeGlobs() {
        var configuration = Configuration()
        configuration.included = [GlobPattern("Sources", relativeTo: "/r"), GlobPattern("Plugins/**/*Plugin.swift", relativeTo: "/r")]
        configuration.excluded = [GlobPattern("**/Generated", relativeTo: "/r"), GlobPattern("Sources/Legacy?/*.swift", relativeTo: "/r")]
        #expect(configuration.includes(path: "/r/Sources/A.swift"))
        #expect(configuration.includes(path: "/r/Sources/Deep/B.swift"))
        #expect(configuration.includes(path: "/r/Plugins/X/Y/MyPlugin.swift"))
        #expect(configuration.includes(path: "/r/Plugins/MyPlugin.swift"))  // ** matches no folder too
        #expect(!configuration.includes(path: "/r/Plugins/X/Helper.swift"))
        #expect(!configuration.includes(path: "/r/Tests/ATests.swift"))
        #expect(!configuration.includes(path: "/r/Sources/Generated/Model.swift"))
        #expect(!configuration.includes(path: "/r/Sources/Feature/Generated/Model.swift"))
        #expect(!configuration.includes(path: "/r/Sources/Legacy1/Old.swift"))
        #expect(configuration.includes(path: "/r/Sources/Legacy12/Old.swift"))
    }

    @Test func disabledAndOptInRules() {
        var configuration = Configuration()
        configuration.disabledRules = ["capture-cycle"]
        #expect(!configuration.isEnabled(rule: "capture-cycle"))
        #expect(configuration.isEnabled(rule: "backref-cycle"))
        #expect(configuration.isEnabled(rule: UnusedSuppressionRule.id))
        // Opt-in state comes from the rule registry: every opt-in rule needs opt_in_rules.
        for rule in RuleCatalog.all where rule.isOptIn {
            #expect(!configuration.isEnabled(rule: rule.id))
            configuration.optInRules.insert(rule.id)
            #expect(configuration.isEnabled(rule: rule.id))
        }
    }

    @Test func suggestions() {
        #expect(NameSuggestion.nearest(to: "captur-cycle", in: Fixtures.catalog) == "capture-cycle")
        #expect(NameSuggestion.nearest(to: "opt_in_rule", in: ConfigurationLoader.keys) == "opt_in_rules")
        #expect(NameSuggestion.nearest(to: "xyz", in: Fixtures.catalog) == nil)
    }
}
