/// `unchecked-sendable`: a class marked `@unchecked Sendable` (or a `nonisolated(unsafe)`
/// variable) whose mutable state is read or written without holding a lock.
public struct UncheckedSendableRule: Rule, ClaimFreeRule {
    public init() {}

    public let description = RuleDescription(
        id: "unchecked-sendable",
        name: "Unsynchronised state in an @unchecked Sendable type",
        summary: "A `var` of an `@unchecked Sendable` class (or a `nonisolated(unsafe)` variable) is accessed outside any lock.",
        rationale: "`@unchecked Sendable` and `nonisolated(unsafe)` tell the compiler that you synchronise the state yourself. "
            + "An access outside the lock is a data race: undefined behaviour that corrupts memory and crashes far from the "
            + "bug, like a non-thread-safe socket shared between threads. A race takes two accesses on different paths "
            + "(another method or accessor, or across an escaping closure), one of them a write; each finding names both. "
            + "Not reported: state touched in one method only; instances made per call and used on that one path "
            + "(only their methods called, or handed to a serial consumer such as `compactMap` or `AsyncStream(unfolding:)`; "
            + "never passed, stored, returned or captured by a task), whose methods run one after another; "
            + "accesses in methods that only the actor holding the instance (made for its initialiser, kept in its `var`) "
            + "calls from its isolated code; accesses in an iterator's `makeAsyncIterator()` and `next()`, which its one consumer calls in turn; statics "
            + "touched only on the XCTest runner's thread (by test cases' methods, and by members of a non-Sendable "
            + "helper that only those methods make, without tasks or awaits); and types whose comment (above the declaration, or the "
            + "plain comment opening its body) says they are confined, not really Sendable, or set up once before use, "
            + "and state reached only through the accessors of a property so documented.",
        fix: "Guard every access after initialisation with the same lock (`NSLock` `lock()`/`unlock()` or `withLock`, "
            + "`Mutex`, `OSAllocatedUnfairLock`, `NIOLockedValueBox`, a serial `DispatchQueue.sync`), use atomics, or turn "
            + "the type into an actor.",
        triggeringExamples: UncheckedSendableExamples.triggering,
        nonTriggeringExamples: UncheckedSendableExamples.nonTriggering
    )

    /// Types whose value is itself the synchronisation (a `var` of these is not the shared state).
    static let synchronizedTypes: Set<String> = [
        "NIOLockedValueBox", "Mutex", "ManagedAtomic", "UnsafeAtomic", "Atomic", "NIOAtomic", "AtomicBox",
        "OSAllocatedUnfairLock", "NSLock", "NSRecursiveLock", "NSCondition", "NIOLock", "Lock", "ConditionLock",
        "NIOLoopBound", "NIOLoopBoundBox", "DispatchQueue", "DispatchSemaphore", "LockIsolated", "Locked",
        "pthread_mutex_t", "pthread_rwlock_t", "pthread_cond_t", "os_unfair_lock", "os_unfair_lock_s", "CRITICAL_SECTION",
        "SRWLOCK", "CONDITION_VARIABLE",
    ]

