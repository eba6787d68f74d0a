/// The `↓`-marked examples of `continuation-leak`, run as tests.
enum ContinuationLeakExamples {
    static let triggering = [
        """
        final class Gate {
            private var waiters: [CheckedContinuation<Void, Never>] = []
            func wait() async {
                await withCheckedContinuation { continuation in
                    ↓waiters.append(continuation)
                }
            }
        }
        """,
        """
        import Foundation
        final class RequestTable {
            private var waiting: [UInt64: CheckedContinuation<Data, Never>] = [:]
            func send(id: UInt64) async -> Data {
                await withCheckedContinuation { ↓waiting[id] = $0 }
            }
            func received(id: UInt64, data: Data) {
                waiting[id]?.resume(returning: data)
            }
        }
        """,
        """
        final class Mailbox {
            private var pending: CheckedContinuation<String, Never>?
            func receive() async -> String {
                await withCheckedContinuation { pending = $0 }
            }
            func deliver(_ message: String) {
                pending?.resume(returning: message)
                pending = nil
            }
            func close() {
                ↓pending = nil
            }
        }
        """,
        """
        actor Semaphore {
            private var waiters: [Int: CheckedContinuation<Void, Error>] = [:]
            private var nextID = 0
            func wait() async throws {
                let id = nextID
                nextID += 1
                try await withTaskCancellationHandler {
                    try await withCheckedThrowingContinuation { continuation in
                        waiters[id] = continuation
                    }
                } onCancel: ↓{
                    print("cancelled", id)
                }
            }
            func signal() {
                if let id = waiters.keys.first, let waiter = waiters.removeValue(forKey: id) { waiter.resume() }
            }
        }
        """,
        """
        // file: Sources/Services/RunService.swift
        actor MockService {
            private var runContinuation: CheckedContinuation<Void, Error>?
            private let events: AsyncStream<String>.Continuation
            init(events: AsyncStream<String>.Continuation) { self.events = events }
            func run() async throws {
                try await withTaskCancellationHandler {
                    try await withCheckedThrowingContinuation { runContinuation = $0 }
                } onCancel: ↓{
                    events.yield("cancelled")
                }
            }
            func resumeRunContinuation(with result: Result<Void, Error>) {
                runContinuation?.resume(with: result)
                runContinuation = nil
            }
        }
        """,
    ]

    static let nonTriggering = [
        """
        actor AsyncLock {
            private var waiters: [Int: CheckedContinuation<Void, Error>] = [:]
            private var nextID = 0
            private var locked = false
            func lock() async throws {
                if !locked { locked = true; return }
                let id = nextID
                nextID += 1
                try await withTaskCancellationHandler {
                    try await withCheckedThrowingContinuation { continuation in
                        waiters[id] = continuation
                    }
                } onCancel: {
                    Task { await self.cancel(id) }
                }
            }
            private func cancel(_ id: Int) {
                waiters.removeValue(forKey: id)?.resume(throwing: CancellationError())
            }
            func unlock() {
                if let id = waiters.keys.first, let next = waiters.removeValue(forKey: id) {
                    next.resume()
                } else {
                    locked = false
                }
            }
            func close() {
                let pending = waiters
                waiters.removeAll()
                for waiter in pending.values { waiter.resume(throwing: CancellationError()) }
            }
        }
        """,
        """
        final class Mailbox {
            private var pending: CheckedContinuation<String, Never>?
            func receive() async -> String {
                await withCheckedContinuation { pending = $0 }
            }
            func deliver(_ message: String) {
                pending?.resume(returning: message)
                pending = nil
            }
            func close() {
                pending?.resume(returning: "")
                pending = nil
            }
        }
        """,
        """
        func fetch(_ start: (@escaping (Int) -> Void) -> Void) async -> Int {
            await withCheckedContinuation { continuation in
                start { continuation.resume(returning: $0) }
            }
        }
        """,
        """
        // file: Tests/ServiceTests/MockService.swift
        actor MockService {
            private var runContinuation: CheckedContinuation<Void, Error>?
            private let events: AsyncStream<String>.Continuation
            init(events: AsyncStream<String>.Continuation) { self.events = events }
            func run() async throws {
                try await withTaskCancellationHandler {
                    try await withCheckedThrowingContinuation { runContinuation = $0 }
                } onCancel: {
                    events.yield("cancelled")
                }
            }
            func resumeRunContinuation(with result: Result<Void, Error>) {
                runContinuation?.resume(with: result)
                runContinuation = nil
            }
        }
        """,
    ]
}
