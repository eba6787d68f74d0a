import CycleLintKit
import Testing

/// A stored callback that clears its own reference when it runs (`task.done = { task.done = nil … }`)
/// is a one-shot, not a leak; so is one that calls a local closure doing the clearing
/// (Kingfisher's `diskTaskCompletionHandler`). A clearing closure that is only defined, or handed
/// to code that may never run it, releases nothing.
@Suite("Callbacks that clear themselves")
struct SelfClearingCallbackTests {
    private static func source(_ body: String) -> String {
        """
        final class Task { var done: (() -> Void)? }
        final class Starter {
            var pending: [() -> Void] = []
            func start() -> Task {
                let task = Task()
        \(body)
                return task
            }
        }
        """
    }

    @Test("a callback that clears itself is clean")
    func clearsItself() throws {
        #expect(try findings(Self.source("        task.done = { task.done = nil; print(task) }")).isEmpty)
    }

    @Test("a callback that calls a local closure which clears it is clean")
    func callsLocalClearingClosure() throws {
        let result = try findings(Self.source("""
                let finish = { task.done = nil }
                task.done = { print(task); finish() }
        """))
        #expect(result.isEmpty, "\(result)")
    }

    @Test("a clearing closure the callback never calls releases nothing")
    func clearingClosureNotCalled() throws {
        let result = try findings(Self.source("""
                let finish = { task.done = nil }
                pending.append(finish)
                task.done = { print(task) }
        """))
        #expect(result.map(\.ruleID) == ["capture-cycle"], "\(result)")
    }

    @Test("a clearing closure the callback hands on, rather than calls, releases nothing")
    func clearingClosureHandedOn() throws {
        let result = try findings(Self.source("""
                let finish = { task.done = nil }
                task.done = { print(task); self.pending.append(finish) }
        """))
        #expect(result.map(\.ruleID) == ["capture-cycle"], "\(result)")
    }
}
