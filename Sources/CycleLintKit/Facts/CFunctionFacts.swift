/// A C function declaration, as read from a header by the libclang front end: which parameters
/// are callbacks, which is the context (`void *` handed back to the callback) and whether
/// something releases that context; and which pointer parameters it only reads through.
public struct CFunctionFacts: Codable, Sendable, Hashable {
    /// The function's name (Swift imports it under the same name, with unlabelled arguments).
    public var name: String
    /// The number of parameters.
    public var parameterCount: Int
    /// Positions of function-pointer or block parameters.
    public var callbackParameters: [Int]
    /// Position of the `void *` context (or of a context struct that carries one).
    public var contextParameter: Int?
    /// Position of a destroy-notify callback (`void (*)(void *)` after the context): the
    /// library releases the context through it when the registration ends.
    public var destroyNotifyParameter: Int?
    /// The context is a struct carrying the callbacks and their `info` pointer.
    public var contextIsStruct: Bool
    /// The context is a struct with a `release` callback field (`CFRunLoopSourceContext`-style).
    public var contextStructHasRelease: Bool
    /// Positions of `const T *` parameters: the function reads what `&x` passed there points to.
    public var readOnlyPointerParameters: [Int] = []
    /// Where it is declared.
    public var location: SourceLocation

    /// The function takes a callback and a context: it registers something that calls back.
    public var registersCallback: Bool { contextParameter != nil && (!callbackParameters.isEmpty || contextIsStruct) }
}
