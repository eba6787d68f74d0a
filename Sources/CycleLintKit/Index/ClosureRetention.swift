/// How an API treats a closure (or object) passed to it: the `closure:` kind of a rule pack entry.
public enum ClosureRetention: String, Codable, CaseIterable, Sendable {
    /// Called before the call returns, never stored (`map`, `forEach`, `DispatchQueue.sync`).
    case nonEscaping = "non-escaping"
    /// Runs once, then released (`DispatchQueue.async`, one-shot `Task`). Still retained while it
    /// runs, so an unbounded loop inside keeps what it captures.
    case transient
    /// Kept until the returned token is cancelled, removed or dropped (`sink`, `observe`,
    /// `addObserver(forName:…)`); the receiver also keeps it.
    case retainedByToken = "retained-by-token"
    /// Scheduled globally until `invalidate()`/`cancel()` on the result (repeating `Timer`).
    case retainedUntilInvalidate = "retained-until-invalidate"
    /// Kept by the receiver object (`DispatchSource.setEventHandler`, `DispatchWorkItem(block:)`).
    case retainedByReceiver = "retained-by-receiver"
    /// Kept for the life of the process.
    case retainedForever = "retained-forever"
}
