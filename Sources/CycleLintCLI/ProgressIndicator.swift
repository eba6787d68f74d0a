import Foundation

/// An elapsed-time line on stderr for runs longer than a couple of seconds. Shown only when
/// stderr is a terminal and `--quiet` is not set; erased when the work finishes.
final class ProgressIndicator: @unchecked Sendable {
    private let lock = NSLock()
    private var finished = false
    private var shown = false
    private let label: String
    private let start = Date()

    init(label: String) {
        self.label = label
    }

    /// Starts updating in the background when `enabled`.
    func start(enabled: Bool, after delay: TimeInterval = 2) {
        guard enabled else { return }
        let thread = Thread { [self] in
            Thread.sleep(forTimeInterval: delay)
            while true {
                lock.lock()
                if finished { lock.unlock(); return }
                let seconds = Int(Date().timeIntervalSince(start))
                StandardError.writeRaw("\r\u{1B}[K\(label)… \(seconds)s")
                shown = true
                lock.unlock()
                Thread.sleep(forTimeInterval: 0.5)
            }
        }
        thread.start()
    }

    /// Stops updating and erases the line if it was shown.
    func finish() {
        lock.lock()
        finished = true
        if shown { StandardError.writeRaw("\r\u{1B}[K") }
        lock.unlock()
    }
}
