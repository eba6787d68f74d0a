import CycleLintKit
import Foundation
import Testing

/// libclang is loaded at run time: these tests need it and say so when it is missing.
private let libclangMissing = ClangFrontEnd.unavailableReason()

/// An Objective-C root class, so the sources parse without Foundation (as on Linux).
private let root = """
    __attribute__((objc_root_class))
    @interface Root
    + (instancetype)alloc;
    - (instancetype)init;
    - (void)finish;
    @end

    """

@Suite("C and Objective-C front end", .enabled(if: libclangMissing == nil, "libclang is not installed: \(libclangMissing ?? "")"))
struct ClangFrontEndTests {
    // MARK: Cycles across languages

    @Test("Swift class → strong ObjC delegate property → the Swift class")
    func strongObjCDelegate() throws {
        let header = root + "@interface Button : Root\n@property (strong) id delegate;\n@end\n"
        let swift = "final class Screen {\n    let button = Button()\n    func setup() { button.delegate = self }\n}\n"
        let found = try findings([("Button.h", header), ("Screen.swift", swift)])
        #expect(found.map(\.ruleID) == ["backref-cycle"], "\(found)")
        #expect(found.first?.location.file == "Screen.swift")
        let weak = try findings([("Button.h", header.replacingOccurrences(of: "(strong)", with: "(weak)")), ("Screen.swift", swift)])
        #expect(weak.isEmpty, "\(weak)")
    }

    @Test("Swift class → ObjC copy property → block capturing the owner → the Swift class")
    func blockInObjCPropertyCapturesSwiftOwner() throws {
        let objc = root + """
            @interface Downloader : Root
            @property (copy) void (^completion)(void);
            - (void)startWithOwner:(id)owner;
            @end
            @implementation Downloader
            - (void)startWithOwner:(id)owner {
                self.completion = ^{ [owner finish]; };
            }
            @end
            """
        let swift = """
            final class Screen {
                let downloader = Downloader()
                func load() { downloader.start(withOwner: self) }
                func finish() {}
            }
            """
        let found = try findings([("Downloader.m", objc), ("Screen.swift", swift)])
        #expect(found.count == 1 && found[0].location.file == "Screen.swift", "\(found)")
        let fixed = objc.replacingOccurrences(of: "self.completion = ^{ [owner finish]; };",
                                              with: "__weak id weakOwner = owner;\n    self.completion = ^{ [weakOwner finish]; };")
        #expect(try findings([("Downloader.m", fixed), ("Screen.swift", swift)]).isEmpty)
    }

    // MARK: Objective-C alone

    @Test("a block stored in a copy property that captures self", arguments: [
        "self.onTick = ^{ [self tick]; };",
        "[self setOnTick:^{ [self tick]; }];",
        "_onTick = ^{ [self tick]; };",
        "self.onTick = ^{ _count += 1; };",
    ])
    func blockCapturesSelf(statement: String) throws {
        let found = try findings([("Player.m", player(setup: statement))])
        #expect(found.map(\.ruleID) == ["capture-cycle"], "\(found)")
        #expect(found.first?.location.line == 16, "\(found)")
    }

    @Test("weakSelf, a weak property, or a block that is not stored are not cycles", arguments: [
        "__weak Player *weakSelf = self;\n    self.onTick = ^{ [weakSelf tick]; };",
        "__weak typeof(self) weakSelf = self;\n    self.onTick = ^{ __strong typeof(weakSelf) strongSelf = weakSelf; [strongSelf tick]; };",
        "self.weakTick = ^{ [self tick]; };",
        "void (^local)(void) = ^{ [self tick]; };\n    local();",
    ])
    func blockDoesNotCaptureSelfStrongly(statement: String) throws {
        #expect(try findings([("Player.m", player(setup: statement))]).isEmpty)
    }

    @Test("a block handed to a method that stores it (across methods)")
    func blockStoredThroughHelperMethod() throws {
        let found = try findings([("Player.m", player(setup: "[self installHandler:^{ [self tick]; }];"))])
        #expect(found.map(\.ruleID) == ["capture-cycle"], "\(found)")
    }

    private func player(setup statement: String) -> String {
        root + """
            @interface Player : Root {
                int _count;
            }
            @property (copy) void (^onTick)(void);
            @property (weak) void (^weakTick)(void);
            @property (copy) void (^handler)(void);
            @end
            @implementation Player
            - (void)setup {
                \(statement)
            }
            - (void)installHandler:(void (^)(void))handler { _handler = handler; }
            - (void)tick {}
            @end
            """
    }

    // MARK: C headers

    @Test("C functions that pair a callback with a context become callback knowledge")
    func headerCallbackKnowledge() throws {
        let header = """
            typedef void (*watch_callback)(void *context);
            typedef struct { void *info; const void *(*retain)(const void *); void (*release)(const void *); } source_context;
            int watch_add(void *loop, watch_callback callback, void *context);
            void watch_remove(void *loop, int id);
            int timer_start(void *loop, void (*fire)(void *), void *data, void (*destroy_notify)(void *));
            void source_install(source_context *context);
            int plain(int a, int b);
            struct node { struct node *next; void (*visit)(void *); void *info; };
            void node_link(struct node *node);
            """
        let result = try CycleLint.check(sources: [(path: "watch.h", text: header)])
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let knowledge = HeaderCallbackKnowledge(files: try extractedFacts(("watch.h", header)))
        #expect(knowledge.functions.keys.sorted() == ["node_link", "source_install", "timer_start", "watch_add"])
        #expect(knowledge.functions["source_install"]?.contextStructHasRelease == true)
        #expect(knowledge.functions["watch_add"]?.contextParameter == 2)
        #expect(knowledge.functions["timer_start"]?.destroyNotifyParameter == 3)
        #expect(knowledge.functions["timer_start"]?.callbackParameters == [1])
        #expect(knowledge.entries.map(\.api) == ["node_link(_:)", "source_install(_:)", "timer_start(_:_:_:_:)", "watch_add(_:_:_:)"])
    }

