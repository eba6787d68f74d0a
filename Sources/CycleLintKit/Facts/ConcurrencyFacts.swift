/// What the concurrency rules (`unbounded-buffer`, `continuation-leak`, `unchecked-sendable`)
/// need from one file: member properties with their declared shape, the functions that touch
/// them, every access to them with its synchronisation context, async stream creations and the
/// yields that feed them. Pure and Codable like the rest of `FileFacts`.
public struct ConcurrencyFacts: Codable, Sendable {
    /// Member properties and globals declared in the file.
    public var properties: [ConcurrencyPropertyFacts] = []
    /// Indexed by `ConcurrencyFunctionFacts.id`.
    public var functions: [ConcurrencyFunctionFacts] = []
    /// Every recorded property access, in source order.
    public var accesses: [MemberAccessFacts] = []
    /// Indexed by `StreamCreationFacts.id`.
    public var streams: [StreamCreationFacts] = []
    /// Every `yield` on a continuation, in source order.
    public var yields: [StreamYieldFacts] = []
    /// Every `for await` loop, in source order.
    public var consumers: [StreamConsumerFacts] = []
    /// Indexed by `CancellationHandlerFacts.id`.
    public var cancellationHandlers: [CancellationHandlerFacts] = []
    /// Combine `buffer(size: Int.max, …)` calls.
    public var unboundedCombineBuffers: [SourceLocation] = []
    /// `typealias` names whose definition mentions `CheckedContinuation`/`UnsafeContinuation`.
    public var continuationAliases: [String] = []
    /// Types declared with a global actor attribute (`@MainActor class …`), as `TypeFacts.name` spells them.
    public var globalActorTypes: [String] = []
    /// Types declared `@propertyWrapper`, as `TypeFacts.name` spells them.
    public var propertyWrapperTypes: [String] = []
    /// Types (or extensions) whose comment says how their instances are confined or that they
    /// are not thread-safe (`ConfinementComment`), as `TypeFacts.name` spells them.
    public var confinementDocumentedTypes: [String] = []

    /// No facts (a file without any of the shapes above).
    public init() {}
}
