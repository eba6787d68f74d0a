import CClangShim
import Foundation

/// The C and Objective-C front end: parses `.c`, `.h`, `.m` and `.mm` files with libclang
/// (loaded at run time) into `FileFacts`. Files that the byte pre-filter rules out are not
/// parsed; without libclang every C/Objective-C file is skipped with one diagnostic saying why.
public enum ClangFrontEnd {
    /// What the front end produced for a set of files.
    public struct Outcome: Sendable {
        /// Facts of the files parsed.
        public var files: [FileFacts] = []
        /// Unreadable files, files libclang could not parse, or the one "skipped" notice.
        public var diagnostics: [InputDiagnostic] = []
        /// Files parsed with libclang.
        public var parsedCount = 0
        /// Files the pre-filter found nothing to analyse in.
        public var filteredCount = 0

        /// Adds what parsing one file gave: its facts (and diagnostic) or why it failed.
        mutating func add(_ result: ParseResult) {
            switch result {
            case .parsed(let facts, let diagnostic):
                files.append(facts)
                parsedCount += 1
                if let diagnostic { diagnostics.append(diagnostic) }
            case .failed(let diagnostic):
                diagnostics.append(diagnostic)
            }
        }
    }

    /// The libclang that parses C and Objective-C files for `libraryPath` (nil: the default
    /// search): its path and version, or why none loads. Part of what a run's result depends on.
    static func libraryIdentity(libraryPath: String? = nil) -> String {
        switch LibClang.load(explicitPath: libraryPath) {
        case .success(let library): return library.path + " " + library.version
        case .failure(let failure): return "unavailable: " + failure.description
        }
    }

    /// Why libclang cannot be loaded from `libraryPath` (nil: the default search), or nil when it can.
    public static func unavailableReason(libraryPath: String? = nil) -> String? {
        if case .failure(let failure) = LibClang.load(explicitPath: libraryPath) { return failure.description }
        return nil
    }

    /// Whether the file is one this front end reads (`.c`, `.h`, `.m`, `.mm`).
    public static func handles(_ path: String) -> Bool { ClangPrefilter.isClangSource(path) }

    /// Facts of the C/Objective-C `sources` (path and text), parsed on `jobs` threads with the
    /// libclang at `libraryPath` (nil: `CYCLELINT_LIBCLANG`, then the usual places). The texts
    /// are also given to clang as in-memory files, so they may include one another.
    public static func extract(_ sources: [(path: String, text: String)], libraryPath: String? = nil, jobs: Int = 0) -> Outcome {
        extract(sources, libraryPath: libraryPath, jobs: jobs, pointerCallees: nil)
    }

    /// The same, parsing a header for its `const T *` parameters only when it may declare one of
    /// `pointerCallees` (nil: any header).
    static func extract(_ sources: [(path: String, text: String)], libraryPath: String?, jobs: Int,
                        pointerCallees: PointerCallees?) -> Outcome {
        guard !sources.isEmpty else { return Outcome() }
        switch LibClang.load(explicitPath: libraryPath) {
        case .success(let library): return extract(sources, library: library, jobs: jobs, pointerCallees: pointerCallees)
        case .failure(let failure): return skipped(sources.map(\.path), because: failure)
        }
    }

    /// Facts of the C/Objective-C files at `paths` (read only when libclang loads).
    public static func extract(paths: [String], libraryPath: String? = nil, jobs: Int = 0) -> Outcome {
        let run = ClangRun(paths: paths, libraryPath: libraryPath)
        let results = ParallelMap.map(run.early, jobs: jobs > 0 ? jobs : ProcessInfo.processInfo.activeProcessorCount) {
            let parser = run.parser()
            return { parser.parse($0) }
        }
        return run.outcome(earlyResults: results, pendingResults: [], pointerCallees: nil, jobs: jobs)
    }

    /// One diagnostic for all skipped files (on the first), saying why.
    static func skipped(_ paths: [String], because failure: LibClang.LoadFailure) -> Outcome {
        var outcome = Outcome()
        let more = paths.count > 1 ? " (this one and \(paths.count - 1) more)" : ""
        outcome.diagnostics.append(InputDiagnostic(
            file: paths[0],
            message: "\(paths.count) C/Objective-C file(s) skipped\(more): \(failure.description); Swift sources were analysed as usual"))
        return outcome
    }

