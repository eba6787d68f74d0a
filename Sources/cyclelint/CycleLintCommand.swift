import ArgumentParser

@main
struct CycleLintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cyclelint",
        abstract: "Finds reference cycles and retention leaks in Swift code, and proves them at run time.",
        subcommands: [CheckCommand.self, TraceCommand.self, VerifyCommand.self],
        defaultSubcommand: CheckCommand.self
    )
}
