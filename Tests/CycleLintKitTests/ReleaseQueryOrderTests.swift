@testable import CycleLintKit
import Testing

/// The releases of a method are a function of the method alone: two methods that call each other
/// get the same answers whichever is asked first, on any thread's memo, and the project-wide
/// release scan gives the same tables on one thread as on several.
@Suite("Release queries in any order")
struct ReleaseQueryOrderTests {
    /// `stop` and `drain` call each other; each releases its own property.
    private static let source = """
        final class Pump {
            var timer: Timer?
            var buffer: [Int] = []
            var retries = 0
            func stop() {
                timer?.invalidate()
                timer = nil
                if retries > 0 { drain() }
            }
            func drain() {
                buffer.removeAll()
                if retries > 1 { stop() }
            }
            deinit { buffer = [] }
        }
        final class Owner {
            let pump = Pump()
            func close() { pump.stop() }
        }
        """

    private func analysis(jobs: Int = 1) -> ReleaseAnalysis {
        let index = ProjectIndex(files: [FileFactsExtractor.extract(path: "Pump.swift", source: Self.source)])
        return ReleaseAnalysis(index: index, knowledge: RetentionKnowledge(), closeMethods: AnalysisOptions.defaultCloseMethods,
                               jobs: jobs)
    }

    private func paths(_ facts: [ReleaseFact]) -> Set<String> { Set(facts.map { "\($0.path)/\($0.kind)" }) }

    @Test("mutually recursive methods: each one's releases include the other's, in either order")
    func mutualRecursionInEitherOrder() {
        let stopFirst = analysis()
        let stopThenDrain = (paths(stopFirst.releases(of: "Pump", method: "stop")),
                             paths(stopFirst.releases(of: "Pump", method: "drain")))
        let drainFirst = analysis()
        let drain = paths(drainFirst.releases(of: "Pump", method: "drain"))
        let stop = paths(drainFirst.releases(of: "Pump", method: "stop"))
        #expect(stopThenDrain.0 == stop)
        #expect(stopThenDrain.1 == drain)
        // Both reach all three releases: the timer cancelled and cleared, the buffer emptied.
        #expect(stop == drain)
        #expect(stop.count == 3)
    }

    @Test("a release reached again through recursion is listed once")
    func recursionListsEachReleaseOnce() {
        let facts = analysis().releases(of: "Pump", method: "stop")
        #expect(facts.count == Set(facts).count)
    }

    @Test("a query through an owned object matches the same query asked first of the callee")
    func ownedObjectAfterCallee() {
        let calleeFirst = analysis()
        _ = calleeFirst.releases(of: "Pump", method: "drain")
        #expect(paths(calleeFirst.releases(of: "Owner", method: "close")) == paths(analysis().releases(of: "Owner", method: "close")))
    }

    @Test("the project-wide scan is the same on one thread and on several")
    func scanOnThreads() {
        let one = analysis(jobs: 1)
        let several = analysis(jobs: 4)
        #expect(one.releasedElsewhere == several.releasedElsewhere)
        #expect(one.releasedInDeinit == several.releasedInDeinit)
        #expect(!one.releasedElsewhere.isEmpty)
        #expect(!one.releasedInDeinit.isEmpty)
    }
}

/// `startsWithUppercase` and `startsWithLowercase` agree with `Character`'s answers.
@Suite("Letter case of a first character")
struct LetterCaseTests {
    @Test("ASCII, non-ASCII and combined first characters", arguments: [
        "Foo", "foo", "_foo", "", "F", "f", "1a", "Équipe", "émile", "e\u{301}tat", "E\u{301}tat", "\r\nx", "Ωmega", "ωmega",
    ])
    func agreesWithCharacter(text: String) {
        #expect(text.startsWithUppercase == (text.first?.isUppercase == true))
        #expect(text.startsWithLowercase == (text.first?.isLowercase == true))
        #expect(text[...].startsWithUppercase == (text.first?.isUppercase == true))
    }
}