    public func check(_ context: RuleContext) -> [Finding] {
        let view = context.concurrencyView
        // Isolated to a global actor (`@MainActor final class …`): every access is serialised.
        var isolated: Set<String> = []
        // `@propertyWrapper` classes, and types whose comment states their confinement.
        var propertyWrappers: Set<String> = []
        var documentedConfined: Set<String> = []
        for (fileIndex, file) in context.index.files.enumerated() {
            let module = context.index.module(ofFile: fileIndex)
            for name in file.concurrency.globalActorTypes {
                if let key = context.index.resolveTypeName(name, module: module) { isolated.insert(key) }
            }
            for name in file.concurrency.propertyWrapperTypes {
                if let key = context.index.resolveTypeName(name, module: module) { propertyWrappers.insert(key) }
            }
            for name in file.concurrency.confinementDocumentedTypes {
                if let key = context.index.resolveTypeName(name, module: module) { documentedConfined.insert(key) }
            }
        }
        // Instances made per call and used on one path: their methods run one after another. Types
        // with `nonisolated(unsafe)` statics: where their instances are made.
        let candidateNames = Set(context.index.types.compactMap { key, info -> String? in
            let hasUnsafeStatic = (view.propertiesByType[key] ?? [:]).values.contains { $0.facts.isStatic && $0.facts.isNonisolatedUnsafe }
            return (info.kind == .class && Self.isUnchecked(key, view: view)) || hasUnsafeStatic ? info.name : nil
        })
        let perCall = PerCallObjects(index: context.index, typeNames: candidateNames)
        let testRunner = TestRunnerConfinement(view: view, perCall: perCall)
        let actorHeld = ActorHeldInstances(index: context.index, perCall: perCall)
        var findings: [Finding] = []
        for key in context.index.types.keys.sorted() where !isolated.contains(key) {
            guard let info = context.index.types[key], info.kind == .class || info.kind == .actor else { continue }
            let lineage = view.lineage(of: key)
            let isUnchecked = info.kind == .class && Self.isUnchecked(key, view: view)
            // XCTest runs setUp, the test and tearDown one after another on one thread; channel
            // handlers, channels and event loops are confined to their event loop by contract.
            if lineage.contains(where: { type in
                (context.index.types[type]?.inherited ?? []).contains(where: Self.isConfinedByContract)
            }) { continue }
            // Confined to an executor by design (event loop, queue or actor assertions): not lock-based.
            if lineage.contains(where: { view.functions(of: $0).contains { $0.facts.assertsConfinement } }) { continue }
            // Confinement only documented (`/// Not thread-safe`, `/// accessed exclusively through
            // the transport actor`): the author's contract for its instances, which the code cannot
            // show. Statics are shared by every instance and stay checked.
            let instancesConfined = lineage.contains(where: documentedConfined.contains)
            let properties = (view.propertiesByType[key] ?? [:]).values.filter { property in
                let facts = property.facts
                guard facts.isVar, !facts.isStatic, facts.isStored, !facts.isLazy, !facts.hasAttributes,
                      !facts.isConfinementDocumented else { return false }
                guard !instancesConfined, isUnchecked || (facts.isNonisolatedUnsafe && info.kind == .class) else { return false }
                // Reached only through the accessors of a property whose comment states the
                // contract (`var fields` "may be mutated during setup" over `private var fieldFunc`).
                if Self.isBehindDocumentedAccessors(facts.name, in: key, view: view) { return false }
                let head = facts.typeText.map { String($0.prefix { $0 != "<" && $0 != "?" }) } ?? ""
                return !Self.synchronizedTypes.contains(head)
            }
            let functions = view.functions(of: key)
            let protectedFunctions = Self.functionsCalledUnderLock(functions, view: view)
            // A property wrapper's state is one wrapped property's: it is shared only as the
            // instance that holds it is, and that type's accesses (and locks) decide whether it
            // races. Unless the wrapper takes a lock of its own, there is nothing to check here.
            let reliesOnItsHolder = propertyWrappers.contains(key) && !properties.contains { property in
                view.ownAccesses(of: property.facts.name, in: key).contains { view.isProtected($0.facts) }
            }
            // Its own iterator: the one consumer calls `makeAsyncIterator()`, then `next()` one call at a time.
            let isIterator = lineage.contains { type in
                (context.index.types[type]?.inherited ?? []).contains { $0 == "AsyncIteratorProtocol" || $0 == "IteratorProtocol" }
            }
            let staysOnOnePath = !properties.isEmpty && !reliesOnItsHolder && perCall.staysOnOnePath(key, info: info)
            // Methods that only the actor holding the instance calls, from its isolated code.
            let onHoldersExecutor = properties.isEmpty || reliesOnItsHolder || staysOnOnePath ? []
                : actorHeld.serialisedMethods(of: key, info: info)
            for property in properties.sorted(by: { $0.facts.name < $1.facts.name }) where !reliesOnItsHolder {
                findings += unprotectedAccesses(to: property.facts.name, ownerName: info.name, isStatic: false,
                                                accesses: view.ownAccesses(of: property.facts.name, in: key),
                                                holdsReference: holdsReference(property.facts, in: key, index: context.index),
                                                protectedFunctions: protectedFunctions, context: context,
                                                callers: functions, staysOnOnePath: staysOnOnePath,
                                                iteratesSerially: isIterator, onHoldersExecutor: onHoldersExecutor)
            }
            // `nonisolated(unsafe) static var`: shared by every thread.
            let statics = (view.propertiesByType[key] ?? [:]).values.filter {
                $0.facts.isVar && $0.facts.isStatic && $0.facts.isStored && $0.facts.isNonisolatedUnsafe
                    && !$0.facts.isConfinementDocumented
            }
            for property in statics.sorted(by: { $0.facts.name < $1.facts.name }) {
                // `Registry.names` names this type only where `Registry` resolves to it.
                let accesses = (view.accessesByName[property.facts.name] ?? []).filter { access in
                    switch access.facts.receiver {
                    case .type:
                        guard let named = access.facts.receiverType else { return access.function.type == key }
                        return context.index.resolveTypeName(named, from: access.function.type,
                                                             module: context.index.module(ofFile: access.file)) == key
                    case .implicit: return access.function.type == key && access.function.facts.isStatic
                    default: return false
                    }
                }
                // Touched only on the XCTest runner's thread (a test's counters).
                if testRunner.confinesAll(accesses.filter { $0.function.facts.kind != .propertyInitializer }, of: key) { continue }
                findings += unprotectedAccesses(to: property.facts.name, ownerName: info.name, isStatic: true, accesses: accesses,
                                                holdsReference: holdsReference(property.facts, in: key, index: context.index),
                                                protectedFunctions: protectedFunctions, context: context)
            }
        }
        // `nonisolated(unsafe) var` globals, accessed from the same file.
        for global in view.globals where global.facts.isVar && global.facts.isNonisolatedUnsafe
            && !global.facts.isConfinementDocumented {
            let accesses = (view.accessesByName[global.facts.name] ?? []).filter {
                $0.file == global.file && $0.facts.receiver == .implicit
            }
            findings += unprotectedAccesses(to: global.facts.name, ownerName: nil, isStatic: true, accesses: accesses,
                                            holdsReference: holdsReference(global.facts, in: nil, index: context.index),
                                            protectedFunctions: [], context: context)
        }
        return findings
    }

