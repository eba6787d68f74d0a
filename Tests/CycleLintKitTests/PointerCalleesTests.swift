@testable import CycleLintKit
import Foundation
import Testing

/// Headers are parsed for their `const T *` parameters only when they may declare a C function
/// the Swift sources hand `&x` to (under its own name or a prefix-renamed one).
@Suite("Headers read for the functions Swift hands &x to")
struct PointerCalleesTests {
    private static let swift = FileFactsExtractor.extract(path: "Key.swift", source: """
    final class Key: @unchecked Sendable {
        var raw = key_t()
        func seal() { _ = Prefix_XWING_encap(&raw, 1) }
    }
    """)
    private static let declaring = "typedef struct { int bytes; } key_t;\nint XWING_encap(const key_t *key, int flags);\n"
    private static let unrelated = "typedef struct { int bytes; } other_t;\nint other_hash(const other_t *value);\n"

    @Test("a header declaring the callee, under its called or its unprefixed name, is read")
    func declaringHeader() {
        let callees = PointerCallees(files: [Self.swift])
        #expect(callees.mayBeDeclared(in: Self.declaring))
        #expect(callees.mayBeDeclared(in: "int Prefix_XWING_encap(const key_t *key, int flags);"))
        #expect(ClangPrefilter.isRelevant(path: "xwing.h", text: Self.declaring, pointerCallees: callees))
    }

    @Test("a header with const pointers but none of the callees is not read for them")
    func unrelatedHeader() {
        let callees = PointerCallees(files: [Self.swift])
        #expect(!callees.mayBeDeclared(in: Self.unrelated))
        #expect(!callees.mayBeDeclared(in: "int encap(const key_t *key);"))  // a tail without `_` is too short to tell
        #expect(!ClangPrefilter.isRelevant(path: "other.h", text: Self.unrelated, pointerCallees: callees))
        #expect(ClangPrefilter.isRelevant(path: "other.h", text: Self.unrelated))
    }

    @Test("without any &x argument no header is read for its const pointers")
    func noCallees() {
        let callees = PointerCallees(files: [FileFactsExtractor.extract(path: "A.swift", source: "func f() { print(1) }")])
        #expect(!ClangPrefilter.isRelevant(path: "xwing.h", text: Self.declaring, pointerCallees: callees))
    }

    @Test("a run's C files are parsed beside the Swift sources, headers that only may declare a callee after them, reported in path order",
          .enabled(if: ClangFrontEnd.unavailableReason() == nil, "libclang is not installed"))
    func runOrder() throws {
        let folder = try temporaryFolder("clang-run")
        let files = [("a.h", Self.declaring), ("b.h", Self.unrelated),
                     ("c.m", "__attribute__((objc_root_class))\n@interface C\n@property int value;\n@end\n"),
                     ("d.c", "int twice(int x) { return 2 * x; }\n"), ("e.h", "int watch_add(void (*cb)(void *), void *ctx);\n")]
        for (name, text) in files { try write(text, to: folder + "/" + name) }
        let run = ClangRun(paths: files.map { folder + "/" + $0.0 }, libraryPath: nil)
        #expect(run.early.map { ($0.path as NSString).lastPathComponent } == ["c.m", "e.h"])  // largest first
        let results = run.early.map { run.parser().parse($0) }
        #expect(run.pending.map { ($0.path as NSString).lastPathComponent } == ["a.h", "b.h"])
        // Taken before any Swift file handing `&x` to its function is extracted, a.h waits.
        let parser = run.parser()
        #expect(run.parsePendingIfKnown(0, with: parser) == nil)
        let callees = PointerCallees(files: [Self.swift])
        let waited = run.outcome(earlyResults: results, pendingResults: [nil, nil], pointerCallees: callees, jobs: 1)
        #expect(waited.files.map { ($0.path as NSString).lastPathComponent } == ["a.h", "c.m", "e.h"])
        #expect(waited.parsedCount == 3 && waited.filteredCount == 2)
        // Taken after it, a.h is parsed at once, b.h still not: the same outcome.
        run.noteSwiftFacts(Self.swift)
        let atOnce = [run.parsePendingIfKnown(0, with: parser), run.parsePendingIfKnown(1, with: parser)]
        #expect(atOnce[0] != nil && atOnce[1] == nil)
        let early = run.outcome(earlyResults: results, pendingResults: atOnce, pointerCallees: callees, jobs: 1)
        #expect(early.files.map(\.path) == waited.files.map(\.path) && early.filteredCount == 2)
        // Without the Swift sources' callees every such header is read.
        #expect(run.outcome(earlyResults: results, pendingResults: [], pointerCallees: nil, jobs: 1).parsedCount == 4)
    }
}
