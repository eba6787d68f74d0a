import ArgumentParser
import CycleLintKit
import Foundation

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Report reference cycles in Swift sources.")

    @Argument(help: "Files or folders to analyse.")
    var paths: [String] = ["."]

    @Option(help: "Output format: text or json.")
    var format: String = "text"

    func run() throws {
        // Minimal placeholder until the CLI work lands (see issue 4).
        let result = try CycleLint.check(paths: paths)
        for finding in result.findings {
            print("\(finding.location): \(finding.severity.rawValue): \(finding.message) [\(finding.ruleID)]")
            for step in finding.path { print("\(step.location): note: \(step.description)") }
        }
        if !result.findings.isEmpty { throw ExitCode(1) }
    }
}
