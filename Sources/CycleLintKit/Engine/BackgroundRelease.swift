import Foundation

/// Hands the last reference to a large structure (a project's facts, its index and views) to a
/// background thread, so that freeing millions of small objects does not hold up the result.
enum BackgroundRelease {
    /// Takes `value` (the caller must not keep another reference) and lets it go on a utility queue.
    static func release<Value>(_ value: consuming Value) {
        let box = UncheckedBox(value)
        DispatchQueue.global(qos: .utility).async { box.drop() }
    }

    /// Holds a value until `drop()`: made on the caller's thread, then touched by one queued block only.
    private final class UncheckedBox<Value>: @unchecked Sendable {
        // cyclelint:disable unchecked-sendable - handed from the caller to one queued block (see above)
        private var value: Value?

        init(_ value: consuming Value) { self.value = value }

        func drop() { value = nil }
    }
}
