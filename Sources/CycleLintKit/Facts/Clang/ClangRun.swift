import CClangShim
import Foundation

/// The C and Objective-C files of a run over folders, read and sorted out before the Swift
/// sources are extracted, so that they are parsed on the same threads as those: parsed after
/// every Swift file, libclang ran on one core for seconds on `mega` while the other waited.
///
/// A header whose only possible facts are `const T *` parameters
/// (`ClangPrefilter.Relevance.ifDeclaringPointerCallee`, "pending") is parsed only if it may
/// declare a C function the Swift sources hand `&x` to (`PointerCallees`). Pending headers are
/// taken after the Swift sources: one that may declare a callee of the Swift files extracted by
/// then is parsed at once (`parsePendingIfKnown`); the others wait for every Swift file's facts
/// (`outcome`), so that headers are not parsed on one core after the Swift sources unless a
/// Swift file still being extracted names their function. The outcome lists files and
/// diagnostics in the order of the paths given, whatever was parsed when.
final class ClangRun: Sendable {
    /// A file to parse, with its position among the run's C and Objective-C files.
    struct Source: Sendable {
        var position: Int
        var path: String
        var text: String
    }

    /// Parsed beside the Swift sources, largest first.
    let early: [Source]
    /// Parsed if they may declare a pointer callee (see above).
    let pending: [Source]
    /// The callees of the Swift files extracted so far.
    private let calleesSoFar = LockedPointerCallees()
    private let library: LibClang?
    private let flags: ClangFlags
    /// Files that could not be read, or the one notice that libclang did not load.
    private let diagnostics: [InputDiagnostic]
    private let filteredCount: Int

    /// Reads and sorts out the C and Objective-C files at `paths`, with the libclang at
    /// `libraryPath` (nil: the usual search); nothing is loaded or read when `paths` is empty.
    init(paths: [String], libraryPath: String?) {
        var early: [Source] = [], pending: [Source] = [], diagnostics: [InputDiagnostic] = []
        var filtered = 0
        var library: LibClang?
        if !paths.isEmpty {
            switch LibClang.load(explicitPath: libraryPath) {
            case .success(let loaded):
                library = loaded
            case .failure(let failure):
                diagnostics = ClangFrontEnd.skipped(paths, because: failure).diagnostics
            }
        }
        if library != nil {
            for (position, path) in paths.enumerated() {
                switch SourceReader.read(path) {
                case .success(let text):
                    let source = Source(position: position, path: path, text: text)
                    switch ClangPrefilter.relevance(path: path, text: text) {
                    case .always: early.append(source)
                    case .ifDeclaringPointerCallee: pending.append(source)
                    case .none: filtered += 1
                    }
                case .failure(let failure):
                    diagnostics.append(InputDiagnostic(file: path, message: failure.description))
                }
            }
        }
        // Largest first: a 9 MB amalgamation (SQLite's) parsed last would run alone.
        self.early = ParallelMap.orderOfDecreasingCost(early.map(\.text.utf8.count)).map { early[$0] }
        self.pending = pending
        self.library = library
        flags = ClangFlags(resourceDirectory: library?.resourceDirectory)
        self.diagnostics = diagnostics
        filteredCount = filtered
    }

    /// Parses files on one thread, with a libclang index of its own made on the first file.
    final class Parser {
        private let run: ClangRun
        private var index: CLIndex?
        private var madeIndex = false

        fileprivate init(run: ClangRun) {
            self.run = run
        }

        func parse(_ source: Source) -> ClangFrontEnd.ParseResult {
            guard let library = run.library else {
                return .failed(InputDiagnostic(file: source.path, message: "libclang is not loaded"))
            }
            if !madeIndex {
                index = library.api.pointee.createIndex(0, 0)
                madeIndex = true
            }
            return ClangFrontEnd.parse((source.path, source.text), library: library, index: index,
                                       flags: run.flags, inMemory: [])
        }
    }

    /// A parser for the calling thread.
    func parser() -> Parser { Parser(run: self) }

    /// Notes the `&x` callees of one extracted Swift file, for the pending headers taken later.
    func noteSwiftFacts(_ facts: FileFacts) {
        calleesSoFar.add(facts)
    }

    /// Parses `pending[index]` if it may declare a callee of the Swift files extracted so far;
    /// nil when that is not known yet (`outcome` decides).
    func parsePendingIfKnown(_ index: Int, with parser: Parser) -> ClangFrontEnd.ParseResult? {
        calleesSoFar.mayBeDeclared(in: pending[index].text) ? parser.parse(pending[index]) : nil
    }

    /// Everything the run's C and Objective-C files gave: `earlyResults` (of `early`, in its
    /// order), and the pending headers that may declare one of `pointerCallees` (nil: every
    /// one), taken from `pendingResults` (of `pending`, in its order; nil: not parsed yet) or
    /// parsed now on `jobs` threads (0: all cores).
    func outcome(earlyResults: [ClangFrontEnd.ParseResult], pendingResults: [ClangFrontEnd.ParseResult?],
                 pointerCallees: PointerCallees?, jobs: Int) -> ClangFrontEnd.Outcome {
        let declaring = pending.indices.filter { pointerCallees?.mayBeDeclared(in: pending[$0].text) ?? true }
        var pendingParsed: [Int: ClangFrontEnd.ParseResult] = [:]
        for index in declaring where pendingResults.indices.contains(index) { pendingParsed[index] = pendingResults[index] }
        // Those whose callee only the Swift files extracted last name: largest first.
        let unparsed = declaring.filter { pendingParsed[$0] == nil }
        let threads = jobs > 0 ? jobs : ProcessInfo.processInfo.activeProcessorCount
        let parsedNow = ParallelMap.map(unparsed, jobs: threads, costliestFirst: { self.pending[$0].text.utf8.count }) { [self] in
            let parser = self.parser()
            return { parser.parse(self.pending[$0]) }
        }
        for (index, result) in zip(unparsed, parsedNow) { pendingParsed[index] = result }
        var outcome = ClangFrontEnd.Outcome()
        outcome.diagnostics = diagnostics
        outcome.filteredCount = filteredCount + pending.count - declaring.count
        let parsed = Array(zip(early.map(\.position), earlyResults))
            + declaring.compactMap { index in pendingParsed[index].map { (pending[index].position, $0) } }
        for (_, result) in parsed.sorted(by: { $0.0 < $1.0 }) { outcome.add(result) }
        return outcome
    }
}

/// `PointerCallees` that extraction threads add to while others read them.
private final class LockedPointerCallees: @unchecked Sendable {
    private let lock = NSLock()
    private var callees = PointerCallees()

    func add(_ facts: FileFacts) {
        let names = PointerCallees.calleeNames(in: facts)
        // Most files hand `&x` to nothing: no lock for them.
        guard !names.isEmpty else { return }
        lock.withLock { callees.add(calleeNames: names) }
    }

    func mayBeDeclared(in text: String) -> Bool {
        lock.withLock { callees }.mayBeDeclared(in: text)
    }
}
