import ArgumentParser
import CycleLintKit

/// `cyclelint explain RULE`: what the rule finds, why it leaks, how to fix it, and examples.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain", abstract: "Explain a rule: what it finds, why it leaks, how to fix it.")

    @Argument(help: "A rule id, e.g. capture-cycle (see `cyclelint rules`).")
    var rule: String

    func run() throws {
        guard let description = RuleCatalog.description(id: rule) else {
            let suggestion = NameSuggestion.nearest(to: rule, in: RuleCatalog.ids).map { "; did you mean '\($0)'?" } ?? ""
            throw usageFailure("unknown rule '\(rule)'\(suggestion) (see `cyclelint rules`)")
        }
        print(Self.render(description), terminator: "")
    }

    static func render(_ rule: RuleDescription) -> String {
        var out = "\(rule.id): \(rule.name)\n"
        out += "Default severity: \(rule.defaultSeverity.rawValue)\(rule.isOptIn ? " (opt-in: enable with opt_in_rules)" : "")\n\n"
        out += "\(rule.summary)\n"
        if !rule.rationale.isEmpty { out += "\nWhy it leaks:\n\(indent(rule.rationale))\n" }
        if !rule.fix.isEmpty { out += "\nHow to fix:\n\(indent(rule.fix))\n" }
        for (title, examples) in [("Triggers", rule.triggeringExamples), ("Does not trigger", rule.nonTriggeringExamples)] {
            for (index, example) in examples.enumerated() {
                out += "\n\(title) (example \(index + 1)):\n\(indent(RuleExampleRunner.stripMarkers(example).text))\n"
            }
        }
        return out
    }

    private static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
    }
}
