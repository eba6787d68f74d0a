/// `task-retention`: a task (or queued closure) whose unbounded loop keeps `self` alive.
public struct TaskRetentionRule: Rule {
    /// The rule; it has no configuration of its own.
    public init() {}

    public let description = RuleDescription(
        id: "task-retention",
        name: "Task keeps self for an unbounded loop",
        summary: "A Task (or queued closure) runs a loop that never ends on its own while holding self strongly.",
        rationale: "A running task keeps its closure and everything it captures. `while true`, `for await` over a stream "
            + "that never finishes, or `[weak self]` followed by `guard let self` before the loop hold self for as long "
            + "as the loop runs: forever, unless the task is cancelled and the loop checks cancellation.",
        fix: "Store the task and cancel it in a close-like method (with a loop that stops on cancellation: `for await`, "
            + "`while !Task.isCancelled`), or take `self` weakly inside each iteration (`guard let self` in the loop body).",
        triggeringExamples: [
            """
            final class Ticker {
                var task: Task<Void, Never>?
                func start() {
                    task = ↓Task {
                        while true {
                            self.tick()
                            try? await Task.sleep(nanoseconds: 1_000_000)
                        }
                    }
                }
                func tick() {}
                func stop() { task?.cancel() }
            }
            """,
            """
            final class Listener {
                var task: Task<Void, Never>?
                let stream: AsyncStream<Int>
                init(stream: AsyncStream<Int>) { self.stream = stream }
                func start() {
                    task = ↓Task { [weak self] in
                        guard let self else { return }
                        for await value in self.stream { self.handle(value) }
                    }
                }
                func handle(_ value: Int) {}
            }
            """,
            """
            final class Feed {
                var task: Task<Void, Never>?
                func start(_ updates: AsyncStream<Int>) {
                    task = ↓Task { for await value in updates { self.apply(value) } }
                }
                func apply(_ value: Int) {}
            }
            """,
            """
            final class Timeline {
                let updates: AsyncStream<Int>
                init(updates: AsyncStream<Int>) { self.updates = updates }
                func start() {
                    ↓Task { for await value in self.updates { self.apply(value) } }
                }
                func apply(_ value: Int) {}
            }
            extension Timeline {
                static let preview = Timeline(updates: AsyncStream { _ in })
            }
            """,
        ],
        nonTriggeringExamples: [
            """
            final class Clock {
                static let shared = Clock()
                func start(_ ticks: AsyncStream<Int>) {
                    Task { for await tick in ticks { self.show(tick) } }
                }
                func show(_ tick: Int) {}
            }
            """,
            """
            final class Clock {
                static let shared = Clock(interval: 1)
                private init(interval: Int) {}
                func start(_ ticks: AsyncStream<Int>) {
                    Task { for await tick in ticks { self.show(tick) } }
                }
                func show(_ tick: Int) {}
            }
            """,
            """
            final class BufferStorage {
                var stateMachine = StateMachine()
                func start(_ base: AsyncStream<Int>) {
                    let task = Task {
                        for await element in base { self.receive(element) }
                    }
                    stateMachine.taskStarted(task)
                }
                func receive(_ element: Int) {}
            }
            """,
            """
            final class Merger {
                func run(_ values: AsyncStream<Int>) async {
                    await withTaskGroup(of: Void.self) { group in
                        group.addTask { for await value in values { self.handle(value) } }
                    }
                }
                func handle(_ value: Int) {}
            }
            """,
            """
            final class Poller {
                var task: Task<Void, Never>?
                func start() {
                    task = Task { [weak self] in
                        while !Task.isCancelled {
                            guard let self else { return }
                            await self.poll()
                        }
                    }
                }
                func poll() async {}
            }
            """,
            """
            final class Loader {
                func load() { Task { await self.fetch() } }
                func fetch() async {}
            }
            """,
            """
            final class Feed {
                var task: Task<Void, Never>?
                func start(_ updates: AsyncStream<Int>) {
                    task = Task { for await value in updates { self.apply(value) } }
                }
                func stop() { task?.cancel() }
                func apply(_ value: Int) {}
            }
            """,
            """
            final class Counter {
                var total = 0
                func count(_ values: [Int]) {
                    Task { for value in values { self.total += value } }
                }
            }
            """,
        ]
    )

    public func check(_ context: RuleContext) -> [Finding] {
        context.report(description, where: { $0.has(.running) }) { retention in
            "a running task keeps \(retention.contextType ?? "its captures") alive: \(retention.summary); "
                + "cancel it in a close-like method with a cancellation-aware loop, or take self weakly in each iteration"
        }
    }
}
