import ArgumentParser
import CycleLintKit

/// The `cyclelint` command line as a library, so a package can build its own `cyclelint` with
/// extra rules. Its executable's `main.swift` is one line:
///
/// ```swift
/// CycleLintMain.main(extraRules: [EventBusRule()])
/// ```
///
/// The result has every command of `cyclelint` (`check`, `rules`, `explain`, `init`,
/// `baseline`, `trace`, `verify`), with the extra rules run by `check` before the built-in ones and listed by
/// `rules`, `explain`, SARIF rule metadata and configuration validation.
public enum CycleLintMain {
    /// Registers `extraRules` (see `RuleRegistry.register(_:)`), parses `arguments` (default:
    /// the process's command line) and runs the command, then exits with its status: 0, 1 for
    /// findings, 2 for usage, configuration and I/O errors. `extraSubcommands` are added to the
    /// root command after the built-in ones.
    public static func main(extraRules: [any Rule] = [], extraSubcommands: [any ParsableCommand.Type] = [],
                            arguments: [String]? = nil) -> Never {
        RuleRegistry.register(extraRules)
        CycleLintCommand.extraSubcommands = extraSubcommands
        CycleLintCommand.runCommandLine(arguments)
    }
}
