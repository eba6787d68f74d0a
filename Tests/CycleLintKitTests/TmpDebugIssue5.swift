import CycleLintKit
import Testing
@Test func tmpDebugIssue5() throws {
    let f = FileFactsExtractor.extract(path: "A.swift", source: """
    final class Stats: @unchecked Sendable {
        private var hits = 0
        func hit() { hits += 1 }
    }
    """)
    print("DBG", f.types.map(\.inherited), f.concurrency.properties, f.concurrency.accesses, f.concurrency.functions.map { ($0.name, $0.kind, $0.ownerType) })
}
