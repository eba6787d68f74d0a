@testable import CycleLintKit
import Testing

/// Closures that are held only while work is pending or running: work queues that the owner
/// drains, and closures given to an awaited call.
@Suite("Work queues and awaited calls")
struct WorkQueueAndAsyncCallTests {
    @Test("a closure appended to a queue the owner pops is pending work, not a cycle")
    func drainedQueue() throws {
        let result = try findings("""
        final class Loop {
            var pending: [() -> Void] = []
            var count = 0
            func schedule(_ body: @escaping () -> Void) { pending.append(body) }
            func start() { schedule { self.count += 1 } }
            func runOnce() { while let job = pending.popLast() { job() } }
        }
        func drive(_ loop: Loop) { loop.runOnce() }
        """)
        #expect(result.isEmpty)
    }

    @Test("the same queue never drained keeps the closure, and self with it")
    func undrainedQueue() throws {
        let result = try findings("""
        final class Loop {
            var pending: [() -> Void] = []
            var count = 0
            func schedule(_ body: @escaping () -> Void) { pending.append(body) }
            func start() { schedule { self.count += 1 } }
        }
        """)
        #expect(result.map(\.ruleID) == ["capture-cycle"])
    }

    @Test("a closure given to an awaited call on a held object is used while the call runs")
    func awaitedListen() throws {
        let result = try findings("""
        final class Server<Transport: ServerTransport> {
            let transport: Transport
            init(transport: Transport) { self.transport = transport }
            func serve() async throws {
                try await transport.listen { stream in await self.handle(stream) }
            }
            func handle(_ stream: Int) async {}
        }
        """)
        #expect(result.isEmpty)
    }

    @Test("the same registration made without await is kept by the receiver")
    func registrationWithoutAwait() throws {
        let result = try findings("""
        final class Server<Transport: ServerTransport> {
            let transport: Transport
            init(transport: Transport) { self.transport = transport }
            func serve() {
                transport.listen { stream in self.handle(stream) }
            }
            func handle(_ stream: Int) {}
        }
        """)
        #expect(result.map(\.ruleID) == ["capture-cycle"])
    }
}
