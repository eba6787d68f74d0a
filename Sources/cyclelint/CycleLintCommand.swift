import ArgumentParser
import Foundation

@main
struct CycleLintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cyclelint",
        abstract: "Finds reference cycles and retention leaks in Swift code, and proves them at run time.",
        subcommands: [CheckCommand.self, RulesCommand.self, ExplainCommand.self, InitCommand.self,
                      BaselineCommand.self, TraceCommand.self, VerifyCommand.self],
        defaultSubcommand: CheckCommand.self
    )

    /// Runs the command line, mapping argument-parser usage errors (normally 64) to exit 2,
    /// the documented status for usage, configuration and I/O errors.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                StandardError.write(fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
