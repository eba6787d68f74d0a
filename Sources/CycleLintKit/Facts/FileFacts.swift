/// Everything ownership analysis needs from one Swift file. Pure: the same bytes give the same
/// facts, so they can be computed in parallel and cached; no syntax tree outlives extraction.
public struct FileFacts: Codable, Sendable {
    /// The file's path, as given to the analysis; also the `file` of every location in the facts.
    public var path: String
    /// Type declarations and extensions in source order, nested types included (`Outer.Inner`).
    public var types: [TypeFacts]
    /// Executable bodies: methods, initializers, deinitializers, property initializers, global
    /// functions and top-level code. `BodyFacts.id` is its index here.
    public var bodies: [BodyFacts]
    /// Syntax errors the parser recovered from (the rest of the file is still analysed).
    public var syntaxErrorCount: Int
    /// Properties, accesses, streams and continuations for the concurrency rules.
    public var concurrency: ConcurrencyFacts = ConcurrencyFacts()
    /// Global functions (and functions declared inside bodies), with their parameters' types.
    public var functions: [MethodFacts] = []
    /// C functions that register callbacks (C and Objective-C files only; nil for Swift).
    public var cFunctions: [CFunctionFacts]? = nil
    /// The file's `// cyclelint:` suppression comments, in source order.
    public var suppressions: [SuppressionDirective] = []
    /// `typealias` declarations whose target is a nominal type, nested ones included.
    public var typeAliases: [TypeAliasFacts] = []
}

/// `typealias Name = Target<Args>`: the alias (qualified like a nested type) and the nominal
/// type it names, without generic arguments.
public struct TypeAliasFacts: Codable, Sendable {
    /// Qualified name (`Outer.Alias`).
    public var name: String
    /// The aliased type (`Outer<T>.Inner<U>` → `Outer.Inner`).
    public var target: String
}

/// The kind of a type declaration.
public enum TypeKind: String, Codable, Sendable {
    /// The declaration keyword; `extension` is an extension of a type declared anywhere.
    case `class`, actor, `struct`, `enum`, `protocol`, `extension`

    /// Instances are shared references (their `self` can be part of a cycle).
    public var isReference: Bool { self == .class || self == .actor }
}

/// A type declaration or extension and its members.
public struct TypeFacts: Codable, Sendable {
    /// Qualified name (`Outer.Inner`); for an extension, the extended type as written.
    public var name: String
    /// The declaration keyword.
    public var kind: TypeKind
    /// Inherited types and protocols as written (`AnyObject` makes a protocol class-bound).
    public var inherited: [String]
    /// Start of the declaration, attributes and modifiers included.
    public var location: SourceLocation
    /// Properties declared directly in this body (not in nested types), in source order.
    public var properties: [PropertyFacts]
    /// Methods, initializers and deinitializers declared directly in this body, in source order.
    public var methods: [MethodFacts]
    /// Enum case names (their payloads are held strongly by the enum value).
    public var enumCases: [String]
    /// `static let shared = Self()`-style instance of its own type: a singleton by design.
    public var isSingleton: Bool
}

/// How a stored property or capture holds its value.
public enum ReferenceStrength: String, Codable, Sendable {
    /// `strong` (no modifier) keeps the object alive; `weak` and `unowned` do not.
    case strong, weak, unowned
}

/// A property of a type (stored, lazy or computed).
public struct PropertyFacts: Codable, Sendable {
    /// The property name (one per binding: `var a, b` gives two).
    public var name: String
    /// From the `weak` or `unowned` modifier; `strong` otherwise.
    public var strength: ReferenceStrength
    /// Declared with `let` rather than `var`.
    public var isLet: Bool
    /// Declared `lazy`.
    public var isLazy: Bool
    /// Declared `static` or `class`.
    public var isStatic: Bool
    /// Computed properties hold nothing.
    public var isStored: Bool
    /// Declared type, or the type inferred from an initializer like `= Foo()`.
    public var type: TypeRef?
    /// The property's binding (its name), not the `var`/`let` keyword.
    public var location: SourceLocation
    /// The body (in `FileFacts.bodies`) of the initializer expression, if any.
    public var initializerBody: Int?
    /// A protocol requirement (`var delegate: AnyObject? { get set }`): conformers decide
    /// whether it is stored, and how strongly.
    public var isRequirement: Bool = false
    /// The property can be assigned (a `var` without a get-only accessor block).
    public var isSettable: Bool = true
}

/// What kind of callable a method is.
public enum MethodKind: String, Codable, Sendable {
    /// A `func`, an `init`, or the `deinit`.
    case function, initializer, deinitializer
}

/// A method, initializer or deinitializer signature.
public struct MethodFacts: Codable, Sendable {
    /// Base name (`init` for initializers, `deinit`).
    public var name: String
    /// Function, initializer or deinitializer.
    public var kind: MethodKind
    /// The parameters in declaration order.
    public var parameters: [ParameterFacts]
    /// Declared `static` or `class`.
    public var isStatic: Bool
    /// The type after `->`; nil when there is no return clause.
    public var returnType: TypeRef?
    /// The body in `FileFacts.bodies`; nil for protocol requirements.
    public var body: Int?
    /// Start of the declaration, attributes and modifiers included.
    public var location: SourceLocation
    /// Declared `mutating` (a value type's method).
    public var isMutating: Bool = false
    /// Declared `private` or `fileprivate`: only its own file can call it.
    public var isFilePrivate: Bool = false

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
    /// The declared type.
    public var type: TypeRef?
    /// The parameter has a default value (`= …`).
    public var hasDefault: Bool
}
