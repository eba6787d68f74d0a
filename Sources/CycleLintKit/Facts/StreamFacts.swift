/// How a stream is created.
public enum StreamCreationForm: String, Codable, Sendable {
    /// `AsyncStream { continuation in … }`.
    case buildClosure
    /// `AsyncStream.makeStream(of:)`.
    case makeStream
}

/// An `AsyncStream`/`AsyncThrowingStream` creation.
public struct StreamCreationFacts: Codable, Sendable {
    /// Index in `ConcurrencyFacts.streams`.
    public var id: Int
    /// The function creating it.
    public var function: Int?
    /// Build closure or `makeStream`.
    public var form: StreamCreationForm
    /// An `AsyncThrowingStream`.
    public var isThrowing: Bool
    /// The `bufferingPolicy:` argument as written; nil for the default `.unbounded`.
    public var policy: String?
    /// The element type as written (`Int`, `Void`), when the creation names it.
    public var elementType: String?
    /// The continuation's name where it is created (closure parameter or tuple binding).
    public var continuationName: String?
    /// The property the continuation is stored in (`self.continuation = c`).
    public var continuationProperty: String?
    /// The names the stream is reached by: the variable or property it is kept in, or the
    /// function returning it.
    public var handles: [String] = []
    /// Where the creating call starts.
    public var location: SourceLocation
}

/// A `yield` on a continuation.
public struct StreamYieldFacts: Codable, Sendable {
    /// The function containing the yield.
    public var function: Int?
    /// The stream whose continuation (by local name) this yields to.
    public var stream: Int?
    /// The property yielded to (`self.continuation.yield`).
    public var property: String?
    /// Inside a `while`/`repeat`/`for await` loop.
    public var inLoop: Bool
    /// Inside a loop that ends only on cancellation (`while true`, `while !Task.isCancelled`).
    public var inUnboundedLoop: Bool
    /// Inside an escaping closure (callback, timer, observer, other task) within its function.
    public var inCallback: Bool
    /// That closure runs once (`Task {}`, `DispatchQueue.async`).
    public var callbackRunsOnce: Bool
    /// That closure is handed to an API that calls it repeatedly (a repeating timer, an observer,
    /// a subscription).
    public var callbackRepeats: Bool
    /// The code producing it (the escaping closure it is in, else the build closure or the
    /// function) also calls `finish()`: a bounded loop or a fixed number of yields before the end.
    public var producerFinishes: Bool
    /// Where the `yield` call starts.
    public var location: SourceLocation
}

/// A `for await` loop: a consumer of the stream it iterates.
public struct StreamConsumerFacts: Codable, Sendable {
    /// The function containing the loop.
    public var function: Int
    /// What it iterates, by name (`stream`, `self.events`, `ticks()`).
    public var sequence: String
    /// The body awaits other work per element, so the consumer can fall behind its producer.
    public var suspendsPerElement: Bool
    /// Where the loop starts.
    public var location: SourceLocation
}
