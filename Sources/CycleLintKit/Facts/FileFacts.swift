/// Everything ownership analysis needs from one Swift file. Pure: the same bytes give the same
/// facts, so they can be computed in parallel and cached; no syntax tree outlives extraction.
public struct FileFacts: Codable, Sendable {
    public var path: String
    public var types: [TypeFacts]
    /// Executable bodies: methods, initializers, deinitializers, property initializers, global
    /// functions and top-level code. `BodyFacts.id` is its index here.
    public var bodies: [BodyFacts]
    /// Syntax errors the parser recovered from (the rest of the file is still analysed).
    public var syntaxErrorCount: Int
    /// Properties, accesses, streams and continuations for the concurrency rules.
    public var concurrency: ConcurrencyFacts = ConcurrencyFacts()
}

/// The kind of a type declaration.
public enum TypeKind: String, Codable, Sendable {
    case `class`, actor, `struct`, `enum`, `protocol`, `extension`

    /// Instances are shared references (their `self` can be part of a cycle).
    public var isReference: Bool { self == .class || self == .actor }
}

/// A type declaration or extension and its members.
public struct TypeFacts: Codable, Sendable {
    /// Qualified name (`Outer.Inner`); for an extension, the extended type as written.
    public var name: String
    public var kind: TypeKind
    /// Inherited types and protocols as written (`AnyObject` makes a protocol class-bound).
    public var inherited: [String]
    public var location: SourceLocation
    public var properties: [PropertyFacts]
    public var methods: [MethodFacts]
    /// Enum case names (their payloads are held strongly by the enum value).
    public var enumCases: [String]
    /// `static let shared = Self()`-style instance of its own type: a singleton by design.
    public var isSingleton: Bool
}

/// How a stored property or capture holds its value.
public enum ReferenceStrength: String, Codable, Sendable {
    case strong, weak, unowned
}

/// A property of a type (stored, lazy or computed).
public struct PropertyFacts: Codable, Sendable {
    public var name: String
    public var strength: ReferenceStrength
    public var isLet: Bool
    public var isLazy: Bool
    public var isStatic: Bool
    /// Computed properties hold nothing.
    public var isStored: Bool
    /// Declared type, or the type inferred from an initializer like `= Foo()`.
    public var type: TypeRef?
    public var location: SourceLocation
    /// The body (in `FileFacts.bodies`) of the initializer expression, if any.
    public var initializerBody: Int?
}

/// What kind of callable a method is.
public enum MethodKind: String, Codable, Sendable {
    case function, initializer, deinitializer
}

/// A method, initializer or deinitializer signature.
public struct MethodFacts: Codable, Sendable {
    /// Base name (`init` for initializers, `deinit`).
    public var name: String
    public var kind: MethodKind
    public var parameters: [ParameterFacts]
    public var isStatic: Bool
    public var returnType: TypeRef?
    /// The body in `FileFacts.bodies`; nil for protocol requirements.
    public var body: Int?
    public var location: SourceLocation

    /// `name(label:label:)`, with `_` for unlabelled parameters.
    public var signature: String {
        "\(name)(\(parameters.map { ($0.label ?? "_") + ":" }.joined()))"
    }
}

/// One parameter of a method or function.
public struct ParameterFacts: Codable, Sendable {
    /// Argument label; nil for `_`.
    public var label: String?
    /// Name used inside the body.
    public var name: String
    public var type: TypeRef?
    public var hasDefault: Bool
}
