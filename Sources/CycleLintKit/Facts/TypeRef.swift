/// A declared type reduced to what ownership analysis needs: the nominal name it names (after
/// looking through optionals, `any`/`some`, attributes and collections) and its shape.
public struct TypeRef: Codable, Hashable, Sendable {
    /// Nominal type name (`Session`, `Outer.Inner`); nil for function and tuple types.
    public var name: String?
    /// A function type (a stored closure).
    public var isFunction: Bool
    /// An array, set or dictionary whose elements (values) are `name`.
    public var isCollection: Bool
    /// Marked `@escaping` (parameters only).
    public var isEscaping: Bool
    /// Optional (`T?`, `T!`, `Optional<T>`).
    public var isOptional: Bool

    /// A reference to `name` with the given shape; every flag defaults to `false`.
    public init(name: String?, isFunction: Bool = false, isCollection: Bool = false,
                isEscaping: Bool = false, isOptional: Bool = false) {
        self.name = name
        self.isFunction = isFunction
        self.isCollection = isCollection
        self.isEscaping = isEscaping
        self.isOptional = isOptional
    }
}
