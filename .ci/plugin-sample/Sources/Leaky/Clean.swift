/// The same shape without the cycle: the closure captures `self` weakly.
public final class CleanSession {
    public var onClose: (() -> Void)?
    var closed = false

    public init() {}

    public func start() {
        onClose = { [weak self] in
            self?.closed = true
        }
    }
}
