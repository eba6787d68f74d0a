import Foundation

/// One `cyclelint check` run as a library call: resolves paths from the configuration, runs
/// the analysis, then applies configuration (include/exclude, disabled and opt-in rules,
/// severity overrides), inline suppressions and the baseline, in that order.
public struct CheckRunner {
    /// The analysis step; `CycleLint.check` unless replaced (e.g. by a test).
    public typealias Analyzer = ([String], AnalysisOptions) throws -> AnalysisResult

    /// Paths given on the command line; empty means the configuration's `included`, else `.`.
    public var paths: [String]
    /// The resolved configuration applied to the run (`Configuration()` when there is none).
    public var configuration: Configuration
    /// Folder that relative paths are resolved against. The default analyzer resolves them
    /// against the process's current directory, so keep the two equal when using it.
    public var workingDirectory: String
    /// Applied after suppressions; `nil` reports everything.
    public var baseline: Baseline?
    /// `--strict`: warnings are reported as errors.
    public var strict: Bool
    /// Worker threads for the analysis (0: all cores).
    public var jobs: Int
    /// Per-file facts kept between runs; nil extracts every file.
    public var factsCache: FactsCache?
    /// Whole-run results kept between runs; nil analyses every run.
    public var resultCache: ResultCache?
    /// The analysis step the run calls with the effective paths and options.
    public var analyze: Analyzer

    /// A run over `paths`; by default non-strict, on all cores, without a facts cache, with
    /// `CycleLint.check` as the analyzer.
    public init(paths: [String], configuration: Configuration = Configuration(),
                workingDirectory: String = FileManager.default.currentDirectoryPath,
                baseline: Baseline? = nil, strict: Bool = false, jobs: Int = 0, factsCache: FactsCache? = nil,
                resultCache: ResultCache? = nil,
                analyze: @escaping Analyzer = { paths, options in try CycleLint.check(paths: paths, options: options) }) {
        self.paths = paths
        self.configuration = configuration
        self.workingDirectory = workingDirectory
        self.baseline = baseline
        self.strict = strict
        self.jobs = jobs
        self.factsCache = factsCache
        self.resultCache = resultCache
        self.analyze = analyze
    }

    /// The result of a run.
    public struct Outcome {
        /// What to report (after the baseline).
        public var report: CheckReport
        /// Every finding before the baseline: what `--write-baseline` records.
        public var unbaselinedFindings: [Finding]
        /// What the facts cache did, when the run used one.
        public var cacheStatistics: FactsCacheStatistics?
    }

    /// The paths handed to the analysis.
    public var effectivePaths: [String] {
        if !paths.isEmpty { return paths }
        guard !configuration.included.isEmpty else { return ["."] }
        var seen: Set<String> = []
        return configuration.included.map { pattern in
            let prefix = pattern.literalPrefix
            return ReportPaths.relative(prefix, to: workingDirectory) ?? prefix
        }.filter { seen.insert($0).inserted }
    }

    /// Options for `CycleLint.check` from the configuration. Reads the extra rule packs.
    public func analysisOptions(for paths: [String]) throws -> AnalysisOptions {
        let packs = try configuration.rulePacks.map { file -> (name: String, yaml: String) in
            do {
                return (file, try String(contentsOfFile: file, encoding: .utf8))
            } catch {
                throw CycleLintError.unreadablePath(file, reason: "cannot read rule pack")
            }
        }
        return AnalysisOptions(
            jobs: jobs,
            closeMethods: AnalysisOptions.defaultCloseMethods.union(configuration.closeMethods),
            extraRulePacks: packs, disabledRules: configuration.disabledRules,
            optInRules: configuration.optInRules, severityOverrides: configuration.severity,
            excludedPatterns: engineExcludes(for: paths), factsCache: factsCache, resultCache: resultCache)
    }

    /// Excluded globs rewritten relative to the single scanned folder, which is how the engine
    /// reads them. Patterns that cannot be expressed that way are left to `run()`'s filtering.
    func engineExcludes(for paths: [String]) -> [String] {
        guard paths.count == 1 else { return [] }
        let root = ReportPaths.absolute(paths[0], against: workingDirectory)
        return configuration.excluded.compactMap { pattern in
            if let relative = ReportPaths.relative(pattern.pattern, to: root), relative != "." { return relative }
            // `/config/**/Generated` while scanning `/config/Sources`: still `**/Generated` below.
            let prefix = pattern.literalPrefix
            let rest = pattern.pattern.dropFirst(prefix.count).drop { $0 == "/" }
            if rest.hasPrefix("**/"), ReportPaths.relative(root, to: prefix) != nil { return String(rest) }
            return nil
        }
    }

    /// Runs the analysis and the filters. Throws `CycleLintError` for usage, configuration and
    /// I/O problems.
    public func run() throws -> Outcome {
        let scanned = effectivePaths
        let result = try analyze(scanned, try analysisOptions(for: scanned))
        let absolute = { ReportPaths.absolute($0, against: self.workingDirectory) }
        let files = result.files.filter { isReported(path: absolute($0)) }

        var findings = result.findings.compactMap { finding -> Finding? in
            guard configuration.isEnabled(rule: finding.ruleID),
                  isReported(path: absolute(finding.location.file)) else { return nil }
            var finding = finding
            if let level = configuration.severity[finding.ruleID] { finding.severity = level }
            return finding
        }

        let directives = result.suppressions.filter { isReported(path: absolute($0.key)) }
        let suppression = SuppressionFilter(directives: directives, workingDirectory: workingDirectory)
            .apply(to: findings, reportsUnused: configuration.isEnabled(rule:))
        findings = suppression.findings
        if configuration.isEnabled(rule: UnusedSuppressionRule.id) {
            var unused = suppression.unused
            if let level = configuration.severity[UnusedSuppressionRule.id] {
                unused = unused.map { var finding = $0; finding.severity = level; return finding }
            }
            findings += unused
        }
        if strict {
            findings = findings.map { var finding = $0; if finding.severity == .warning { finding.severity = .error }; return finding }
        }
        findings.sort { ($0.location, $0.ruleID, $0.message) < ($1.location, $1.ruleID, $1.message) }

        let (reported, baselined) = baseline?.filter(findings) ?? (findings, 0)
        let diagnostics = result.diagnostics.filter { isReported(path: absolute($0.file)) }
        let report = CheckReport(findings: reported, diagnostics: diagnostics,
                                 filesAnalyzed: result.filesAnalyzed, files: files,
                                 suppressedCount: suppression.suppressedCount, baselinedCount: baselined)
        return Outcome(report: report, unbaselinedFindings: findings, cacheStatistics: result.cacheStatistics)
    }

    /// Whether findings in the absolute `path` are reported: never in excluded files, and
    /// outside `included` only when paths were given on the command line (they replace it).
    func isReported(path: String) -> Bool {
        var scope = configuration
        if !paths.isEmpty { scope.included = [] }
        return scope.includes(path: path)
    }
}
