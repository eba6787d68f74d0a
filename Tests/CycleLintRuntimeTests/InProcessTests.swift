import CycleLintRuntime
import Foundation
import Testing

final class Session {
    var onEvent: (() -> Void)?
    var name = "session"
    func start() { onEvent = { print(self.name) } }
    func startWeak() { onEvent = { [weak self] in print(self?.name ?? "") } }
}

final class Node { var next: Node?; var label = 0 }

@Suite("in-process leak tracking", .serialized)
struct InProcessTests {
    @Test("withLeakTracking reports the cycle a block leaves behind")
    func reportsCycle() throws {
        let report = try withLeakTracking {
            let session = Session()
            session.start()
        }
        #expect(report.hasCycle(through: ["Session"]), "\(report)")
        #expect(report.leaked.contains { $0.type == "Session" && $0.count == 1 })
        #expect(throws: LeakExpectationFailure.self) { try report.assertNoLeaks() }
    }

    @Test("objects the block hands out are not leaks; a clean block is clean")
    func cleanBlock() throws {
        var kept: Node?
        let report = try withLeakTracking {
            let a = Node(), b = Node()
            a.next = b
            kept = a
            let session = Session()
            session.startWeak()
        }
        // Other test suites may allocate concurrently, so look at this block's own types only.
        #expect(!report.leaked.contains { ["Node", "Session"].contains($0.type) }, "\(report)")
        #expect(report.cycles.isEmpty || !report.cycles.contains { $0.types.contains("Node") || $0.types.contains("Session") })
        #expect(kept?.next != nil)
    }

    @Test("expectDeallocated explains a failure with the cycle path")
    func expectDeallocatedMessage() throws {
        do {
            try expectDeallocated { () -> Node in
                let a = Node(), b = Node()
                a.next = b
                b.next = a
                return a
            }
            Issue.record("expected a failure")
        } catch let failure as LeakExpectationFailure {
            #expect(failure.message.contains("expected Node to be deallocated"), "\(failure.message)")
            #expect(failure.message.contains("Node.next → Node.next → Node"), "\(failure.message)")
        }
        try expectDeallocated { () -> Node in Node() }
    }

    @Test("snapshots taken while other threads allocate")
    func concurrentSnapshots() throws {
        try LeakTracker.activate()
        let done = ManagedAtomicFlag()
        let threads = (0..<3).map { _ in
            Thread {
                while !done.isSet {
                    var list: Node?
                    for i in 0..<1000 { let n = Node(); n.label = i; n.next = list; list = n }
                }
            }
        }
        threads.forEach { $0.start() }
        var sizes: [Int] = []
        let report = try withLeakTracking {
            for _ in 0..<20 { sizes.append(try LeakTracker.snapshot().objects.count) }
            let a = Node(), b = Node()
            a.next = b; b.next = a
        }
        done.set()
        threads.forEach { thread in while !thread.isFinished { usleep(1000) } }
        #expect(sizes.allSatisfy { $0 > 0 })
        // The worker threads' lists are held by their stacks, so only the block's ring is garbage.
        #expect(report.cycles.contains { $0.types == ["Node"] && $0.path.count == 2 }, "\(report)")
    }
}

/// A flag shared between threads.
final class ManagedAtomicFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
    func set() { lock.lock(); value = true; lock.unlock() }
}
