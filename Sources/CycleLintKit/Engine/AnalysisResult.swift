/// A problem with one input file that did not stop the run (undecodable, binary, syntax errors).
public struct InputDiagnostic: Codable, Hashable, Sendable {
    /// The input file, as the run spells it.
    public var file: String
    /// What went wrong with the file.
    public var message: String

    /// A diagnostic about `file`.
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
    /// The analysed files, in the order they were found, spelt as findings spell them.
    public var files: [String]
    /// The inline suppression comments of the analysed files that have any, by file as in `files`.
    public var suppressions: [String: [SuppressionDirective]]
    /// What the facts cache did, when the run used one.
    public var cacheStatistics: FactsCacheStatistics?
    /// True when the whole result came from the result cache (a run over the same inputs).
    public var isReused = false

    /// How many Swift files were analysed.
    public var filesAnalyzed: Int { files.count }

    /// A result with the given parts, stored as given.
    public init(findings: [Finding], diagnostics: [InputDiagnostic], files: [String],
                suppressions: [String: [SuppressionDirective]] = [:], cacheStatistics: FactsCacheStatistics? = nil) {
        self.findings = findings
        self.diagnostics = diagnostics
        self.files = files
        self.suppressions = suppressions
        self.cacheStatistics = cacheStatistics
    }
}

/// Errors that stop a run: the CLI maps them to exit code 2.
public enum CycleLintError: Error, CustomStringConvertible, Equatable {
    /// A path given to the run does not exist.
    case pathNotFound(String)
    /// A file or folder that cannot be read, with why.
    case unreadablePath(String, reason: String)
    /// An output file (report, baseline) that cannot be written, with why; the old file is kept.
    case unwritablePath(String, reason: String)
    /// A malformed rule pack: its name, the 1-based line and the key at fault when known.
    case invalidRulePack(file: String, line: Int?, key: String?, message: String)
    /// A malformed configuration file, with the 1-based line and column when known.
    case invalidConfiguration(file: String, line: Int?, column: Int?, message: String)

    public var description: String {
        switch self {
        case .pathNotFound(let path): return "no such file or directory: \(path)"
        case .unreadablePath(let path, let reason): return "cannot read \(path): \(reason)"
        case .unwritablePath(let path, let reason): return "cannot write \(path): \(reason)"
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
