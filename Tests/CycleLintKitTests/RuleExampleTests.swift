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

    @Test("every built-in rule has triggering and non-triggering examples")
    func examplesExist() {
        for rule in RuleRegistry.builtin {
            #expect(!rule.description.triggeringExamples.isEmpty, "\(rule.description.id)")
            #expect(!rule.description.nonTriggeringExamples.isEmpty, "\(rule.description.id)")
        }
    }
}