    @Test("header knowledge: a context handed to a C function that keeps it, unregistered by its name partner")
    func danglingContextFromHeaders() throws {
        let header = "typedef void (*tick_fn)(void *);\nint loop_arm(void *loop, tick_fn fn, void *context);\nvoid loop_disarm(void *loop, int id);\n"
        let swift = """
            final class Ticker {
                var loop: UnsafeMutableRawPointer?
                func begin() { loop_arm(loop, { _ in }, Unmanaged.passUnretained(self).toOpaque()) }
                func close() {}
            }
            """
        let found = try findings([("Sources/CLoop/include/loop.h", header), ("Sources/App/Ticker.swift", swift)])
        #expect(found.map(\.ruleID) == ["dangling-context"], "\(found)")
        // Without the header, `loop_arm` is not known to keep its context.
        #expect(try findings([("Sources/App/Ticker.swift", swift)]).isEmpty)
        let closed = swift.replacingOccurrences(of: "func close() {}", with: "func close() { loop_disarm(loop, 0) }")
        #expect(try findings([("Sources/CLoop/include/loop.h", header), ("Sources/App/Ticker.swift", closed)]).isEmpty)
    }

    @Test("a parse error in one C file is a diagnostic; the rest is analysed")
    func parseErrorsAreDiagnostics() throws {
        let result = try CycleLint.check(sources: [(path: "broken.h", text: "int watch_add(void (*cb)(void *), void *ctx\n"),
                                                   (path: "Player.m", text: player(setup: "self.onTick = ^{ [self tick]; };"))])
        // The diagnostic names clang's first error, not only a count.
        #expect(result.diagnostics.contains { $0.file == "broken.h" && $0.message.contains("error(s) from clang, first: expected ')'")
        }, "\(result.diagnostics)")
        #expect(result.findings.map(\.ruleID) == ["capture-cycle"])
    }

    @Test("a C++ header is not read (parsed as C it would be all errors); a C header with extern \"C\" guards is")
    func cPlusPlusHeadersAreNotRead() throws {
        let cPlusPlus = "namespace proto {\ntemplate <typename T> class Arena { public: void (*hook)(void *); };\n}\n"
        let guarded = "#ifdef __cplusplus\nextern \"C\" {\n#endif\nint watch_add(void (*cb)(void *), void *ctx);\nint watch_remove(int id);\n#ifdef __cplusplus\n}\n#endif\n"
        let result = try CycleLint.check(sources: [(path: "arena.h", text: cPlusPlus), (path: "watch.h", text: guarded)])
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(try extractedFacts(("arena.h", cPlusPlus)).isEmpty)
        #expect(try extractedFacts(("watch.h", guarded)).first?.cFunctions?.map(\.name).contains("watch_add") == true)
    }

    private func extractedFacts(_ source: (String, String)) throws -> [FileFacts] {
        ClangFrontEnd.extract([(path: source.0, text: source.1)]).files
    }
}

@Suite("C and Objective-C without libclang")
struct ClangSkipTests {
    @Test("without libclang, Swift is analysed and one diagnostic says the C/ObjC files were skipped")
    func skippedWithReason() throws {
        var options = AnalysisOptions()
        options.libclangPath = "/nonexistent/libclang.so"
        let swift = "final class A {\n    var handler: (() -> Void)?\n    func f() { handler = { self.g() } }\n    func g() {}\n}\n"
        let result = try CycleLint.check(sources: [(path: "A.swift", text: swift), (path: "x.m", text: "@interface X\n@end\n"),
                                                   (path: "y.h", text: "int y(void);\n")], options: options)
        #expect(result.findings.map(\.ruleID) == ["capture-cycle"])
        #expect(result.diagnostics.count == 1, "\(result.diagnostics)")
        #expect(result.diagnostics.first?.message.contains("2 C/Objective-C file(s) skipped") == true, "\(result.diagnostics)")
        #expect(result.diagnostics.first?.message.contains("/nonexistent/libclang.so") == true)
    }

    @Test("unregister partners by name pairing")
    func partnerNames() {
        #expect(HeaderCallbackKnowledge.partners(of: "watch_add").isSuperset(of: ["watch_remove"]))
        #expect(HeaderCallbackKnowledge.partners(of: "uv_timer_start").contains("uv_timer_stop"))
        #expect(HeaderCallbackKnowledge.partners(of: "addWatch").contains("removeWatch"))
        #expect(HeaderCallbackKnowledge.partners(of: "sqlite3_create_function").contains("sqlite3_destroy_function"))
        #expect(HeaderCallbackKnowledge.partners(of: "fire").isEmpty)
    }

    @Test("the C fixture package: the retained context that is never released is found, its fixed twin is clean")
    func fixturePackage() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Examples/CCallback/Sources").path
        let result = try CycleLint.check(paths: [fixture])
        let reported = result.findings.map { "\($0.ruleID) \(URL(fileURLWithPath: $0.location.file).deletingLastPathComponent().lastPathComponent):\($0.location.line)" }
        #expect(reported == ["unbalanced-retain WatchLeak:11"], "\(result.findings)")
    }
}
