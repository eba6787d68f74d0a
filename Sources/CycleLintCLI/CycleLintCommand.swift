import ArgumentParser
import Foundation

/// The root `cyclelint` command: its subcommands are the library's (static analysis and the
/// runtime's `trace` and `verify`) plus those a package's own executable adds
/// (`CycleLintMain.main(extraSubcommands:)`).
struct CycleLintCommand: ParsableCommand {
    /// Subcommands added by a package's own executable, after the library's.
    nonisolated(unsafe) static var extraSubcommands: [any ParsableCommand.Type] = []

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "cyclelint",
            abstract: "Finds reference cycles and retention leaks in Swift code, and proves them at run time.",
            subcommands: [CheckCommand.self, RulesCommand.self, ExplainCommand.self, InitCommand.self,
                          BaselineCommand.self, CacheCommand.self, TraceCommand.self, VerifyCommand.self]
                          + extraSubcommands,
            defaultSubcommand: CheckCommand.self
        )
    }

    /// Runs the command line, mapping argument-parser usage errors (normally 64) to exit 2,
    /// the documented status for usage, configuration and I/O errors.
    static func runCommandLine(_ arguments: [String]?) -> Never {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            Foundation.exit(0)
        } catch {
            if exitCode(for: error) == .validationFailure {
                StandardError.write(fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
