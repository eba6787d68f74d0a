import Foundation

/// The entry point of the static analysis: sources → per-file facts (in parallel) → project
/// index → ownership graphs → retentions → rules → findings.
public enum CycleLint {
    /// Analyses every Swift, C and Objective-C file under `paths` (C and Objective-C through
    /// libclang, when it loads) and returns the findings of the enabled rules.
    /// Throws `CycleLintError` for a missing or unreadable path given explicitly, or a broken
    /// rule pack; problems with individual files found under a folder become diagnostics.
    public static func check(paths: [String], options: AnalysisOptions = AnalysisOptions()) throws -> AnalysisResult {
        var diagnostics: [InputDiagnostic] = []
        let discovered = try SourceDiscovery.files(under: paths, excluding: options.excludedPatterns, includingClang: true,
                                                   diagnostics: &diagnostics)
        let (knowledge, rules) = try prepare(options)
        let inputs = options.resultCache.flatMap { _ in
            RunInputs.of(files: discovered, diagnostics: diagnostics, options: options, jobs: effectiveJobs(options))
        }
        if let inputs, var reused = options.resultCache?.result(for: inputs) {
            reused.isReused = true
            return reused
        }
        let sourcePaths = discovered.filter { !ClangFrontEnd.handles($0) }
        let cache = options.factsCache
        let clangRun = ClangRun(paths: discovered.filter(ClangFrontEnd.handles), libraryPath: options.libclangPath)
        // C and Objective-C files first (the largest items), then the Swift sources, then the
        // headers that only matter for the C functions the Swift sources hand `&x` to.
        let jobs = clangRun.early.indices.map(ExtractionJob.clang) + sourcePaths.map(ExtractionJob.swift)
            + clangRun.pending.indices.map(ExtractionJob.pendingHeader)
        let extracted = ParallelMap.map(jobs, jobs: effectiveJobs(options)) {
            let compactor = FactsCompactor()
            let clangParser = clangRun.parser()
            return { job -> ExtractionOutcome in
                switch job {
                case .swift(let path):
                    switch facts(ofFileAt: path, cache: cache) {
                    case .success(let facts):
                        clangRun.noteSwiftFacts(facts)
                        return .swift(compactor.compact(facts))
                    case .failure(let failure):
                        return .unreadable(InputDiagnostic(file: path, message: failure.description))
                    }
                case .clang(let index):
                    return .clang(clangParser.parse(clangRun.early[index]))
                case .pendingHeader(let index):
                    return .pendingHeader(clangRun.parsePendingIfKnown(index, with: clangParser))
                }
            }
        }
        cache?.commitWrites()
        var files: [FileFacts] = []
        var clangResults: [ClangFrontEnd.ParseResult] = []
        var pendingResults: [ClangFrontEnd.ParseResult?] = []
        for outcome in extracted {
            switch outcome {
            case .swift(let facts): files.append(facts)
            case .unreadable(let diagnostic): diagnostics.append(diagnostic)
            case .clang(let result): clangResults.append(result)  // in the order of `clangRun.early`
            case .pendingHeader(let result): pendingResults.append(result)  // and of `clangRun.pending`
            }
        }
        let clang = clangRun.outcome(earlyResults: clangResults, pendingResults: pendingResults,
                                     pointerCallees: PointerCallees(files: files), jobs: effectiveJobs(options))
        files += clang.files
        diagnostics += clang.diagnostics
        var result = analyze(files, knowledge: knowledge, rules: rules, options: options, diagnostics: diagnostics)
        BackgroundRelease.release(consume files)
        if let inputs { options.resultCache?.store(result, for: inputs) }
        result.cacheStatistics = cache?.statistics
        return result
    }

    /// Analyses in-memory sources (path, text) as one project: for tests and rule examples.
    public static func check(sources: [(path: String, text: String)], options: AnalysisOptions = AnalysisOptions()) throws -> AnalysisResult {
        let (knowledge, rules) = try prepare(options)
        let swiftSources = sources.filter { !ClangFrontEnd.handles($0.path) }
        var files = ParallelMap.map(swiftSources, jobs: effectiveJobs(options)) {
            let compactor = FactsCompactor()
            return { compactor.compact(FileFactsExtractor.extract(path: $0.path, source: $0.text)) }
        }
        let clang = ClangFrontEnd.extract(sources.filter { ClangFrontEnd.handles($0.path) }, libraryPath: options.libclangPath,
                                          jobs: effectiveJobs(options), pointerCallees: PointerCallees(files: files))
        files += clang.files
        return analyze(files, knowledge: knowledge, rules: rules, options: options, diagnostics: clang.diagnostics)
    }

