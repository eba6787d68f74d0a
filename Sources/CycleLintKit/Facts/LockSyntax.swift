import SwiftSyntax

/// How code takes and releases locks, read from syntax: the statements that acquire or release
/// a lock (`lock()`, `pthread_mutex_lock`, `EnterCriticalSection`, a semaphore used as a mutex),
/// the bodies that run holding one (`if lock.tryLock() { … }`) and the closures an API runs
/// under a lock or on a serial executor (`withLock`, a serial queue's `sync`, an event loop's
/// `execute`).
enum LockSyntax {
    /// Calls that acquire a lock held until the matching release.
    static let acquiringCallees: Set<String> = [
        "lock", "tryLock", "lockWhenValue", "readLock", "writeLock", "lockRead", "lockWrite",
        "pthread_mutex_lock", "pthread_rwlock_rdlock", "pthread_rwlock_wrlock", "os_unfair_lock_lock",
        "EnterCriticalSection", "AcquireSRWLockExclusive", "AcquireSRWLockShared",
    ]
    /// Calls that release a lock.
    static let releasingCallees: Set<String> = [
        "unlock", "unlockWithValue", "readUnlock", "writeUnlock", "unlockRead", "unlockWrite",
        "pthread_mutex_unlock", "pthread_rwlock_unlock", "os_unfair_lock_unlock",
        "LeaveCriticalSection", "ReleaseSRWLockExclusive", "ReleaseSRWLockShared",
    ]

    /// +1 when the statement `call` takes a lock, -1 when it releases one, nil otherwise. A
    /// semaphore used as a mutex (`semaphore.wait()` … `semaphore.signal()`) counts.
    static func lockDelta(of call: FunctionCallExprSyntax) -> Int? {
        guard let name = CallbackSyntax.calleeName(call) else { return nil }
        if acquiringCallees.contains(name) { return 1 }
        if releasingCallees.contains(name) { return -1 }
        let isSemaphore = call.calledExpression.as(MemberAccessExprSyntax.self)?.base?.sourceText.lowercased()
            .contains("semaphore") == true
        guard isSemaphore else { return nil }
        if name == "wait" { return 1 }
        if name == "signal" { return -1 }
        return nil
    }

    /// The call a statement makes, looking through `try`/`await`; for a one-condition `guard`,
    /// the condition's call (`guard lock.lock(whenValue: true, timeoutSeconds: 1) else { … }`).
    static func statementCall(_ item: CodeBlockItemSyntax) -> FunctionCallExprSyntax? {
        var expression: ExprSyntax
        switch item.item {
        case .expr(let value):
            expression = value
        case .stmt(let statement):
            guard let guardStatement = statement.as(GuardStmtSyntax.self), guardStatement.conditions.count == 1,
                  case .expression(let condition) = guardStatement.conditions.first?.condition else { return nil }
            expression = condition
        default:
            return nil
        }
        while true {
            if let wrapped = expression.as(TryExprSyntax.self) {
                expression = wrapped.expression
            } else if let wrapped = expression.as(AwaitExprSyntax.self) {
                expression = wrapped.expression
            } else {
                break
            }
        }
        return expression.as(FunctionCallExprSyntax.self)
    }

    /// `if lock.lock(whenValue: 1, timeoutSeconds: 5) { … }`: the body runs holding the lock.
    static func isBodyOfSuccessfulLock(_ list: CodeBlockItemListSyntax) -> Bool {
        guard let block = list.parent?.as(CodeBlockSyntax.self), let ifExpression = block.parent?.as(IfExprSyntax.self),
              ifExpression.body.id == block.id, ifExpression.conditions.count == 1,
              case .expression(var condition) = ifExpression.conditions.first?.condition else { return false }
        if let wrapped = condition.as(TryExprSyntax.self) { condition = wrapped.expression }
        guard let call = condition.as(FunctionCallExprSyntax.self), let name = CallbackSyntax.calleeName(call) else { return false }
        return name == "lock" || name == "tryLock" || name == "lockWhenValue"
    }

    /// What a closure handed to `call` runs under.
    enum ClosureGuard {
        /// Runs at once holding a lock (`withLock`, `withCriticalRegion`, a serial queue's `sync`).
        case lock
        /// Runs later, on a serial executor (a serial queue's `async`, an event loop's `execute`).
        case serialExecutor
    }

    /// The guard a closure argument of `call` (named `name`) runs under, if any.
    static func closureGuard(of call: FunctionCallExprSyntax, name: String) -> ClosureGuard? {
        let receiver = (call.calledExpression.as(MemberAccessExprSyntax.self)?.base?.sourceText ?? "").lowercased()
        // A serial queue (not `DispatchQueue.global()` or a `.concurrent` one).
        let isSerialQueue = receiver.contains("queue") && !receiver.contains("global") && !receiver.contains("concurrent")
        if isSerialQueue && ["sync", "asyncAndWait"].contains(name) { return .lock }
        if isSerialQueue && ["async", "asyncAfter"].contains(name) { return .serialExecutor }
        if receiver.contains("loop") && ["execute", "submit", "scheduleTask", "flatSubmit", "flatScheduleTask"].contains(name) {
            return .serialExecutor
        }
        if (name.hasPrefix("with") && name.lowercased().contains("lock")) || name == "withCriticalRegion" { return .lock }
        return nil
    }
}
