/// A `withTaskCancellationHandler` call.
public struct CancellationHandlerFacts: Codable, Sendable {
    /// Index in `ConcurrencyFacts.cancellationHandlers`.
    public var id: Int
    /// The function containing the call.
    public var function: Int
    /// The `onCancel:` closure calls `resume` on something.
    public var onCancelResumes: Bool
    /// Where the `onCancel:` closure is (the call when it is missing).
    public var onCancelLocation: SourceLocation
    /// Where the call starts.
    public var location: SourceLocation
}
