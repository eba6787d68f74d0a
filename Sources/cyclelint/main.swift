import CycleLintCLI
CycleLintMain.main(extraSubcommands: [TraceCommand.self, VerifyCommand.self])