    /// Declared `@unchecked Sendable` on the class, an extension or a superclass (subclasses
    /// inherit the claim).
    static func isUnchecked(_ key: String, view: ConcurrencyView) -> Bool {
        view.lineage(of: key).contains { type in
            (view.index.types[type]?.inherited ?? []).contains { $0.contains("@unchecked") && $0.hasSuffix("Sendable") }
        }
    }

    /// Whether every access to `name` outside initialisation is in the accessors of properties
    /// of the type whose comment states a confinement or a setup-time contract.
    static func isBehindDocumentedAccessors(_ name: String, in type: String, view: ConcurrencyView) -> Bool {
        let accesses = view.ownAccesses(of: name, in: type).filter {
            $0.function.facts.kind != .initializer && $0.function.facts.kind != .propertyInitializer
                && $0.function.facts.kind != .deinitializer
        }
        return !accesses.isEmpty && accesses.allSatisfy { access in
            access.function.facts.kind == .accessor && access.function.facts.name != name
                && view.property(access.function.facts.name, of: type)?.facts.isConfinementDocumented == true
        }
    }

    /// The property holds a class instance (`var pool: ConnectionPool?` where `ConnectionPool`
    /// is a project class): calling a method through it reads the property, whatever the method
    /// does to the object.
    private func holdsReference(_ property: ConcurrencyPropertyFacts, in type: String?, index: ProjectIndex) -> Bool {
        guard var text = property.typeText else { return false }
        while text.hasSuffix("?") || text.hasSuffix("!") { text.removeLast() }
        if text.hasPrefix("any ") { text.removeFirst(4) }
        let head = String(text.prefix { $0 != "<" })
        if Self.foundationReferenceTypes.contains(head) { return true }
        return index.isReferenceType(head, from: type)
    }

