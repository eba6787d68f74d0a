import CycleLintKit
import Testing

/// Behaviour of `unbounded-buffer`, `continuation-leak` and `unchecked-sendable` beyond their
/// documented examples.
@Suite("Concurrency rules")
struct ConcurrencyRulesTests {
    private func findings(_ rule: String, _ sources: [(String, String)]) throws -> [Finding] {
        try CycleLint.check(sources: sources.map { (path: $0.0, text: $0.1) }).findings.filter { $0.ruleID == rule }
    }

    private func findings(_ rule: String, _ source: String) throws -> [Finding] {
        try findings(rule, [("Example.swift", source)])
    }

    // MARK: unchecked-sendable

    @Test("each unprotected access is reported with its property and method")
    func uncheckedMessage() throws {
        let found = try findings("unchecked-sendable", """
        final class Stats: @unchecked Sendable {
            private var hits = 0
            func hit() { hits += 1 }
            var count: Int { hits }
        }
        """)
        #expect(found.count == 2)
        #expect(found.first?.message.contains("`Stats.hits` is written in hit() without holding a lock, racing with the access "
            + "where it is read in the accessor of count (Example.swift:4)") == true)
    }

    @Test("global-actor isolation serialises: a @MainActor class or method is not reported")
    func globalActor() throws {
        let found = try findings("unchecked-sendable", """
        @MainActor final class ViewModel: @unchecked Sendable {
            private var items: [String] = []
            func add(_ item: String) { items.append(item) }
        }
        final class Model: @unchecked Sendable {
            private var title = ""
            @MainActor func rename(_ newTitle: String) { title = newTitle }
            @MainActor var display: String { title }
            func log() { print(title) }
        }
        """)
        #expect(found.map(\.location.line) == [9])
    }

    @Test("a subclass of an @unchecked Sendable class makes the same claim for its own state")
    func inheritedClaim() throws {
        let found = try findings("unchecked-sendable", """
        class Base: @unchecked Sendable {}
        final class Derived: Base {
            private var hits = 0
            func hit() { hits += 1 }
            var count: Int { hits }
        }
        """)
        #expect(found.map(\.location.line) == [4, 5])
    }

    @Test("a type confined to its event loop is not lock-based and is not reported")
    func confinement() throws {
        let found = try findings("unchecked-sendable", """
        final class Handler: @unchecked Sendable {
            let eventLoop: EventLoop
            private var count = 0
            init(eventLoop: EventLoop) { self.eventLoop = eventLoop }
            func read() {
                eventLoop.assertInEventLoop()
                count += 1
            }
        }
        """)
        #expect(found.isEmpty)
    }

    @Test("a var written only in init is immutable afterwards: its reads are not reported")
    func writtenOnlyInInit() throws {
        let found = try findings("unchecked-sendable", """
        final class Config: @unchecked Sendable {
            private var name: String
            init(name: String) { self.name = name }
            func describe() -> String { name }
        }
        """)
        #expect(found.isEmpty)
    }

    @Test("a private helper called only with the lock held runs under that lock")
    func helperUnderLock() throws {
        let source = """
        import Foundation
        final class Store: @unchecked Sendable {
            private let lock = NSLock()
            private var values: [Int] = []
            func add(_ value: Int) {
                lock.lock()
                insert(value)
                lock.unlock()
            }
            private func insert(_ value: Int) { values.append(value) }
            var count: Int { lock.withLock { values.count } }
        }
        """
        #expect(try findings("unchecked-sendable", source).isEmpty)
        let unlocked = source.replacingOccurrences(of: "        lock.lock()\n", with: "")
            .replacingOccurrences(of: "        lock.unlock()\n", with: "")
        #expect(try findings("unchecked-sendable", unlocked).count == 1)
    }

    @Test("a nonisolated(unsafe) global written from a function is reported where it is accessed")
    func unsafeGlobal() throws {
        let found = try findings("unchecked-sendable", """
        nonisolated(unsafe) var counter = 0
        func bump() { counter += 1 }
        func read() -> Int { counter }
        """)
        #expect(found.map(\.location.line) == [2, 3])
    }

    @Test("a concurrent queue's async closure is not a lock")
    func concurrentQueue() throws {
        let found = try findings("unchecked-sendable", """
        import Foundation
        final class Log: @unchecked Sendable {
            private var lines: [String] = []
            func add(_ line: String) { DispatchQueue.global().async { self.lines.append(line) } }
            var all: [String] { lines }
        }
        """)
        #expect(found.count == 2)
    }

    @Test("a condition lock taken in a guard or an if condition protects the rest of the scope")
    func conditionLocks() throws {
        let source = """
        final class Slot: @unchecked Sendable {
            private let condition = ConditionLock(value: 0)
            private var value: Int?
            func put(_ newValue: Int) throws {
                guard condition.lock(whenValue: 0, timeoutSeconds: 1) else { throw CancellationError() }
                value = newValue
                condition.unlock(withValue: 1)
            }
            func take() -> Int? {
                if condition.lock(whenValue: 1, timeoutSeconds: 1) {
                    defer { condition.unlock(withValue: 0) }
                    let taken = value
                    value = nil
                    return taken
                }
                return nil
            }
        }
        """
        #expect(try findings("unchecked-sendable", source).isEmpty)
        let unguarded = source.replacingOccurrences(of: "if condition.lock(whenValue: 1, timeoutSeconds: 1) {", with: "do {")
        let unguardedLines = try findings("unchecked-sendable", unguarded).map(\.location.line)
        #expect(unguardedLines == [12, 13])
    }

    @Test("a semaphore used as a mutex protects what lies between wait() and signal()")
    func semaphoreMutex() throws {
        let source = """
        import Foundation
        final class Tally: @unchecked Sendable {
            private let semaphore = DispatchSemaphore(value: 1)
            private var total = 0
            func add(_ value: Int) {
                semaphore.wait()
                defer { semaphore.signal() }
                total += value
            }
            var current: Int { semaphore.wait(); defer { semaphore.signal() }; return total }
        }
        """
        #expect(try findings("unchecked-sendable", source).isEmpty)
        let unguarded = source.replacingOccurrences(of: "        semaphore.wait()\n", with: "")
        #expect(try findings("unchecked-sendable", unguarded).map(\.location.line) == [7])
    }

    @Test("channel handlers, XCTest cases and setUp/tearDown state are confined by contract")
    func confinedByContract() throws {
        let found = try findings("unchecked-sendable", """
        final class Counter: ChannelInboundHandler, @unchecked Sendable {
            private var reads = 0
            func channelRead(context: ChannelHandlerContext, data: NIOAny) { reads += 1 }
        }
        final class ServerTests: XCTestCase, @unchecked Sendable {
            var app: Application!
            override func setUp() { app = Application() }
            func testStart() { app.start() }
        }
        final class Benchmark: @unchecked Sendable {
            private var iterator: Int?
            func setUp() { iterator = 0 }
            func tearDown() { iterator = nil }
            func run() -> Int { iterator ?? 0 }
        }
        """)
        #expect(found.isEmpty)
    }

    @Test("the path shows a conflicting write and the call made without the lock")
    func pathShowsUnlockedCaller() throws {
        let found = try findings("unchecked-sendable", """
        import Foundation
        final class Pool: @unchecked Sendable {
            private let lock = NSLock()
            private var timers: [Int: Int] = [:]
            func schedule(_ id: Int) { lock.withLock { timers[id] = id; cancel(id) } }
            func shutdown() { cancel(0) }
            private func cancel(_ id: Int) { timers.removeValue(forKey: id) }
        }
        """)
        #expect(found.map(\.location.line) == [7])
        #expect(found.first?.path.map(\.location.line) == [5, 6])
        #expect(found.first?.path.last?.description.contains("called without the lock from shutdown()") == true)
    }

    // MARK: continuation-leak

    @Test("a struct wrapping a continuation counts as a continuation; removing it from the collection drains it")
    func wrappedContinuation() throws {
        let leaking = """
        struct Waiter { let continuation: CheckedContinuation<Void, Never> }
        final class Barrier {
            private var waiters: [Waiter] = []
            func wait() async { await withCheckedContinuation { waiters.append(Waiter(continuation: $0)) } }
            func release() { for waiter in waiters { waiter.continuation.resume() } }
        }
        """
        let leaked = try findings("continuation-leak", leaking)
        #expect(leaked.count == 1)
        #expect(leaked.first?.message.contains("resumed but never removed") == true)
        let fixed = leaking.replacingOccurrences(of: "for waiter in waiters { waiter.continuation.resume() }",
                                                 with: "for waiter in waiters { waiter.continuation.resume() }; waiters.removeAll()")
        #expect(try findings("continuation-leak", fixed).isEmpty)
    }

    @Test("onCancel that calls a method which removes and resumes the waiter is enough")
    func cancellationThroughMethod() throws {
        let found = try findings("continuation-leak", """
        final class Queue: @unchecked Sendable {
            private var waiters: [Int: CheckedContinuation<Int, Error>] = [:]
            func next(id: Int) async throws -> Int {
                try await withTaskCancellationHandler {
                    try await withCheckedThrowingContinuation { waiters[id] = $0 }
                } onCancel: {
                    self.cancel(id)
                }
            }
            private func cancel(_ id: Int) { fail(id) }
            private func fail(_ id: Int) { waiters.removeValue(forKey: id)?.resume(throwing: CancellationError()) }
        }
        """)
        #expect(found.isEmpty)
    }

    @Test("a continuation taken out before the property is cleared is not dropped")
    func takenBeforeClear() throws {
        let found = try findings("continuation-leak", """
        final class Slot {
            private var pending: CheckedContinuation<Void, Never>?
            func wait() async { await withCheckedContinuation { pending = $0 } }
            func take() -> CheckedContinuation<Void, Never>? {
                let taken = pending
                pending = nil
                return taken
            }
        }
        """)
        #expect(found.isEmpty)
    }

    // MARK: unbounded-buffer

    @Test("an explicit .unbounded policy is reported like the default; a bounded one is not")
    func explicitPolicy() throws {
        let source = """
        func numbers() -> AsyncStream<Int> {
            AsyncStream(Int.self, bufferingPolicy: .unbounded) { continuation in
                Task { var n = 0; while true { n += 1; continuation.yield(n) } }
            }
        }
        """
        let found = try findings("unbounded-buffer", source)
        #expect(found.count == 1)
        #expect(found.first?.message.contains(".bufferingNewest(n)") == true)
        #expect(found.first?.path.first?.location.line == 3)
        let bounded = source.replacingOccurrences(of: ".unbounded", with: ".bufferingOldest(16)")
        #expect(try findings("unbounded-buffer", bounded).isEmpty)
    }

    @Test("a repeating observer feeds a stream; a completion handler of unknown frequency does not")
    func callbacks() throws {
        let observed = try findings("unbounded-buffer", """
        import Foundation
        func notifications(_ name: Notification.Name) -> AsyncStream<Notification> {
            AsyncStream { continuation in
                let token = NotificationCenter.default.addObserver(forName: name, object: nil, queue: nil) { note in
                    continuation.yield(note)
                }
                continuation.onTermination = { _ in NotificationCenter.default.removeObserver(token) }
            }
        }
        """)
        #expect(observed.count == 1)
        #expect(observed.first?.message.contains("from a repeating callback") == true)
        let completion = try findings("unbounded-buffer", """
        func started(_ start: (@escaping (Int) -> Void) -> Void) -> AsyncStream<Int> {
            let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
            start { port in continuation.yield(port) }
            return stream
        }
        """)
        #expect(completion.isEmpty)
    }

    @Test("makeStream fed from a loop in another task is reported at the creation")
    func makeStreamInTask() throws {
        let found = try findings("unbounded-buffer", """
        func pump() -> AsyncStream<Int> {
            let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
            Task { for i in 0... { continuation.yield(i); await Task.yield() } }
            Task { while !Task.isCancelled { continuation.yield(0) } }
            return stream
        }
        """)
        #expect(found.map(\.location.line) == [2])
    }

    @Test("a continuation stored in one file and fed from an extension in another is reported")
    func crossFileFeeding() throws {
        let found = try findings("unbounded-buffer", [
            ("Sources/App/Events.swift", """
            final class Events {
                let stream: AsyncStream<String>
                let continuation: AsyncStream<String>.Continuation
                init() { (stream, continuation) = AsyncStream.makeStream(of: String.self) }
            }
            """),
            ("Sources/App/Events+Delegate.swift", """
            extension Events {
                func didReceive(_ text: String) { continuation.yield(text) }
            }
            """),
        ])
        #expect(found.count == 1)
        #expect(found.first?.path.first?.location.file == "Sources/App/Events+Delegate.swift")
    }

    @Test("a method that yields to a stored continuation and finishes it produces a fixed number of elements")
    func methodThatFinishes() throws {
        let source = """
        final class Download {
            let events: AsyncStream<Int>
            private let continuation: AsyncStream<Int>.Continuation
            init() { (events, continuation) = AsyncStream.makeStream(of: Int.self) }
            func complete(_ size: Int) {
                continuation.yield(size)
                continuation.finish()
            }
        }
        """
        #expect(try findings("unbounded-buffer", source).isEmpty)
        let progress = source.replacingOccurrences(of: "        continuation.finish()\n", with: "")
        #expect(try findings("unbounded-buffer", progress).map(\.location.line) == [4])
    }

    @Test("a growing array that another type drains is not reported")
    func drainedElsewhere() throws {
        let found = try findings("unbounded-buffer", """
        final class Collector {
            var items: [Int] = []
            func start(_ source: AsyncStream<Int>) async { for await item in source { items.append(item) } }
        }
        final class Consumer {
            func consume(_ collector: Collector) { collector.items.removeAll() }
        }
        """)
        #expect(found.isEmpty)
    }

    @Test("fingerprints do not change when lines move")
    func stableFingerprints() throws {
        let source = """
        final class Stats: @unchecked Sendable {
            private var hits = 0
            func hit() { hits += 1 }
            var count: Int { hits }
        }
        """
        let before = try findings("unchecked-sendable", source).map(\.fingerprint)
        let after = try findings("unchecked-sendable", "// moved\n\n" + source).map(\.fingerprint)
        #expect(!before.isEmpty && before == after)
    }
}
