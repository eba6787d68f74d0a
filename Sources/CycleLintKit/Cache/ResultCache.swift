import Foundation

/// Whole-run results on disk, so that a run over exactly the inputs of an earlier run skips
/// the analysis altogether (the facts cache only skips extraction; the whole-project steps
/// after it still run).
///
/// A result is a pure function of the run's inputs: every analysed file's path and bytes, the
/// files that could not be read and why, the options that change findings, the libclang that
/// reads C and Objective-C files, and the tool itself. `RunInputs` digests them into the key;
/// entries live in a folder named by the tool's fingerprint (as `FactsCache`'s do) and share
/// its envelope (`CacheEntryFile`), so a damaged entry is a miss and is rewritten, and runs
/// sharing the folder at once never see half an entry. A run with custom Swift rules is never
/// cached: their code is not part of any fingerprint.
public final class ResultCache: Sendable {
    /// The cache folder as given.
    public let directory: String
    /// Where this tool's results live: `directory/results-v2/<fingerprint>`.
    let entriesDirectory: String

    /// Bumped whenever the stored result's layout or `CompactFormat` changes (2: varint
    /// container headers, string table last).
    static let formatVersion: UInt32 = 2
    private static let entryFile = CacheEntryFile(magic: Array("CLRC".utf8), formatVersion: formatVersion)

    /// A cache in `directory` for the tool identified by `toolFingerprint`.
    public init(directory: String, toolFingerprint: ContentHash) {
        self.directory = directory
        entriesDirectory = directory + "/results-v\(Self.formatVersion)/" + toolFingerprint.description
    }

    /// The results of the tool that `facts` is for, in the same folder.
    public convenience init(beside facts: FactsCache) {
        self.init(directory: facts.directory, toolFingerprint: facts.toolFingerprint)
    }

    /// A cache in `directory` for the running tool. Throws `CycleLintError.unreadablePath` when
    /// the tool's own binary cannot be read to fingerprint it.
    public static func forRunningTool(directory: String) throws -> ResultCache {
        ResultCache(directory: directory, toolFingerprint: try ToolFingerprint.current(memoDirectory: directory + "/fingerprints"))
    }

    /// Removes every stored result under `directory` (the facts and the folder itself stay).
    /// Throws `CycleLintError.unreadablePath` when something cannot be removed.
    public static func clean(directory: String) throws {
        let manager = FileManager.default
        guard manager.fileExists(atPath: directory) else { return }
        do {
            for name in try manager.contentsOfDirectory(atPath: directory) where name.hasPrefix("results-v") {
                try manager.removeItem(atPath: directory + "/" + name)
            }
        } catch {
            throw CycleLintError.unreadablePath(directory, reason: "cannot clean the cache: \(error.localizedDescription)")
        }
    }

    /// The result stored for `inputs`, or nil (a miss) when there is no usable entry.
    func result(for inputs: RunInputs) -> AnalysisResult? {
        guard let bytes = CacheEntryFile.contents(of: CacheEntryFile.path(of: inputs.key, in: entriesDirectory)) else { return nil }
        return Self.entryFile.unwrap(bytes, key: inputs.key) { try CompactDecoder.decode(StoredResult.self, from: $0) }?.result
    }

    /// Stores `result` for `inputs`, replacing any entry there; false when it cannot be
    /// written (which only makes the next run slower).
    @discardableResult
    func store(_ result: AnalysisResult, for inputs: RunInputs) -> Bool {
        let path = CacheEntryFile.path(of: inputs.key, in: entriesDirectory)
        do {
            var entry = try CompactEncoder.encode(StoredResult(result), prefix: CacheEntryFile.headerSize)
            Self.entryFile.seal(&entry, key: inputs.key)
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try CacheEntryFile.replace(path, with: entry)
            return true
        } catch {
            return false
        }
    }

    /// What is kept of a result: everything but the run's cache statistics.
    private struct StoredResult: Codable {
        var findings: [Finding]
        var diagnostics: [InputDiagnostic]
        var files: [String]
        var suppressedFiles: [String]
        var suppressions: [[SuppressionDirective]]

        init(_ result: AnalysisResult) {
            findings = result.findings
            diagnostics = result.diagnostics
            files = result.files
            let sorted = result.suppressions.sorted { $0.key < $1.key }
            suppressedFiles = sorted.map(\.key)
            suppressions = sorted.map(\.value)
        }

        var result: AnalysisResult? {
            guard suppressedFiles.count == suppressions.count else { return nil }
            return AnalysisResult(findings: findings, diagnostics: diagnostics, files: files,
                                  suppressions: Dictionary(zip(suppressedFiles, suppressions)) { first, _ in first })
        }
    }
}
