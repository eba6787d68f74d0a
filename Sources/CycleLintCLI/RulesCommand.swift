import ArgumentParser
import CycleLintKit
import Foundation

/// `cyclelint rules`: a table of rule ids, default severities and opt-in state, plus whether
/// each rule is enabled under the configuration in effect.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "List the rules with their severity and opt-in state.")

    @OptionGroup var configurationOptions: ConfigurationOptions

    func run() throws {
        let configuration: Configuration
        do {
            configuration = try configurationOptions.load(paths: ["."])
        } catch let error as CycleLintError {
            throw usageFailure(error.description)
        }
        print(RulesTable.render(rules: RuleCatalog.all, configuration: configuration), terminator: "")
    }
}

/// The text table printed by `cyclelint rules`.
enum RulesTable {
    static func render(rules: [RuleDescription], configuration: Configuration) -> String {
        let header = ["id", "severity", "opt-in", "enabled", "name"]
        let rows = rules.map { rule -> [String] in
            let severity = configuration.severity[rule.id] ?? rule.defaultSeverity
            return [rule.id, severity.rawValue, rule.isOptIn ? "yes" : "no",
                    configuration.isEnabled(rule: rule.id) ? "yes" : "no", rule.name]
        }
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ") + "\n"
        }
        return ([header] + rows).map(line).joined()
    }
}
