import CycleLintKit
import Testing

@Suite("Rule examples")
struct RuleExampleTests {
    @Test("every built-in rule's examples behave as documented", arguments: RuleRegistry.builtin.map(\.description.id))
    func examples(ruleID: String) throws {
        let rule = try #require(RuleRegistry.rule(id: ruleID))
        let problems = RuleExampleRunner.problems(of: rule.description)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n\n"))")
    }

    @Test("an example of several files is split at its `// file:` lines, each file numbered from 1")
    func multiFileExamples() {
        let files = RuleExampleRunner.files(of: "// file: A.h\nint a(void);\n// file: B.swift\nlet b = 1\nlet c = 2")
        #expect(files.map(\.path) == ["A.h", "B.swift"])
        #expect(files.map(\.text) == ["int a(void);", "let b = 1\nlet c = 2"])
        #expect(RuleExampleRunner.files(of: "let x = 1").map(\.path) == ["Example.swift"])
    }

    @Test("every built-in rule has triggering and non-triggering examples")
    func examplesExist() {
        for rule in RuleRegistry.builtin {
            #expect(!rule.description.triggeringExamples.isEmpty, "\(rule.description.id)")
            #expect(!rule.description.nonTriggeringExamples.isEmpty, "\(rule.description.id)")
        }
    }
}
