import Foundation

/// A dictionary safe to share between threads, for memoising pure lookups.
final class LockedCache<Key: Hashable, Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Key: Value] = [:]

    /// The cached value; nil when absent (a cached nil comes back as `.some(nil)`).
    func value(for key: Key) -> Value? {
        lock.withLock { storage[key] }
    }

    func store(_ value: Value, for key: Key) {
        lock.withLock { storage[key] = value }
    }
}