    /// Platform classes often held in a `var` and used through their methods.
    static let foundationReferenceTypes: Set<String> = [
        "NSMutableArray", "NSMutableDictionary", "NSMutableSet", "NSMutableData", "NSMutableString", "NSCache",
        "NSHashTable", "NSMapTable", "NSPointerArray", "FileHandle", "Thread", "OperationQueue", "URLSession",
        "URLSessionTask", "URLSessionDataTask", "JSONEncoder", "JSONDecoder", "PropertyListEncoder", "PropertyListDecoder",
        "DateFormatter", "NumberFormatter", "ISO8601DateFormatter", "Process", "Pipe", "NotificationCenter",
        "UserDefaults", "Bundle", "RunLoop", "Timer", "NSObject",
    ]

    /// One finding per access outside a lock that races with another access: a write and a
    /// read or write on another path (another method, or across an escaping closure), at least one
    /// of them unprotected. State written only while initialising is immutable afterwards; state
    /// touched in one method only races with nothing that the code shows.
    private func unprotectedAccesses(to name: String, ownerName: String?, isStatic: Bool, accesses: [ConcurrencyView.Access],
                                     holdsReference: Bool, protectedFunctions: Set<String>, context: RuleContext,
                                     callers: [ConcurrencyView.Function] = [], staysOnOnePath: Bool = false,
                                     iteratesSerially: Bool = false, onHoldersExecutor: Set<String> = []) -> [Finding] {
        let view = context.concurrencyView
        let relevant = accesses.filter { access in
            let kind = access.function.facts.kind
            if kind == .propertyInitializer { return false }
            // An instance is not shared yet in `init`, and no longer in `deinit`.
            return isStatic || (kind != .initializer && kind != .deinitializer
                && !(kind == .function && Self.lifecycleMethods.contains(access.function.facts.name)))
        }
        // A method called through a class reference reads the property that holds it.
        func isWrite(_ access: ConcurrencyView.Access) -> Bool {
            view.isWrite(access.facts) && !(holdsReference && access.facts.kind == .call)
        }
        func isProtected(_ access: ConcurrencyView.Access) -> Bool {
            view.isProtected(access.facts) || protectedFunctions.contains(access.function.facts.name)
                || Self.isLockedByConvention(access.function.facts.name)
        }
        guard relevant.contains(where: isWrite) else { return [] }
        let displayName = ownerName.map { "\($0).\(name)" } ?? name
        let marking = isStatic ? "`nonisolated(unsafe)`" : "`@unchecked Sendable`"
        // One finding per method and kind of access: the first read or write of the property there.
        var seen: Set<String> = []
        let unprotected = relevant.filter { access in
            !isProtected(access) && seen.insert("\(access.function.file)#\(access.function.facts.id)#\(isWrite(access))").inserted
        }
        return unprotected.compactMap { access -> Finding? in
            // The second access is on another path: in another function, in a property's accessors
            // (its getter and its setter), or in the same method but on the other side of an
            // escaping closure, which runs at another time. Two accesses in one method race only if
            // that method runs twice at once, which nothing shows. The methods of an instance that
            // stays on the path that made it run one after another: only an escaping closure runs
            // beside them.
            let others = relevant.filter { other in
                let elsewhere = other.function.file != access.function.file || other.function.facts.id != access.function.facts.id
                    || access.function.facts.kind == .accessor
                if staysOnOnePath && !access.facts.inCallback && !other.facts.inCallback { return false }
                if iteratesSerially && Self.iterationMethods.contains(access.function.facts.name)
                    && Self.iterationMethods.contains(other.function.facts.name) { return false }
                if !access.facts.inCallback && !other.facts.inCallback
                    && [access, other].allSatisfy({ $0.function.facts.kind == .function && onHoldersExecutor.contains($0.function.facts.name) }) {
                    return false
                }
                return (isWrite(access) || isWrite(other)) && (elsewhere || other.facts.inCallback != access.facts.inCallback)
            }
            guard let partner = others.first(where: isWrite) ?? others.first else { return nil }
            let verb = isWrite(access) ? "written" : "read"
            let method = ConcurrencyView.displayName(access.function.facts)
            let partnerMethod = ConcurrencyView.displayName(partner.function.facts)
            let partnerVerb = isWrite(partner) ? "written" : "read"
            let partnerLock = isProtected(partner) ? "holding a lock" : "without a lock"
            // Where the method is called without the lock (when others call it with the lock held).
            let unlockedCalls = callers.filter { caller in
                caller.facts.kind != .initializer && caller.facts.kind != .deinitializer
                    && !protectedFunctions.contains(caller.facts.name) && !Self.isLockedByConvention(caller.facts.name)
            }.flatMap { caller in
                caller.facts.ownCalls.filter { $0.name == access.function.facts.name && !view.isProtected($0) }
                    .map { (call: $0, caller: caller.facts) }
            }.prefix(2)
            return context.finding(
                description, at: access.facts.location,
                message: "`\(displayName)` is \(verb) in \(method) without holding a lock, racing with the access where it is "
                    + "\(partnerVerb) in \(partnerMethod) (\(partner.facts.location.shortDescription)); it is \(marking), so "
                    + "another thread may run both at once: guard every access with the same lock, a Mutex or atomics",
                path: [PathStep(location: partner.facts.location,
                                description: "`\(displayName)` \(partnerVerb) in \(partnerMethod) \(partnerLock)")]
                    + unlockedCalls.map { PathStep(location: $0.call.location,
                                                   description: "\(method) called without the lock from \(ConcurrencyView.displayName($0.caller))") },
                components: [displayName, method, verb])
        }
    }

