/// A byte test run before parsing: a C or Objective-C file that cannot contain anything the
/// analysis reads (an Objective-C class, protocol or property, a block, a function pointer or
/// a `void *` context) is not parsed at all, so plain C costs a scan of its bytes.
enum ClangPrefilter {
    /// Source kinds the libclang front end reads, by extension.
    enum Language: String {
        case c, objectiveC = "objective-c", objectiveCPlusPlus = "objective-c++"
    }

    /// `.m`, `.mm`, `.c` and `.h` files (C++ sources are not read).
    static func isClangSource(_ path: String) -> Bool {
        path.hasSuffix(".m") || path.hasSuffix(".mm") || path.hasSuffix(".c") || path.hasSuffix(".h")
    }

    /// The language to parse `path` as; a header is Objective-C when it has Objective-C syntax.
    static func language(of path: String, text: String) -> Language {
        if path.hasSuffix(".mm") { return .objectiveCPlusPlus }
        if path.hasSuffix(".m") { return .objectiveC }
        if path.hasSuffix(".h"), ["@interface", "@protocol", "@class", "#import"].contains(where: { ByteSearch.contains(text, $0) }) {
            return .objectiveC
        }
        return .c
    }

    /// Syntax only C++ has. A header that uses it belongs to C++ code (protobuf's, a C++ wrapper's),
    /// which is not read: parsed as C it is nothing but errors. `extern "C"` blocks and
    /// `__cplusplus` guards are C headers' own, so they are not signs.
    private static let cPlusPlusSyntax = ["namespace ", "template <", "template<", "std::", "public:", "private:",
                                          "constexpr ", "#include <string>", "#include <vector>", "#include <memory>"]

    /// A header written in C++ (see `cPlusPlusSyntax`).
    static func isCPlusPlusHeader(path: String, text: String) -> Bool {
        path.hasSuffix(".h") && cPlusPlusSyntax.contains { ByteSearch.contains(text, $0) }
    }

    /// Whether parsing a file can yield facts, as far as its bytes say.
    enum Relevance {
        /// Nothing the analysis reads can be in it.
        case none
        /// It has Objective-C declarations, blocks, or (in C) a function pointer next to a
        /// `void *` context.
        case always
        /// A header whose only possible facts are the `const T *` parameters of C functions:
        /// relevant when it may declare one the Swift sources hand `&x` to (`PointerCallees`).
        case ifDeclaringPointerCallee
    }

    /// What parsing `text` can yield (see `Relevance`). C++ headers never yield anything (C++ is
    /// not read).
    static func relevance(path: String, text: String) -> Relevance {
        if isCPlusPlusHeader(path: path, text: text) { return .none }
        if language(of: path, text: text) != .c {
            return ["@interface", "@implementation", "@protocol", "@property"].contains { ByteSearch.contains(text, $0) } ? .always : .none
        }
        if CallbackTypeSyntax.occurs(in: text) { return .always }
        if path.hasSuffix(".c") { return .none }
        // A header may take a callback typedef'd in another header: a `void *` context is the sign.
        if ByteSearch.contains(text, "void *") || ByteSearch.contains(text, "void*") { return .always }
        return ByteSearch.contains(text, "const ") && ByteSearch.contains(text, " *") ? .ifDeclaringPointerCallee : .none
    }

    /// Whether parsing `text` can yield facts, given the Swift sources' `pointerCallees` (nil:
    /// any C function may be one).
    static func isRelevant(path: String, text: String, pointerCallees: PointerCallees? = nil) -> Bool {
        switch relevance(path: path, text: text) {
        case .none: return false
        case .always: return true
        case .ifDeclaringPointerCallee: return pointerCallees.map { $0.mayBeDeclared(in: text) } ?? true
        }
    }
}
