/// A closure stored in a property of `self` that captures `self` strongly: a capture cycle.
public final class Session {
    public var onClose: (() -> Void)?
    var closed = false

    public init() {}

    public func start() {
        onClose = {
            self.closed = true
        }
    }
}
