import ArgumentParser

/// Prints `cyclelint: error: message` on stderr and gives exit status 2 (usage, configuration
/// or I/O error).
func usageFailure(_ message: String) -> ExitCode {
    StandardError.write("cyclelint: error: \(message)")
    return ExitCode(2)
}
