/// Where a body's `self` comes from.
public enum BodyKind: String, Codable, Sendable {
    /// An instance method, initializer, deinitializer or instance property initializer.
    case instance
    /// A static method or static property initializer (no instance `self`).
    case staticMember
    /// A global function or top-level code.
    case global
}

/// The ownership-relevant events of one executable body, in source order, with the closures it
/// creates. Closure bodies are part of their enclosing body (they share its `self`).
public struct BodyFacts: Codable, Sendable {
    /// The body's index in `FileFacts.bodies`.
    public var id: Int
    /// The type whose member this is (extensions name the extended type); nil for globals.
    public var ownerType: String?
    /// `setup()`, `init(parent:)`, `deinit`, `lazy handler`, `top-level code`.
    public var name: String
    /// Where the body's `self` comes from.
    public var kind: BodyKind
    /// The method name when this is a method body (`close`, `deinit`, `init`).
    public var methodName: String?
    /// Start of the declaration (the property binding, or the first top-level statement).
    public var location: SourceLocation
    /// Stores and calls in source order, closure bodies included.
    public var events: [BodyEvent]
    /// Indexed by `ClosureFacts.id`.
    public var closures: [ClosureFacts]
    /// Indexed by `LocalFacts.id`.
    public var locals: [LocalFacts]
    /// Indexed by `CallFacts.id`.
    public var calls: [CallFacts]
    /// The values the body produces: a property initializer's value, what a function returns.
    public var resultValues: [ValueExpr]
    /// The body compares `self` by identity (`===`, `!==`): evidence that `self` is a reference.
    public var comparesSelfIdentity: Bool = false
}

/// What a body does that can create or release a reference.
public enum BodyEvent: Codable, Sendable {
    /// `target.member = value`, `target.member.append(value)`, `target.member[k] = value`, …
    /// (boxed: most events are calls, and an inline store would make every event its size).
    indirect case store(StoreFacts)
    /// A call, by id into `BodyFacts.calls`.
    case call(Int)
}

/// How a value goes into a property.
public enum StoreKind: String, Codable, Sendable {
    /// `x = v`: replaces the old value.
    case assign
    /// `x.append(v)`, `x.insert(v…)`, `x[k] = v`, `x += [v]`: adds to a collection.
    case insert
}

/// A store into a property: `path (kind) values`, e.g. `self.engine.handler = { … }`.
public struct StoreFacts: Codable, Sendable {
    /// The property written (its last member), as an access path.
    public var path: AccessPath
    /// Whether the store replaces the value or adds to a collection.
    public var kind: StoreKind
    /// The possible stored values (`a ?? b` gives two).
    public var values: [ValueExpr]
    /// Start of the assignment or insertion expression.
    public var location: SourceLocation
    /// The closure whose body contains the statement, if any.
    public var inClosure: Int?
}

/// A call expression.
public struct CallFacts: Codable, Sendable {
    /// The call's index in `BodyFacts.calls`.
    public var id: Int
    /// The receiver of a method call (`receiver.name(...)`); nil for a bare `name(...)`.
    public var receiver: ValueExpr?
    /// The objects the receiver may be when it is one of several (`(a ?? b).name(...)`, a local
    /// bound to `a ?? b`); `receiver` is then `.other`, so nothing takes the call as made on
    /// one of them for certain (a release), while the ownership graph applies it to each.
    public var possibleReceivers: [ValueExpr] = []
    /// Base name of the callee (`addObserver`, `init` for `T(...)`, `Task` for `Task {}`).
    public var name: String
    /// For `T(...)`, `T.init(...)` and `T.member(...)` where T looks like a type: T.
    public var typeName: String?
    /// Argument labels in order, nil for unlabelled (trailing closures after the first keep theirs).
    public var labels: [String?]
    /// Argument values, parallel to `labels`. `&x` arguments are paths.
    public var arguments: [[ValueExpr]]
    /// Index in `arguments` where trailing closures start (== count when there are none).
    public var trailingStart: Int
    /// Start of the call expression.
    public var location: SourceLocation
    /// The innermost closure (id into `BodyFacts.closures`) containing the call; nil if none.
    public var inClosure: Int?
    /// `.member(...)`: an implicit member (enum case or static factory) of the contextual type.
    public var isImplicitMember: Bool
    /// `super.name(...)`: the superclass's implementation, on `self`.
    public var isSuperCall: Bool = false
    /// The type written on the binding that receives the result (`let x: T = f()`).
    public var annotatedResultType: TypeRef?
    /// The result is dropped (`f()` as a statement, `_ = f()`): nothing can cancel what it returns.
    public var isResultDiscarded: Bool = false
    /// The call is awaited (`await x.run { … }`): an async operation that uses its closures while
    /// it runs, unlike a registration, which returns at once and calls back later.
    public var isAwaited: Bool = false
    /// Methods named by `#selector(…)` arguments (`fire` for `selector: #selector(fire(_:))`):
    /// the receiver calls them back.
    public var selectors: [String] = []
}

