@testable import CycleLintKit
import Testing

/// What a method does with its parameters is a function of the method alone: methods that call
/// each other get the same summaries whichever is asked first, so the contexts of a project can
/// be analysed in any order, on any thread.
@Suite("Method summaries in any order")
struct SummaryQueryOrderTests {
    /// `attach` and `retry` call each other; each stores the handler in a property of its own.
    private static let source = """
        final class Session {
            var handler: (() -> Void)?
            var pending: (() -> Void)?
            var next: Session?
            var attempts = 0
            func attach(_ body: @escaping () -> Void) {
                handler = body
                if attempts > 0 { retry(body) }
            }
            func retry(_ body: @escaping () -> Void) {
                pending = body
                if attempts > 1 { attach(body) }
            }
            func append(_ body: @escaping () -> Void) {
                if attempts > 0 { next?.append(body) } else { handler = body }
            }
            func log(_ message: String) {}
        }
        """

    private let index = ProjectIndex(files: [FileFactsExtractor.extract(path: "Session.swift", source: Self.source)])

    private func summaries() -> MethodSummaries { MethodSummaries(index: index, knowledge: RetentionKnowledge()) }

    /// The members each parameter of `method` is stored at, as `a.b` strings.
    private func stored(_ summaries: MethodSummaries, _ method: String) -> Set<String> {
        guard let (facts, file) = index.methods(method, of: "Session").first else { return [] }
        var paths: Set<String> = []
        for effects in summaries.effects(of: facts, file: file, owner: "Session") {
            for case .stored(let members, _) in effects { paths.insert(members.joined(separator: ".")) }
        }
        return paths
    }

    @Test("mutually recursive methods: each one's summary includes the other's store, in either order")
    func mutualRecursionInEitherOrder() {
        let attachFirst = summaries()
        let attach = stored(attachFirst, "attach")
        let retryAfterAttach = stored(attachFirst, "retry")
        let retryFirst = summaries()
        let retry = stored(retryFirst, "retry")
        #expect(stored(retryFirst, "attach") == attach)
        #expect(retryAfterAttach == retry)
        #expect(attach == ["handler", "pending"])
        #expect(retry == ["handler", "pending"])
    }

    @Test("a method recursing through a property is followed down to the maximum call depth, each store once")
    func recursionThroughAProperty() {
        let paths = stored(summaries(), "append")
        let expected = (0..<MethodSummaries.maximumCallDepth).map { depth in
            (Array(repeating: "next", count: depth) + ["handler"]).joined(separator: ".")
        }
        #expect(Set(expected).isSubset(of: paths))
        #expect(!paths.contains(([String](repeating: "next", count: MethodSummaries.maximumCallDepth) + ["handler"]).joined(separator: ".")))
        guard let (facts, file) = index.methods("append", of: "Session").first else {
            Issue.record("no append method")
            return
        }
        let effects = summaries().effects(of: facts, file: file, owner: "Session")[0]
        #expect(effects.count == Set(effects).count)
    }

    @Test("a parameter the method does nothing with has no effects")
    func unusedParameter() {
        #expect(stored(summaries(), "log").isEmpty)
    }
}