    private static func extract(_ sources: [(path: String, text: String)], library: LibClang, jobs: Int,
                                pointerCallees: PointerCallees?) -> Outcome {
        var outcome = Outcome()
        let relevant = sources.filter { ClangPrefilter.isRelevant(path: $0.path, text: $0.text, pointerCallees: pointerCallees) }
        outcome.filteredCount = sources.count - relevant.count
        let inMemory = sources.filter { !FileManager.default.fileExists(atPath: $0.path) }
        let flags = ClangFlags(resourceDirectory: library.resourceDirectory)
        // Largest first: a 9 MB amalgamation (SQLite's) parsed last would run alone.
        let results = ParallelMap.map(relevant, jobs: jobs > 0 ? jobs : ProcessInfo.processInfo.activeProcessorCount,
                                      costliestFirst: { $0.text.utf8.count }) {
            let index = library.api.pointee.createIndex(0, 0)
            return { source in parse(source, library: library, index: index, flags: flags, inMemory: inMemory) }
        }
        for result in results { outcome.add(result) }
        return outcome
    }

    static func parse(_ source: (path: String, text: String), library: LibClang, index: CLIndex?,
                              flags: ClangFlags, inMemory: [(path: String, text: String)]) -> ParseResult {
        let arguments = flags.arguments(for: source.path, text: source.text)
        let language = ClangPrefilter.language(of: source.path, text: source.text)
        // Headers and C files are read for declarations only.
        let options = ParseOption.keepGoing | (language == .c ? ParseOption.skipFunctionBodies : 0)
        var unit: CLTranslationUnit?
        let files = [source] + inMemory.filter { $0.path != source.path }
        let code = withCStrings(arguments) { argumentPointers in
            withUnsavedFiles(files) { unsaved in
                library.api.pointee.parseTranslationUnit2(index, source.path, argumentPointers, Int32(arguments.count),
                                                          unsaved.baseAddress, UInt32(unsaved.count), options, &unit)
            }
        }
        guard code == 0, let unit else {
            return .failed(InputDiagnostic(file: source.path, message: "libclang could not parse the file (error \(code))"))
        }
        defer { library.api.pointee.disposeTranslationUnit(unit) }
        var errors = 0
        var firstError: String?
        for number in 0..<library.api.pointee.getNumDiagnostics(unit) {
            let diagnostic = library.api.pointee.getDiagnostic(unit, number)
            if library.api.pointee.getDiagnosticSeverity(diagnostic) >= 3 {
                errors += 1
                if firstError == nil { firstError = library.string(library.api.pointee.getDiagnosticSpelling(diagnostic)) }
            }
            library.api.pointee.disposeDiagnostic(diagnostic)
        }
        var extractor = ClangFactsExtractor(library: library, path: source.path, source: Array(source.text.utf8))
        extractor.walk(translationUnit: library.api.pointee.getTranslationUnitCursor(unit))
        // The errors are reported here, with the first one's text (most often a header that is
        // not found), rather than as a bare count of syntax errors.
        var facts = FileFacts(path: source.path, types: extractor.types, bodies: extractor.bodies, syntaxErrorCount: 0)
        facts.cFunctions = extractor.functions
        let diagnostic = firstError.map {
            InputDiagnostic(file: source.path, message: "\(errors) error(s) from clang, first: \($0); analysed what parsed")
        }
        return .parsed(facts, diagnostic)
    }

    /// What parsing one file gave.
    enum ParseResult {
        case parsed(FileFacts, InputDiagnostic?)
        case failed(InputDiagnostic)
    }

    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        return body(copies.map { UnsafePointer($0) })
    }

    private static func withUnsavedFiles<R>(_ files: [(path: String, text: String)], _ body: (UnsafeMutableBufferPointer<CLUnsavedFile>) -> R) -> R {
        let names = files.map { strdup($0.path) }
        let contents = files.map { strdup($0.text) }
        defer {
            names.forEach { free($0) }
            contents.forEach { free($0) }
        }
        var unsaved = zip(files.indices, files).map { index, file in
            CLUnsavedFile(Filename: names[index], Contents: contents[index], Length: UInt(file.text.utf8.count))
        }
        return unsaved.withUnsafeMutableBufferPointer { body($0) }
    }
}
