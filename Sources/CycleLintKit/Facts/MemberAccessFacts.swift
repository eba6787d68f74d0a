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
    /// For `.type` receivers: the type named (`Registry` in `Registry.names`); nil for `Self`.
    public var receiverType: String?
    /// Read, write, call or clear.
    public var kind: MemberAccessKind
    /// For `.call`: the method called on the property; for `.inout`: the function `&x` is passed to.
    public var calledMethod: String?
    /// For `.inout`: the position of `&x` among the call's arguments.
    public var argumentPosition: Int?
    /// Under a lock: between `lock()` and `unlock()`, in a `withLock`-style closure, a serial
    /// queue's `sync`/`async` or an event loop's `execute`/`submit` closure.
    public var isProtected: Bool
    /// Inside closures handed to these calls (`lock.synchronized { … }`), innermost first:
    /// protected when one is a project lock helper (see `ConcurrencyView.lockHelpers`).
    public var lockHelperCallees: [String] = []
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
        case .inout: return !(calledMethod.map(MemberAccessFacts.pointerReadingFunctions.contains) ?? false)
        default: return true
        }
    }

    /// Functions whose pointer parameters are read, not written (`const T *`, `UnsafePointer`),
    /// and lock functions, whose argument is the lock itself rather than the guarded state.
    static let pointerReadingFunctions: Set<String> = LockSyntax.acquiringCallees.union(LockSyntax.releasingCallees).union([
        "withUnsafePointer", "withUnsafeBytes", "memcmp", "memcpy", "strlen", "strcmp", "strncmp", "write", "send", "sendto",
        "fwrite", "pwrite", "writev", "CC_SHA1", "CC_SHA256", "CC_MD5", "inet_ntop", "bind", "connect",
        "pthread_mutex_trylock", "pthread_rwlock_tryrdlock", "pthread_rwlock_trywrlock", "os_unfair_lock_trylock",
        "pthread_cond_wait", "pthread_cond_signal", "pthread_cond_broadcast", "pthread_cond_timedwait",
        "TryEnterCriticalSection", "SleepConditionVariableSRW", "WakeConditionVariable", "WakeAllConditionVariable",
    ])

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
