/// A problem with one input file that did not stop the run (undecodable, binary, syntax errors).
public struct InputDiagnostic: Codable, Hashable, Sendable {
    public var file: String
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }
}

/// What a `CycleLint.check` run produced.
public struct AnalysisResult: Sendable {
    /// Findings sorted by file, line, column, rule.
    public var findings: [Finding]
    /// Files that were skipped or only partly analysed, with why.
    public var diagnostics: [InputDiagnostic]
    /// How many Swift files were analysed.
    public var filesAnalyzed: Int

    public init(findings: [Finding], diagnostics: [InputDiagnostic], filesAnalyzed: Int) {
        self.findings = findings
        self.diagnostics = diagnostics
        self.filesAnalyzed = filesAnalyzed
    }
}

/// Errors that stop a run: the CLI maps them to exit code 2.
public enum CycleLintError: Error, CustomStringConvertible, Equatable {
    case pathNotFound(String)
    case unreadablePath(String, reason: String)
    case invalidRulePack(file: String, line: Int?, key: String?, message: String)
    case invalidConfiguration(file: String, line: Int?, column: Int?, message: String)

    public var description: String {
        switch self {
        case .pathNotFound(let path): return "no such file or directory: \(path)"
        case .unreadablePath(let path, let reason): return "cannot read \(path): \(reason)"
        case .invalidRulePack(let file, let line, let key, let message):
            let place = line.map { "\(file):\($0)" } ?? file
            return "invalid rule pack \(place)\(key.map { " (key '\($0)')" } ?? ""): \(message)"
        case .invalidConfiguration(let file, let line, let column, let message):
            let place = [file, line.map(String.init), column.map(String.init)].compactMap { $0 }
                .joined(separator: ":")
            return "invalid configuration \(place): \(message)"
        }
    }
}
