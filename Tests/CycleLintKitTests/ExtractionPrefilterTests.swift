@testable import CycleLintKit
import Testing

/// The byte scans that let extraction skip work: C files without a function-pointer or block
/// declarator are not parsed, bodies without a type keyword are not searched for local types,
/// and confinement comments are matched word by word.
@Suite("Extraction prefilters")
struct ExtractionPrefilterTests {
    @Test("function pointer and block declarators are callback syntax", arguments: [
        "typedef void (*callback_t)(void *context);",
        "int register_cb(void (*cb)(int), void *ctx);",
        "handler = (void (*)(int))other;",
        "void (* const cb)(void);",
        "void (**table)(void);",
        "void run(void (^block)(int status));",
        "void (*\n  spaced)\n  (void);",
    ])
    func declarators(text: String) {
        #expect(CallbackTypeSyntax.occurs(in: text))
    }

    @Test("dereferences are not callback syntax", arguments: [
        "struct atomic *wrapper = malloc(sizeof(*wrapper));",
        "(*box)->field = 1;",
        "int value = (*pointer) + 1;",
        "x = (* p);",
    ])
    func dereferences(text: String) {
        #expect(!CallbackTypeSyntax.occurs(in: text))
    }

    @Test("a C file with only dereferences is not parsed; one with a callback typedef is")
    func cFiles() {
        let plain = "#include <stdlib.h>\nstruct w { int v; };\nstruct w *make(void) { struct w *p = malloc(sizeof(*p)); return p; }\n"
        #expect(!ClangPrefilter.isRelevant(path: "atomics.c", text: plain))
        #expect(ClangPrefilter.isRelevant(path: "events.c", text: plain + "typedef void (*event_cb)(void *);\n"))
    }

    @Test("type keywords are found as whole words only")
    func typeKeywords() {
        let source = "func f() { let subclass = 1 }\nfunc g() { final class Local {} }\nfunc h() { let classes = [actorName] }\n"
        let keywords = TypeKeywordOffsets(source: source)
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map { $0.utf8.count + 1 }
        let second = lines[0]
        let third = second + lines[1]
        #expect(!keywords.mayHaveType(from: 0, to: second))
        #expect(keywords.mayHaveType(from: second, to: third))
        #expect(!keywords.mayHaveType(from: third, to: source.utf8.count))
    }

    @Test("a type declared in a function body is still analysed; a body without one adds none")
    func localTypes() {
        let facts = FileFactsExtractor.extract(path: "Local.swift", source: """
        func makeHandler() -> AnyObject {
            final class Handler { var callback: (() -> Void)? }
            return Handler()
        }
        func plain() { let subclassCount = 1; _ = subclassCount }
        """)
        #expect(facts.types.map(\.name) == ["Handler"])
    }

    @Test("confinement is stated by a phrase, also across comment lines, in whole words", arguments: [
        ("/// This type is not thread-safe.\n", true),
        ("/// Must not be\n/// shared between threads.\n", true),
        ("// Only accessed on the event loop.\n", true),
        ("/// Accessed exclusively from the serial queue.\n", true),
        ("/// A read-only view of the queue.\n", false),
        ("/// Uses DispatchQueue.test for scheduling only when asked.\n", false),
        ("/// Guarded by `lock`.\n", false),
        // Not ASCII: split by characters, with the same words.
        ("/// Ce n’est pas — NOT THREAD-SAFE — été.\n", true),
        ("/// Accès exclusively from the serial queue.\n", true),
        ("/// Read-only — zéro queue.\n", false),
    ])
    func confinementComments(comment: String, states: Bool) {
        let facts = FileFactsExtractor.extract(path: "State.swift", source: "final class State {\n" + comment + "var value = 0\n}\n")
        #expect(facts.concurrency.properties.first { $0.name == "value" }?.isConfinementDocumented == states)
    }
}
