import Foundation

/// Maps over an array on `jobs` threads (each with a large stack, so deeply nested sources
/// cannot overflow it), keeping the order of the input.
enum ParallelMap {
    static let stackSize = 64 << 20

    static func map<T: Sendable, R>(_ items: [T], jobs: Int, _ transform: @escaping @Sendable (T) -> R) -> [R] {
        map(items, jobs: jobs, worker: { transform })
    }

    /// Like `map`, with a transform made once per thread by `worker` (for per-thread caches).
    static func map<T: Sendable, R>(_ items: [T], jobs: Int, worker: @escaping @Sendable () -> (T) -> R) -> [R] {
        let work = SharedWork<R>(count: items.count)
        let workers = max(1, min(jobs, items.count))
        let group = DispatchGroup()
        for _ in 0..<workers {
            group.enter()
            let thread = Thread {
                let transform = worker()
                while let index = work.nextIndex() {
                    work.store(transform(items[index]), at: index)
                }
                group.leave()
            }
            thread.stackSize = stackSize
            thread.start()
        }
        group.wait()
        return work.results()
    }
}

extension ParallelMap {
    /// Like `map(_:jobs:worker:)`, taking the items in order of decreasing `cost` (so that one
    /// large item does not run alone at the end while the other threads wait), with the results
    /// still in the order of `items`.
    static func map<T: Sendable, R>(_ items: [T], jobs: Int, costliestFirst cost: (T) -> Int,
                                    worker: @escaping @Sendable () -> (T) -> R) -> [R] {
        let order = orderOfDecreasingCost(items.map(cost))
        let results = map(order.map { items[$0] }, jobs: jobs, worker: worker)
        var inInputOrder = [R?](repeating: nil, count: items.count)
        for (position, index) in order.enumerated() { inInputOrder[index] = results[position] }
        return inInputOrder.map { $0! }
    }

    /// The indices of `costs`, costliest first; equal costs keep their order.
    static func orderOfDecreasingCost(_ costs: [Int]) -> [Int] {
        costs.indices.sorted { costs[$0] != costs[$1] ? costs[$0] > costs[$1] : $0 < $1 }
    }
}

/// The next item to take and the results so far, behind a lock.
private final class SharedWork<R>: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private let count: Int
    private var slots: [R?]

    init(count: Int) {
        self.count = count
        slots = Array(repeating: nil, count: count)
    }

    func nextIndex() -> Int? {
        lock.withLock {
            guard next < count else { return nil }
            defer { next += 1 }
            return next
        }
    }

    func store(_ result: R, at index: Int) {
        lock.withLock { slots[index] = result }
    }

    func results() -> [R] {
        lock.withLock { slots.map { $0! } }
    }
}
