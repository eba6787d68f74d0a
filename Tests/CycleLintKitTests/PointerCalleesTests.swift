@testable import CycleLintKit
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
}
