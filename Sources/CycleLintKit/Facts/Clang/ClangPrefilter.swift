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

    /// Whether parsing `text` can yield facts: Objective-C declarations, blocks, or (in C) a
    /// function pointer next to a `void *` context, or a header's `const T *` parameters (of one
    /// of `pointerCallees`, when given). C++ headers never do (C++ is not read).
    static func isRelevant(path: String, text: String, pointerCallees: PointerCallees? = nil) -> Bool {
        if isCPlusPlusHeader(path: path, text: text) { return false }
        if language(of: path, text: text) != .c {
            return ["@interface", "@implementation", "@protocol", "@property"].contains { ByteSearch.contains(text, $0) }
        }
        let hasCallbackType = CallbackTypeSyntax.occurs(in: text)
        if path.hasSuffix(".c") { return hasCallbackType }
        // A header may take a callback typedef'd in another header: a `void *` context is the sign.
        return hasCallbackType || ByteSearch.contains(text, "void *") || ByteSearch.contains(text, "void*")
            || (ByteSearch.contains(text, "const ") && ByteSearch.contains(text, " *")
                && pointerCallees.map { $0.mayBeDeclared(in: text) } ?? true)
    }
}