    /// The facts of the file at `path`: from `cache` when it has them for these bytes, else
    /// extracted (and stored in `cache`).
    static func facts(ofFileAt path: String, cache: FactsCache?) -> Result<FileFacts, SourceReader.Failure> {
        guard let cache else {
            return SourceReader.read(path).map { FileFactsExtractor.extract(path: path, source: $0) }
        }
        return SourceReader.readBytes(path).flatMap { bytes in
            let key = cache.key(path: path, content: bytes.withUnsafeBytes { ContentHash($0) })
            if let cached = cache.facts(forKey: key, path: path) { return .success(cached) }
            return SourceReader.decode(bytes).map { text in
                let facts = FileFactsExtractor.extract(path: path, source: text)
                cache.store(facts, forKey: key)
                return facts
            }
        }
    }

    /// Analyses every Swift file under `paths` with `rules` added to this run (before the
    /// registered and built-in rules): `check(paths:options:)` with `options.extraRules + rules`.
    public static func check(paths: [String], options: AnalysisOptions = AnalysisOptions(),
                             rules: [any Rule]) throws -> AnalysisResult {
        var options = options
        options.extraRules += rules
        return try check(paths: paths, options: options)
    }

    /// The rules of one run (custom rules from `options`, the packs' pattern rules, registered
    /// rules, built-in rules) and the knowledge they use: the rule packs, then each rule's
    /// `knowledge`. Throws `CycleLintError.invalidRulePack`.
    static func prepare(_ options: AnalysisOptions) throws -> (RetentionKnowledge, [any Rule]) {
        var knowledge = try RetentionKnowledge.load(extra: options.extraRulePacks)
        let rules = RuleRegistry.rules(adding: options.extraRules + knowledge.patternRules)
        for rule in rules {
            for entry in rule.knowledge { knowledge.add(entry) }
        }
        return (knowledge, rules)
    }

    /// Every retention (cycle or root retention) the ownership graphs of `files` contain.
    /// Contexts (a reference type's instance methods, or one body without a shared `self`:
    /// global, static, or a value type's) are analysed in parallel on `jobs` threads (0: all cores).
    public static func retentions(in files: [FileFacts], knowledge: RetentionKnowledge,
                                  closeMethods: Set<String> = AnalysisOptions.defaultCloseMethods,
                                  jobs: Int = 0) -> (ProjectIndex, [Retention]) {
        let threads = jobs > 0 ? jobs : ProcessInfo.processInfo.activeProcessorCount
        let index = ProjectIndex(files: files, jobs: threads)
        // Bodies by position, not copies: every body of the project is in one context.
        var bodiesByType: [String: [BodyPosition]] = [:]
        var globalBodies: [BodyPosition] = []
        for (fileIndex, file) in files.enumerated() {
            for (bodyIndex, body) in file.bodies.enumerated() {
                let position = BodyPosition(file: fileIndex, body: bodyIndex)
                switch body.kind {
                case .instance:
                    if let owner = body.ownerType, let resolved = index.resolveTypeName(owner, module: index.module(ofFile: fileIndex)),
                       index.isAnalysisContext(resolved) {
                        bodiesByType[resolved, default: []].append(position)
                    } else {
                        // A value type's method: no shared `self`, but its locals can form cycles.
                        globalBodies.append(position)
                    }
                case .global, .staticMember:
                    globalBodies.append(position)
                }
            }
        }
        typealias Context = (typeName: String?, module: String?, bodies: [BodyPosition])
        let contexts: [Context] = bodiesByType.sorted { $0.key < $1.key }.map { ($0.key, nil, $0.value) }
            + globalBodies.map { (nil, index.module(ofFile: $0.file), [$0]) }
        // A project's own declaration of an API takes precedence over what packs say about it.
        let knowledge = knowledge.deferringToProject(index, summaries: MethodSummaries(index: index, knowledge: knowledge))
        let sharedReleases = ReleaseAnalysis(index: index, knowledge: knowledge, closeMethods: closeMethods, jobs: threads)
        // The largest contexts first, so that no large one runs alone at the end: the per-thread
        // memos of releases and summaries answer each query the same whatever was asked before,
        // so the order does not change the answer.
        let cost = { (context: Context) -> Int in
            context.bodies.reduce(0) { $0 + 1 + index.body($1.body, in: $1.file).events.count }
        }
        let perContext = ParallelMap.map(contexts, jobs: threads, costliestFirst: cost) {
            // Memoised summaries and releases are per thread.
            let summaries = MethodSummaries(index: index, knowledge: knowledge)
            let releases = sharedReleases.copy()
            return { (context: Context) -> [Retention] in
                var builder = ContextGraphBuilder(index: index, knowledge: knowledge, summaries: summaries,
                                                  typeName: context.typeName, module: context.module)
                for position in context.bodies { builder.add(body: index.body(position.body, in: position.file), file: position.file) }
                return RetentionFinder(builder: builder, releases: releases).retentions()
            }
        }
        var found: [Retention] = []
        var seen: Set<String> = []
        for retention in perContext.joined() {
            let identity = "\(retention.location)|" + retention.fingerprintComponents.joined(separator: "|")
            if seen.insert(identity).inserted { found.append(retention) }
        }
        return (index, found)
    }

