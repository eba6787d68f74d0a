@testable import CycleLintKit
import Foundation
import Testing

/// The facts compactor changes how facts are stored, never what they say: the same facts after
/// compaction, and equal lists shared between the files one compactor saw.
@Suite("Facts compactor")
struct FactsCompactorTests {
    private let session = """
    final class Session {
        var onClose: (() -> Void)?
        var handlers: [() -> Void] = []
        weak var delegate: SessionDelegateWithALongName?
        func start(connectionIdentifierWithLongName: Int) {
            onClose = { self.cleanup(reason: 1, connectionIdentifierWithLongName) }
            handlers.append { [weak self] in self?.cleanup(reason: 2, 0) }
            self.delegate?.sessionDidStartWithLongName(self, at: [1, 2], nil)
            let local = NotificationCenter.default
            local.addObserver(forName: .init("x"), object: nil, queue: nil) { _ in self.cleanup(reason: 3, 0) }
        }
        func cleanup(reason: Int, _ code: Int) { onClose = nil }
    }
    protocol SessionDelegateWithALongName: AnyObject {
        func sessionDidStartWithLongName(_ session: Session, at: [Int], _ extra: Int?)
    }

    """

    private func json(_ facts: FileFacts) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(facts), as: UTF8.self)
    }

    private func buffer<T>(_ array: [T]) -> UnsafeRawPointer? {
        array.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }

    @Test("compacted facts equal the extracted ones, stores and concurrency facts included")
    func sameFacts() throws {
        let extracted = FileFactsExtractor.extract(path: "Session.swift", source: session)
        #expect(extracted.bodies.contains { $0.events.contains { if case .store = $0 { true } else { false } } })
        #expect(!extracted.concurrency.accesses.isEmpty)
        let compacted = FactsCompactor().compact(extracted)
        #expect(try json(compacted) == json(extracted))
    }

    @Test("a file of nothing but empty lists compacts to itself")
    func emptyFile() throws {
        let extracted = FileFactsExtractor.extract(path: "Empty.swift", source: "")
        #expect(try json(FactsCompactor().compact(extracted)) == json(extracted))
    }

    @Test("equal labels, argument lists and member paths of two files share one copy")
    func sharedAcrossFiles() throws {
        let compactor = FactsCompactor()
        let first = compactor.compact(FileFactsExtractor.extract(path: "A.swift", source: session))
        let second = compactor.compact(FileFactsExtractor.extract(path: "B.swift", source: session))
        let call = { (facts: FileFacts) in
            facts.bodies.flatMap(\.calls).first { $0.name == "sessionDidStartWithLongName" }!
        }
        #expect(call(first).labels == [nil, "at", nil])
        #expect(buffer(call(first).labels) == buffer(call(second).labels))
        #expect(buffer(call(first).arguments) == buffer(call(second).arguments))
        guard case .path(let receiver)? = call(first).receiver, case .path(let other)? = call(second).receiver else {
            Issue.record("the receiver is a path")
            return
        }
        #expect(receiver.members == ["delegate"])
        #expect(buffer(receiver.members) == buffer(other.members))
        // A file's own locations are not shared: they name the file.
        #expect(call(first).location.file == "A.swift" && call(second).location.file == "B.swift")
    }

    @Test("lists that differ in one element stay apart")
    func differentListsApart() throws {
        let compactor = FactsCompactor()
        let facts = compactor.compact(FileFactsExtractor.extract(path: "A.swift", source: session))
        let cleanups = facts.bodies.flatMap(\.calls).filter { $0.name == "cleanup" }
        #expect(cleanups.count == 3)
        #expect(Set(cleanups.map { "\($0.arguments)" }).count == 3)
        #expect(cleanups.allSatisfy { $0.labels == ["reason", nil] })
        #expect(Set(cleanups.map { buffer($0.labels) }).count == 1)
    }

    @Test("the analysis of compacted facts reports what it reported before")
    func sameFindings() throws {
        let options = AnalysisOptions()
        let files = [FileFactsExtractor.extract(path: "Session.swift", source: session)]
        let compactor = FactsCompactor()
        let (_, plain) = CycleLint.retentions(in: files, knowledge: try CycleLint.prepare(options).0)
        let (_, compacted) = CycleLint.retentions(in: files.map(compactor.compact), knowledge: try CycleLint.prepare(options).0)
        #expect(!plain.isEmpty)
        #expect(plain.map { "\($0.location) \($0.fingerprintComponents)" } == compacted.map { "\($0.location) \($0.fingerprintComponents)" })
    }
}
