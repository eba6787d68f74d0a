@testable import CycleLintKit
import Foundation
import Testing

/// The hand-written compact layouts (`FactsRecordLayouts.swift`) write every stored property: a
/// property added to a fact type without a field in its layout would be lost by the cache.
@Suite("Compact record layouts")
struct CompactRecordLayoutTests {
    /// A file whose facts have at least one of every record type.
    private let source = """
    final class Session {
        var handler: (() -> Void)?
        var peers: [Session] = []
        func start(_ other: Session) {
            let token: Session? = other
            handler = { [weak self] in self?.peers.append(other) }
            peers.append(token ?? other)
            other.run(label: 1) { _ in print(self) }
        }
        func run(label: Int, _ body: @escaping (Int) -> Void) {}
        var count = 0
        func bump() { count += 1; start(self) }
    }
    """

    @Test("each layout has one field per stored property")
    func fieldCounts() throws {
        let facts = FileFactsExtractor.extract(path: "Session.swift", source: source)
        let bodies = facts.bodies
        let calls = bodies.flatMap(\.calls)
        let stores = bodies.flatMap(\.events).compactMap { event -> StoreFacts? in
            if case .store(let store) = event { return store }
            return nil
        }
        let closures = bodies.flatMap(\.closures)
        let samples: [(String, any CompactRecord)] = [
            ("SourceLocation", try #require(bodies.first).location),
            ("TypeRef", TypeRef(name: "Session")),
            ("AccessPath", AccessPath(.selfObject, ["peers"])),
            ("CallFacts", try #require(calls.first)),
            ("StoreFacts", try #require(stores.first)),
            ("LocalFacts", try #require(bodies.flatMap(\.locals).first)),
            ("ClosureFacts", try #require(closures.first)),
            ("CapturedPath", try #require(closures.flatMap(\.capturedPaths).first)),
            ("BodyFacts", try #require(bodies.first)),
            ("MemberAccessFacts", try #require(facts.concurrency.accesses.first)),
            ("TypeFacts", try #require(facts.types.first)),
            ("PropertyFacts", try #require(facts.types.first?.properties.first)),
            ("MethodFacts", try #require(facts.types.first?.methods.first)),
            ("ParameterFacts", try #require(facts.types.first?.methods.first?.parameters.first)),
            ("ConcurrencyPropertyFacts", try #require(facts.concurrency.properties.first)),
            ("ConcurrencyFunctionFacts", try #require(facts.concurrency.functions.first)),
            ("OwnMethodCall", try #require(facts.concurrency.functions.flatMap(\.ownCalls).first)),
        ]
        for (name, value) in samples {
            #expect(try fieldCount(of: value) == Mirror(reflecting: value).children.count, "\(name)")
        }
    }

    @Test("a record cut short or with an unknown case is a decoding error, not a crash")
    func damagedRecords() throws {
        let bytes = try CompactEncoder.encode([ValueExpr.path(AccessPath(.name("x"), ["y"])), .closure(2)])
        for length in 0..<bytes.count {
            let prefix = Array(bytes[0..<length])
            #expect(throws: DecodingError.self) { try prefix.withUnsafeBytes { try CompactDecoder.decode([ValueExpr].self, from: $0) } }
        }
        var unknownCase = try CompactEncoder.encode(ValueExpr.other)
        // The case index is the record's first field, an int tag and a zigzag varint: 6 → 12.
        let index = try #require(unknownCase.lastIndex(of: 12))
        unknownCase[index] = 100
        #expect(throws: DecodingError.self) { try unknownCase.withUnsafeBytes { try CompactDecoder.decode(ValueExpr.self, from: $0) } }
    }

    private func fieldCount(of record: some CompactRecord) throws -> Int {
        let writer = CompactWriter()
        try writer.writeRecord(record)
        return try writer.document().withUnsafeBytes { bytes in
            let reader = try CompactReader(bytes)
            return try reader.container(at: reader.valueStart, .unkeyed, as: [Any].self).count
        }
    }
}
