/// A property declared in a type (or a global variable, with `ownerType` nil).
public struct ConcurrencyPropertyFacts: Codable, Sendable {
    /// The declaring type as `TypeFacts.name` spells it; nil for globals.
    public var ownerType: String?
    /// The property name.
    public var name: String
    /// The declared type as written, or the type an initializer call makes (`[Job]()`).
    public var typeText: String?
    /// Declared with `var` (mutable).
    public var isVar: Bool
    /// `static` or `class`.
    public var isStatic: Bool
    /// `lazy`.
    public var isLazy: Bool
    /// Has stored storage (no `get`/`set` accessors).
    public var isStored: Bool
    /// Carries an attribute such as a property wrapper (`@Atomic var x`): its storage is not
    /// what the declaration shows.
    public var hasAttributes: Bool
    /// Declared `nonisolated(unsafe)`.
    public var isNonisolatedUnsafe: Bool
    /// Its comment states that it is confined to an executor or not thread-safe (`ConfinementComment`).
    public var isConfinementDocumented: Bool = false
    /// Where the binding is declared.
    public var location: SourceLocation
}

/// The kind of code a function entry stands for.
public enum ConcurrencyFunctionKind: String, Codable, Sendable {
    case function, initializer, deinitializer, accessor, propertyInitializer, topLevel
}

/// A method, initializer, deinitializer, accessor or property initializer.
public struct ConcurrencyFunctionFacts: Codable, Sendable {
    /// Index in `ConcurrencyFacts.functions`.
    public var id: Int
    /// The type as `TypeFacts.name` spells it; nil for globals and top-level code.
    public var ownerType: String?
    /// Base name (`init`, `deinit`, the property name for accessors and initializers).
    public var name: String
    /// What kind of code this is.
    public var kind: ConcurrencyFunctionKind
    /// A `static`/`class` member.
    public var isStatic: Bool
    /// Number of declared parameters.
    public var parameterCount: Int
    /// Where the declaration starts.
    public var location: SourceLocation
    /// Asserts it runs on its executor (`assertInEventLoop`, `dispatchPrecondition`,
    /// `assertIsolated`, an `inEventLoop` test): its state is confined, not shared.
    public var assertsConfinement: Bool
    /// Calls `resume` on something anywhere in its body.
    public var resumesSomething: Bool
    /// Properties whose continuation it finishes (`continuation.finish()`) in its own body.
    public var finishedProperties: [String]
    /// Calls of methods on `self` (explicit or implicit).
    public var ownCalls: [OwnMethodCall]
    /// Runs one of its closure parameters while holding a lock (`lock(); defer { unlock() };
    /// return try body()`, `lock.withLock(body)`): a lock helper.
    public var runsClosureUnderLock = false
    /// Calls that it hands a closure parameter to, or runs one inside the closure of: it is a lock
    /// helper when one of them is.
    public var forwardsClosureTo: [String] = []
}

/// A call `self.name(…)` or `name(…)` inside a method.
public struct OwnMethodCall: Codable, Sendable {
    /// Base name of the called method.
    public var name: String
    /// Made while holding a lock (or inside a lock's closure).
    public var isProtected: Bool
    /// Made inside closures handed to these calls, innermost first: protected when one is a
    /// lock helper.
    public var lockHelperCallees: [String] = []
    /// Made inside the `onCancel` closure of this cancellation handler.
    public var onCancelOf: Int?
    /// Where the call is.
    public var location: SourceLocation
}