    /// Conformances whose contract confines an instance to one thread or event loop. XCTest drives
    /// a test case's methods, and a measured metric's `willBeginMeasuring`, `didStopMeasuring` and
    /// `reportMeasurements`, one after another.
    static func isConfinedByContract(_ inherited: String) -> Bool {
        inherited.hasSuffix("XCTestCase") || inherited == "XCTMetric" || inherited.hasSuffix("ChannelHandler")
            || inherited.hasSuffix("InboundHandler")
            || inherited.hasSuffix("OutboundHandler") || inherited.hasSuffix("DuplexHandler")
            || ["EventLoop", "Channel", "ChannelCore", "SerialExecutor", "TaskExecutor", "Executor"].contains(inherited)
    }

    /// The methods a sequence's consumer calls, one after another, on an iterator.
    static let iterationMethods: Set<String> = ["makeAsyncIterator", "makeIterator", "next"]

    /// Lifecycle methods that run before or after the instance is shared (`setUp`/`tearDown`
    /// of tests and benchmarks), like `init` and `deinit`.
    static let lifecycleMethods: Set<String> = ["setUp", "setUpWithError", "tearDown", "tearDownWithError"]

    /// `fooLocked()`, `_locked`, `lockedFoo()`: by convention called with the lock held; `unlock…`
    /// runs holding the lock it releases.
    static func isLockedByConvention(_ name: String) -> Bool {
        name.hasSuffix("Locked") || name.hasSuffix("_locked") || name.hasPrefix("locked") || name.hasPrefix("_locked")
            || name.contains("WhileLocked") || name.contains("UnderLock") || name.hasPrefix("unlock")
    }

    /// Methods that are only ever called from a locked region (or from initialisers, or from
    /// other such methods): their bodies run under the caller's lock.
    static func functionsCalledUnderLock(_ functions: [ConcurrencyView.Function], view: ConcurrencyView) -> Set<String> {
        var callers: [String: [(caller: ConcurrencyFunctionFacts, protected: Bool)]] = [:]
        for function in functions {
            for call in function.facts.ownCalls { callers[call.name, default: []].append((function.facts, view.isProtected(call))) }
        }
        let defined = Set(functions.filter { $0.facts.kind == .function }.map(\.facts.name))
        var result: Set<String> = []
        var changed = true
        while changed {
            changed = false
            for name in defined where !result.contains(name) {
                guard let calls = callers[name], !calls.isEmpty else { continue }
                let allLocked = calls.allSatisfy { call in
                    call.protected || call.caller.kind == .initializer || call.caller.kind == .deinitializer
                        || (call.caller.name != name && (result.contains(call.caller.name) || isLockedByConvention(call.caller.name)))
                }
                if allLocked {
                    result.insert(name)
                    changed = true
                }
            }
        }
        return result
    }
}