    /// One file for the extraction threads: a Swift source, or one of a `ClangRun`'s early or
    /// pending files (by index).
    private enum ExtractionJob: Sendable {
        case swift(String)
        case clang(Int)
        case pendingHeader(Int)
    }

    private enum ExtractionOutcome {
        case swift(FileFacts)
        case unreadable(InputDiagnostic)
        case clang(ClangFrontEnd.ParseResult)
        /// nil: not known yet whether the header is needed.
        case pendingHeader(ClangFrontEnd.ParseResult?)
    }

    /// Where a body is: its file's index in the project and its index in that file's bodies.
    private struct BodyPosition: Sendable {
        var file: Int
        var body: Int
    }

    static func analyze(_ files: [FileFacts], knowledge: RetentionKnowledge, rules: [any Rule], options: AnalysisOptions,
                        diagnostics: [InputDiagnostic]) -> AnalysisResult {
        var diagnostics = diagnostics
        for file in files where file.syntaxErrorCount > 0 {
            diagnostics.append(InputDiagnostic(file: file.path,
                                               message: "\(file.syntaxErrorCount) syntax error(s); analysed what parsed"))
        }
        // C callback registrations declared in the project's headers, below the rule packs.
        let knowledge = knowledge.addingFallbacks(HeaderCallbackKnowledge(files: files).entries)
        let (index, retentions) = self.retentions(in: files, knowledge: knowledge, closeMethods: options.closeMethods,
                                                  jobs: effectiveJobs(options))
        let context = RuleContext(index: consume index, retentions: consume retentions, options: options, knowledge: knowledge)
        var findings: [Finding] = []
        var enabledRules: [any Rule] = []
        // Disabled rules still claim their retentions, so no other rule reports them instead.
        let findingsByRule = RuleLanes.findings(of: rules, context: context, jobs: effectiveJobs(options))
        for (rule, ruleFindings) in zip(rules, findingsByRule) {
            let description = rule.description
            let enabled = !options.disabledRules.contains(description.id)
                && (!description.isOptIn || options.optInRules.contains(description.id))
            if enabled {
                findings += ruleFindings
                enabledRules.append(rule)
            }
        }
        for rule in enabledRules { findings = rule.review(findings, context: context) }
        findings.sort { ($0.location, $0.ruleID) < ($1.location, $1.ruleID) }
        var suppressions: [String: [SuppressionDirective]] = [:]
        for file in files where !file.suppressions.isEmpty { suppressions[file.path] = file.suppressions }
        BackgroundRelease.release(consume context)
        return AnalysisResult(findings: findings, diagnostics: diagnostics, files: files.map(\.path), suppressions: suppressions)
    }

    /// The threads a run with `options` uses (`jobs` 0: all cores).
    static func effectiveJobs(_ options: AnalysisOptions) -> Int {
        options.jobs > 0 ? options.jobs : ProcessInfo.processInfo.activeProcessorCount
    }
}
