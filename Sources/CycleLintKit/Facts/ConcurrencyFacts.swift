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
    /// Indexed by `CancellationHandlerFacts.id`.
    public var cancellationHandlers: [CancellationHandlerFacts] = []
    /// Combine `buffer(size: Int.max, …)` calls.
    public var unboundedCombineBuffers: [SourceLocation] = []
    /// `typealias` names whose definition mentions `CheckedContinuation`/`UnsafeContinuation`.
    public var continuationAliases: [String] = []
    /// Types declared with a global actor attribute (`@MainActor class …`), as `TypeFacts.name` spells them.
    public var globalActorTypes: [String] = []

    /// No facts (a file without any of the shapes above).
    public init() {}
}

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
}

/// A call `self.name(…)` or `name(…)` inside a method.
public struct OwnMethodCall: Codable, Sendable {
    /// Base name of the called method.
    public var name: String
    /// Made while holding a lock (or inside a lock's closure).
    public var isProtected: Bool
    /// Made inside the `onCancel` closure of this cancellation handler.
    public var onCancelOf: Int?
    /// Where the call is.
    public var location: SourceLocation
}

/// How a property is touched.
public enum MemberAccessKind: String, Codable, Sendable {
    /// Read (including reads of a member: `x.count`).
    case read
    /// `x = value`, `x.member = value`, an element of a tuple assignment.
    case assign
    /// `x = nil`, `x = []`, `x = [:]`.
    case clear
    /// `x += value` and other compound assignments.
    case compoundAssign
    /// `x.method(…)` (optional chaining included); `calledMethod` names it.
    case call
    /// `x[key] = value`.
    case subscriptSet
    /// `x[key] = nil`.
    case subscriptClear
    /// `&x`.
    case `inout`
}

/// How an access reaches the property.
public enum MemberAccessReceiver: String, Codable, Sendable {
    /// `self.x`.
    case explicitSelf
    /// `x` not declared locally (an implicit-self member or a global).
    case implicit
    /// `Type.x` or `Self.x`.
    case type
    /// `other.x` (recorded only for writes, removals and resumes).
    case other
}

/// One access to a property name.
public struct MemberAccessFacts: Codable, Sendable {
    /// The function (`ConcurrencyFacts.functions`) containing it.
    public var function: Int
    /// The property name.
    public var name: String
    /// How the access reaches the property.
    public var receiver: MemberAccessReceiver
    /// Read, write, call or clear.
    public var kind: MemberAccessKind
    /// For `.call`: the method called on the property.
    public var calledMethod: String?
    /// Under a lock: between `lock()` and `unlock()`, in a `withLock`-style closure, a serial
    /// queue's `sync`/`async` or an event loop's `execute`/`submit` closure.
    public var isProtected: Bool
    /// Inside a `while`/`repeat` loop or a `for await` loop.
    public var inLoop: Bool
    /// Inside a loop that ends only on cancellation or when its stream ends (`while true`,
    /// `while !Task.isCancelled`, `for await`).
    public var inUnboundedLoop: Bool
    /// Inside an escaping closure handed to a call (a registered callback, a timer, a task).
    public var inCallback: Bool
    /// Inside a closure handed to an API that calls it repeatedly (a repeating timer, an
    /// observer, a subscription).
    public var inRepeatingCallback: Bool
    /// Inside the `onCancel` closure of this cancellation handler.
    public var onCancelOf: Int?
    /// Inside the operation closure of this cancellation handler.
    public var operationOf: Int?
    /// Where the access starts (`self` or the name).
    public var location: SourceLocation

    /// Writes the property (or its value, for value types).
    public var isWrite: Bool {
        switch kind {
        case .read: return false
        case .call: return calledMethod.map(MemberAccessFacts.mutatingMethods.contains) ?? false
        default: return true
        }
    }

    /// Takes elements out or empties the property.
    public var isRemoval: Bool {
        switch kind {
        case .clear, .subscriptClear, .assign, .inout: return true
        case .call: return calledMethod.map(MemberAccessFacts.removingMethods.contains) ?? false
        default: return false
        }
    }

    /// Adds elements (`append`, `insert`, `x[k] = v`, `x += …`).
    public var isInsertion: Bool {
        switch kind {
        case .subscriptSet, .compoundAssign: return true
        case .call: return calledMethod.map(MemberAccessFacts.insertingMethods.contains) ?? false
        default: return false
        }
    }

    static let removingMethods: Set<String> = [
        "remove", "removeFirst", "removeLast", "removeAll", "removeValue", "removeSubrange", "removeAll(where:)",
        "popFirst", "popLast", "take", "swapAt", "resume", "reset", "clear", "drain", "removeAndReturn",
    ]
    static let insertingMethods: Set<String> = ["append", "insert", "updateValue", "prepend", "push", "enqueue", "merge"]
    static let mutatingMethods: Set<String> = removingMethods.union(insertingMethods)
        .union(["sort", "reverse", "shuffle", "formUnion", "formIntersection", "subtract", "toggle", "replaceSubrange",
                "reserveCapacity", "modify", "withUnsafeMutableBufferPointer", "mutate"])
}

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
    /// Inside an escaping closure (callback, timer, observer, other task) within its function.
    public var inCallback: Bool
    /// That closure runs once (`Task {}`, `DispatchQueue.async`).
    public var callbackRunsOnce: Bool
    /// That closure is handed to an API that calls it repeatedly (a repeating timer, an observer,
    /// a subscription).
    public var callbackRepeats: Bool
    /// That closure also calls `finish()`: it produces a fixed number of elements.
    public var callbackFinishes: Bool
    /// Where the `yield` call starts.
    public var location: SourceLocation
}

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
