import CycleLintKit
import Foundation

/// The stages one `cyclelint check` run puts Swift files through, on in-memory input, for the
/// fuzz harnesses: decoding, parsing and facts, the index, graphs and rules, suppressions, the
/// baseline and every reporter. Invariants every input must keep are `precondition`s, so a
/// violation is a crash the fuzzer reports and minimises.
public enum SourcePipeline {
    /// Separates the files of a multi-file input: a NUL byte, which no accepted source contains.
    public static let fileSeparator: UInt8 = 0
    /// Most files taken from one multi-file input; the rest of the input stays in the last one.
    public static let maximumFiles = 8
    /// The folder the in-memory files are reported relative to.
    static let workingDirectory = "/fuzz"

    /// The files of a multi-file input: `data` split at `fileSeparator`.
    public static func files(in data: Data) -> [Data] {
        data.split(separator: fileSeparator, maxSplits: maximumFiles - 1, omittingEmptySubsequences: false).map { Data($0) }
    }

    /// Analyses the files that decode as Swift source as one project (two modules, so that
    /// cross-module resolution is exercised) and renders the result in every format.
    public static func check(_ files: [Data]) {
        var sources: [(path: String, text: String)] = []
        for (number, data) in files.enumerated() {
            guard case .success(let text) = SourceReader.decode(data) else { continue }
            sources.append(("Sources/\(number % 2 == 0 ? "App" : "Core")/File\(number).swift", text))
        }
        guard !sources.isEmpty else { return }
        var directives: [String: [SuppressionDirective]] = [:]
        for source in sources { directives[source.path] = checkFactsRoundTrip(path: source.path, text: source.text).suppressions }

        let result: AnalysisResult
        do {
            result = try CycleLint.check(sources: sources, options: AnalysisOptions(jobs: 1))
        } catch {
            preconditionFailure("analysing in-memory sources with the built-in rule packs threw: \(error)")
        }
        let suppression = SuppressionFilter(directives: directives, workingDirectory: workingDirectory).apply(to: result.findings)
        let findings = suppression.findings + suppression.unused
        checkBaselineRoundTrip(findings)

        let report = CheckReport(findings: findings, diagnostics: result.diagnostics, filesAnalyzed: result.filesAnalyzed,
                                 files: sources.map(\.path), suppressedCount: suppression.suppressedCount)
        let options = ReportOptions(basePath: workingDirectory, workingDirectory: workingDirectory)
        for format in ReportFormat.allCases {
            let rendered = format.reporter(options: options).render(report)
            precondition(rendered.isEmpty || rendered.hasSuffix("\n"), "\(format) output does not end with a newline")
            if format == .json || format == .sarif || format == .gitlab {
                precondition((try? JSONSerialization.jsonObject(with: Data(rendered.utf8))) != nil,
                             "\(format) output is not valid JSON")
            }
        }
    }

    /// Facts are what the cache stores: they must survive a JSON round trip unchanged.
    @discardableResult
    static func checkFactsRoundTrip(path: String, text: String) -> FileFacts {
        let facts = FileFactsExtractor.extract(path: path, source: text)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let encoded = try? encoder.encode(facts) else { preconditionFailure("facts of \(path) do not encode") }
        guard let decoded = try? JSONDecoder().decode(FileFacts.self, from: encoded) else {
            preconditionFailure("facts of \(path) do not decode")
        }
        precondition((try? encoder.encode(decoded)) == encoded, "facts of \(path) change in a JSON round trip")
        return facts
    }

    /// A baseline written from the findings must read back and accept every one of them.
    static func checkBaselineRoundTrip(_ findings: [Finding]) {
        let baseline = Baseline(findings: findings)
        guard let reloaded = try? JSONDecoder().decode(Baseline.self, from: Data(baseline.json.utf8)) else {
            preconditionFailure("a written baseline does not read back")
        }
        precondition(reloaded.filter(findings).findings.isEmpty, "a baseline of the findings does not accept them all")
    }
}