/// An object path: a root followed by member accesses (`self.engine.handler`).
/// `[]` stands for "an element of" a collection.
public struct AccessPath: Codable, Hashable, Sendable, CustomStringConvertible {
    /// What the path starts from.
    public var root: PathRoot
    /// Member names after the root, outermost first; `[]` marks a collection element.
    public var members: [String]

    /// The path `root.members…`.
    public init(_ root: PathRoot, _ members: [String] = []) {
        self.root = root
        self.members = members
    }

    /// This path followed by one more member access.
    public func appending(_ member: String) -> AccessPath { AccessPath(root, members + [member]) }

    /// The path without its last member (nil for a bare root).
    public var parent: AccessPath? { members.isEmpty ? nil : AccessPath(root, Array(members.dropLast())) }

    public var description: String {
        ([root.description] + members).joined(separator: ".")
    }
}

/// What an access path starts from.
public enum PathRoot: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The instance of the body's owner type.
    case selfObject
    /// A local variable or closure parameter without a known alias (id into `BodyFacts.locals`).
    case local(Int)
    /// A parameter of the body's method.
    case parameter(String)
    /// An unqualified name not declared locally: an implicit-self member, a type or a global;
    /// resolved against the project index.
    case name(String)
    /// The result of a call (id into `BodyFacts.calls`).
    case callResult(Int)
    /// A global or static root after resolution (`NotificationCenter`, `Registry.shared`).
    case global(String)

    public var description: String {
        switch self {
        case .selfObject: return "self"
        case .local(let id): return "local#\(id)"
        case .parameter(let name): return name
        case .name(let name): return name
        case .callResult(let id): return "call#\(id)"
        case .global(let name): return name
        }
    }
}

/// A value that may be stored or passed.
public enum ValueExpr: Codable, Hashable, Sendable {
    /// An object (or a method reference, when the last member names a method).
    case path(AccessPath)
    /// A closure literal (id into `BodyFacts.closures`).
    case closure(Int)
    /// `nil`.
    case nilLiteral
    /// `[]` or `[:]`.
    case emptyCollection
    /// An array literal holding these values.
    case array([ValueExpr])
    /// A boolean or number literal, as written (`false`, `0`).
    case literal(String)
    /// Anything else (strings, arithmetic, unknown expressions).
    case other
}

/// A local variable, closure parameter or pattern binding without a known alias.
public struct LocalFacts: Codable, Sendable {
    /// The local's index in `BodyFacts.locals`.
    public var id: Int
    /// The name as declared (`$0` for anonymous closure parameters).
    public var name: String
    /// The written type annotation; nil when there is none.
    public var type: TypeRef?
    /// The closure whose parameter this is.
    public var parameterOfClosure: Int?
}

/// A closure literal and what it captures.
public struct ClosureFacts: Codable, Sendable {
    /// The closure's index in `BodyFacts.closures`.
    public var id: Int
    /// Start of the closure literal (or of the local function, which counts as a closure).
    public var location: SourceLocation
    /// The enclosing closure, if nested.
    public var parent: Int?
    /// How `self` is listed in the capture list; nil when not listed.
    public var listedSelf: ReferenceStrength?
    /// Where the closure first captures `self` strongly (explicit use, `[self]`, a method
    /// reference, an inner closure that needs it); nil when it does not.
    public var strongSelfCapture: SourceLocation?
    /// Other objects captured strongly: aliases of owned objects, locals, parameters.
    public var capturedPaths: [CapturedPath]
    /// An unbounded loop in the closure's own body (`while true`, `for await`, …).
    public var unboundedLoop: SourceLocation?
    /// The loop stops when the task is cancelled (`for await`, `while !Task.isCancelled`, …).
    public var loopStopsOnCancellation: Bool
    /// A weakly captured `self` made strong (`guard let self`) before that loop, so the loop
    /// holds `self` for as long as it runs.
    public var selfHeldAcrossLoop: SourceLocation?
    /// `{ … }()`: runs at once, is never stored.
    public var isImmediatelyCalled: Bool
}

/// A strongly captured object other than `self`.
public struct CapturedPath: Codable, Hashable, Sendable {
    /// The captured object; each path appears at most once per closure.
    public var path: AccessPath
    /// The first capture: the capture-list item, or the first use inside the closure.
    public var location: SourceLocation
    /// The name used in the closure (for messages).
    public var name: String
}
