import SwiftSyntax

/// One visitor pass over a parsed file that records its `ConcurrencyFacts`: properties, the
/// functions that touch them, each property access with its lock, loop and callback context,
/// async stream creations and yields, and cancellation handlers.
final class ConcurrencyFactsExtractor: SyntaxVisitor {
    private let locations: LocationMaker
    private var facts = ConcurrencyFacts()
    private var typeNames: [String] = []
    private var frames: [Frame] = []
    /// Closures (by node id) that get a role when their frame is pushed.
    private var pendingClosureRoles: [SyntaxIdentifier: ClosureRole] = [:]

    private enum ClosureRole {
        case streamBuild(Int)
        case onCancel(Int)
        case operation(Int)
    }

    /// One function or closure being walked.
    private struct Frame {
        var function: Int
        var isClosure: Bool
        /// Runs under a lock from its start (a lock closure, or a non-escaping closure inside a
        /// locked region).
        var protected: Bool
        /// Locks taken by `lock()` statements, per enclosing statement list.
        var lockLevels: [Int] = []
        var loopDepth: Int
        /// Loops that only end on cancellation or when their stream ends: `while true`,
        /// `while !Task.isCancelled`, `for await`.
        var unboundedLoopDepth = 0
        /// Escapes its function: callbacks and tasks. Yields and finishes are attributed to the
        /// innermost such frame.
        var isEscaping: Bool
        /// An escaping closure handed to a call (a registration, a timer, a task), as opposed to
        /// one stored in a property or returned.
        var isPassedToCall = false
        var runsOnce: Bool
        /// Handed to an API known to call it again and again (a repeating timer, an observer).
        var repeats = false
        var locals: Set<String> = []
        var continuationNames: [String: Int] = [:]
        var finishes = false
        var yieldIndices: [Int] = []
        var onCancelOf: Int?
        var operationOf: Int?
    }

    init(locations: LocationMaker) {
        self.locations = locations
        super.init(viewMode: .sourceAccurate)
    }

    /// The facts of `tree`.
    static func extract(from tree: SourceFileSyntax, locations: LocationMaker) -> ConcurrencyFacts {
        let extractor = ConcurrencyFactsExtractor(locations: locations)
        extractor.pushFunction(owner: nil, name: "top-level code", kind: .topLevel, isStatic: false, parameters: [],
                               node: Syntax(tree))
        extractor.walk(tree)
        return extractor.finished()
    }

    private func finished() -> ConcurrencyFacts {
        // Bare-name reads count only for names this file declares as properties; writes, removals
        // and resumes are kept for every name so that "never removed" stays conservative.
        let declared = Set(facts.properties.map(\.name))
        facts.accesses.removeAll {
            ($0.receiver == .implicit || $0.receiver == .type) && $0.kind == .read && !declared.contains($0.name)
        }
        return facts
    }

    // MARK: Frames

    private func location(_ node: some SyntaxProtocol) -> SourceLocation { locations.location(of: Syntax(node)) }

    private func pushFunction(owner: String?, name: String, kind: ConcurrencyFunctionKind, isStatic: Bool,
                              parameters: [String], node: Syntax) {
        let id = facts.functions.count
        facts.functions.append(ConcurrencyFunctionFacts(
            id: id, ownerType: owner, name: name, kind: kind, isStatic: isStatic, parameterCount: parameters.count,
            location: locations.location(of: node), assertsConfinement: false, resumesSomething: false,
            finishedProperties: [], ownCalls: []))
        var frame = Frame(function: id, isClosure: false, protected: false, loopDepth: 0, isEscaping: false, runsOnce: false)
        frame.locals = Set(parameters)
        frames.append(frame)
    }

    private var currentOwner: String? { typeNames.last }
    private var top: Frame { frames[frames.count - 1] }

    private var isProtected: Bool { top.protected || top.lockLevels.contains { $0 > 0 } }

    /// The innermost escaping closure frame inside the current function.
    private var escapingFrameIndex: Int? {
        for index in frames.indices.reversed() {
            if !frames[index].isClosure { return nil }
            if frames[index].isEscaping { return index }
        }
        return nil
    }

    private func isLocal(_ name: String) -> Bool {
        for frame in frames.reversed() {
            if frame.locals.contains(name) { return true }
            if !frame.isClosure { return false }
        }
        return false
    }

    private func continuationStream(named name: String) -> Int? {
        for frame in frames.reversed() {
            if let stream = frame.continuationNames[name] { return stream }
            if !frame.isClosure { return nil }
        }
        return nil
    }

    private var onCancelHandler: Int? { top.onCancelOf }

    // MARK: Types

    private func pushType(_ name: String, attributes: AttributeListSyntax? = nil) -> SyntaxVisitorContinueKind {
        typeNames.append((typeNames.last.map { $0 + "." } ?? "") + name)
        if let attributes, Self.hasGlobalActor(attributes), let qualified = typeNames.last {
            facts.globalActorTypes.append(qualified)
        }
        return .visitChildren
    }

    /// `@MainActor` or another global actor (`@DatabaseActor`): isolated, so serialised.
    private static func hasGlobalActor(_ attributes: AttributeListSyntax) -> Bool {
        attributes.contains { element in
            guard case .attribute(let attribute) = element else { return false }
            return attribute.attributeName.as(IdentifierTypeSyntax.self)?.name.text.hasSuffix("Actor") == true
        }
    }

    override func visit(_ node: ClassDeclSyntax) -> SyntaxVisitorContinueKind { pushType(node.name.text, attributes: node.attributes) }
    override func visitPost(_ node: ClassDeclSyntax) { typeNames.removeLast() }
    override func visit(_ node: ActorDeclSyntax) -> SyntaxVisitorContinueKind { pushType(node.name.text) }
    override func visitPost(_ node: ActorDeclSyntax) { typeNames.removeLast() }
    override func visit(_ node: StructDeclSyntax) -> SyntaxVisitorContinueKind { pushType(node.name.text) }
    override func visitPost(_ node: StructDeclSyntax) { typeNames.removeLast() }
    override func visit(_ node: EnumDeclSyntax) -> SyntaxVisitorContinueKind { pushType(node.name.text) }
    override func visitPost(_ node: EnumDeclSyntax) { typeNames.removeLast() }
    override func visit(_ node: ProtocolDeclSyntax) -> SyntaxVisitorContinueKind { .skipChildren }

    override func visit(_ node: ExtensionDeclSyntax) -> SyntaxVisitorContinueKind {
        typeNames.append(node.extendedType.sourceText.replacingGenericArguments())
        return .visitChildren
    }

    override func visitPost(_ node: ExtensionDeclSyntax) { typeNames.removeLast() }

    override func visit(_ node: TypeAliasDeclSyntax) -> SyntaxVisitorContinueKind {
        let text = node.initializer.value.sourceText
        if text.contains("CheckedContinuation") || text.contains("UnsafeContinuation") {
            facts.continuationAliases.append(node.name.text)
        }
        return .skipChildren
    }

    // MARK: Functions

    private static func parameterNames(_ clause: FunctionParameterClauseSyntax) -> [String] {
        clause.parameters.map { ($0.secondName ?? $0.firstName).text }
    }

    private static func isStatic(_ modifiers: DeclModifierListSyntax) -> Bool {
        modifiers.contains { $0.name.text == "static" || $0.name.text == "class" }
    }

    override func visit(_ node: FunctionDeclSyntax) -> SyntaxVisitorContinueKind {
        pushFunction(owner: currentOwner, name: node.name.text, kind: .function, isStatic: Self.isStatic(node.modifiers),
                     parameters: Self.parameterNames(node.signature.parameterClause), node: Syntax(node))
        // A global-actor-isolated method runs serialised on its actor.
        if Self.hasGlobalActor(node.attributes) { frames[frames.count - 1].protected = true }
        return .visitChildren
    }

    override func visitPost(_ node: FunctionDeclSyntax) { frames.removeLast() }

    override func visit(_ node: InitializerDeclSyntax) -> SyntaxVisitorContinueKind {
        pushFunction(owner: currentOwner, name: "init", kind: .initializer, isStatic: false,
                     parameters: Self.parameterNames(node.signature.parameterClause), node: Syntax(node))
        return .visitChildren
    }

    override func visitPost(_ node: InitializerDeclSyntax) { frames.removeLast() }

    override func visit(_ node: DeinitializerDeclSyntax) -> SyntaxVisitorContinueKind {
        pushFunction(owner: currentOwner, name: "deinit", kind: .deinitializer, isStatic: false, parameters: [],
                     node: Syntax(node))
        return .visitChildren
    }

    override func visitPost(_ node: DeinitializerDeclSyntax) { frames.removeLast() }

    override func visit(_ node: SubscriptDeclSyntax) -> SyntaxVisitorContinueKind {
        pushFunction(owner: currentOwner, name: "subscript", kind: .accessor, isStatic: Self.isStatic(node.modifiers),
                     parameters: Self.parameterNames(node.parameterClause) + ["newValue"], node: Syntax(node))
        return .visitChildren
    }

    override func visitPost(_ node: SubscriptDeclSyntax) { frames.removeLast() }

    // MARK: Properties and locals

    private func isMember(_ node: VariableDeclSyntax) -> Bool {
        node.parent?.is(MemberBlockItemSyntax.self) == true
    }

    private func isGlobal(_ node: VariableDeclSyntax) -> Bool {
        node.parent?.is(CodeBlockItemSyntax.self) == true && node.parent?.parent?.parent?.is(SourceFileSyntax.self) == true
    }

    override func visit(_ node: VariableDeclSyntax) -> SyntaxVisitorContinueKind {
        let member = isMember(node)
        guard member || isGlobal(node) else {
            for binding in node.bindings { addLocals(binding.pattern) }
            return .visitChildren
        }
        let modifiers = node.modifiers
        let isStatic = Self.isStatic(modifiers)
        let isLazy = modifiers.contains { $0.name.text == "lazy" }
        let isUnsafe = modifiers.contains { $0.name.text == "nonisolated" && $0.detail?.detail.text == "unsafe" }
        let isVar = node.bindingSpecifier.tokenKind == .keyword(.var)
        for binding in node.bindings {
            guard let name = binding.pattern.as(IdentifierPatternSyntax.self)?.identifier.text else { continue }
            var isStored = true
            if let block = binding.accessorBlock {
                if case .accessors(let accessors) = block.accessors {
                    isStored = accessors.allSatisfy {
                        $0.accessorSpecifier.tokenKind == .keyword(.willSet) || $0.accessorSpecifier.tokenKind == .keyword(.didSet)
                    }
                } else {
                    isStored = false
                }
            }
            facts.properties.append(ConcurrencyPropertyFacts(
                ownerType: member ? currentOwner : nil, name: name,
                typeText: binding.typeAnnotation?.type.sourceText ?? binding.initializer.flatMap { Self.initializerType($0.value) },
                isVar: isVar, isStatic: isStatic, isLazy: isLazy, isStored: isStored,
                hasAttributes: !node.attributes.isEmpty, isNonisolatedUnsafe: isUnsafe, location: location(binding)))
        }
        if member && Self.hasCode(node) {
            let name = node.bindings.first?.pattern.sourceText ?? "property"
            // `willSet`/`didSet` run inside the write that triggers them (and under its lock): they
            // count with the initializer, not as separate accessors.
            let declared = node.bindings.reduce(0) { $0 + ($1.pattern.is(IdentifierPatternSyntax.self) ? 1 : 0) }
            let accessor = !facts.properties.suffix(declared).allSatisfy(\.isStored)
            pushFunction(owner: currentOwner, name: name, kind: accessor ? .accessor : .propertyInitializer, isStatic: isStatic,
                         parameters: accessor ? ["newValue", "oldValue"] : [], node: Syntax(node))
            if Self.hasGlobalActor(node.attributes) { frames[frames.count - 1].protected = true }
        } else if !member {
            for binding in node.bindings { addLocals(binding.pattern) }
        }
        return .visitChildren
    }

    override func visitPost(_ node: VariableDeclSyntax) {
        if isMember(node) && Self.hasCode(node) { frames.removeLast() }
    }

    /// A member declaration with an initializer or accessors gets its own function frame.
    private static func hasCode(_ node: VariableDeclSyntax) -> Bool {
        node.bindings.contains { $0.accessorBlock != nil || $0.initializer != nil }
    }

    /// `[Job]()`, `Deque<Job>()`, `Foo()`: the type an initializer call makes, as written.
    private static func initializerType(_ value: ExprSyntax) -> String? {
        guard let call = value.as(FunctionCallExprSyntax.self), call.arguments.isEmpty else { return nil }
        let callee = call.calledExpression.sourceText
        return callee.first.map { $0.isUppercase || $0 == "[" } == true ? callee : nil
    }

    private func addLocals(_ pattern: PatternSyntax) {
        if let identifier = pattern.as(IdentifierPatternSyntax.self) {
            frames[frames.count - 1].locals.insert(identifier.identifier.text)
        } else if let tuple = pattern.as(TuplePatternSyntax.self) {
            for element in tuple.elements { addLocals(element.pattern) }
        } else if let binding = pattern.as(ValueBindingPatternSyntax.self) {
            addLocals(binding.pattern)
        }
    }

    override func visit(_ node: OptionalBindingConditionSyntax) -> SyntaxVisitorContinueKind {
        addLocals(node.pattern)
        return .visitChildren
    }

    override func visit(_ node: ForStmtSyntax) -> SyntaxVisitorContinueKind {
        addLocals(node.pattern)
        if node.awaitKeyword != nil {
            frames[frames.count - 1].loopDepth += 1
            frames[frames.count - 1].unboundedLoopDepth += 1
        }
        return .visitChildren
    }

    override func visitPost(_ node: ForStmtSyntax) {
        if node.awaitKeyword != nil {
            frames[frames.count - 1].loopDepth -= 1
            frames[frames.count - 1].unboundedLoopDepth -= 1
        }
    }

    override func visit(_ node: MatchingPatternConditionSyntax) -> SyntaxVisitorContinueKind {
        addLocals(node.pattern)
        return .visitChildren
    }

    override func visit(_ node: ExpressionPatternSyntax) -> SyntaxVisitorContinueKind {
        // `case .some(let x)`: the bound names are locals.
        for child in node.expression.tokens(viewMode: .sourceAccurate) {
            guard case .identifier = child.tokenKind else { continue }
            if child.previousToken(viewMode: .sourceAccurate).map({ $0.tokenKind == .keyword(.let) || $0.tokenKind == .keyword(.var) }) == true {
                frames[frames.count - 1].locals.insert(child.text)
            }
        }
        return .visitChildren
    }

    override func visit(_ node: PatternExprSyntax) -> SyntaxVisitorContinueKind {
        addLocals(node.pattern)
        return .visitChildren
    }

    override func visit(_ node: CatchClauseSyntax) -> SyntaxVisitorContinueKind {
        frames[frames.count - 1].locals.insert("error")
        return .visitChildren
    }

    // MARK: Loops and lock regions

    override func visit(_ node: WhileStmtSyntax) -> SyntaxVisitorContinueKind {
        enterLoop(unbounded: Self.runsUntilCancelled(node.conditions.sourceText))
        return .visitChildren
    }

    override func visitPost(_ node: WhileStmtSyntax) {
        exitLoop(unbounded: Self.runsUntilCancelled(node.conditions.sourceText))
    }

    override func visit(_ node: RepeatStmtSyntax) -> SyntaxVisitorContinueKind {
        enterLoop(unbounded: Self.runsUntilCancelled(node.condition.sourceText))
        return .visitChildren
    }

    override func visitPost(_ node: RepeatStmtSyntax) {
        exitLoop(unbounded: Self.runsUntilCancelled(node.condition.sourceText))
    }

    /// `while true`, `while !Task.isCancelled`, `while !self.isCancelled && running`.
    private static func runsUntilCancelled(_ condition: String) -> Bool {
        condition == "true" || condition.contains("isCancelled")
    }

    private func enterLoop(unbounded: Bool) {
        frames[frames.count - 1].loopDepth += 1
        if unbounded { frames[frames.count - 1].unboundedLoopDepth += 1 }
    }

    private func exitLoop(unbounded: Bool) {
        frames[frames.count - 1].loopDepth -= 1
        if unbounded { frames[frames.count - 1].unboundedLoopDepth -= 1 }
    }

    override func visit(_ node: CodeBlockItemListSyntax) -> SyntaxVisitorContinueKind {
        frames[frames.count - 1].lockLevels.append(Self.isBodyOfSuccessfulLock(node) ? 1 : 0)
        return .visitChildren
    }

    /// `if lock.lock(whenValue: 1, timeoutSeconds: 5) { … }`: the body runs holding the lock.
    private static func isBodyOfSuccessfulLock(_ list: CodeBlockItemListSyntax) -> Bool {
        guard let block = list.parent?.as(CodeBlockSyntax.self), let ifExpression = block.parent?.as(IfExprSyntax.self),
              ifExpression.body.id == block.id, ifExpression.conditions.count == 1,
              case .expression(var condition) = ifExpression.conditions.first?.condition else { return false }
        if let wrapped = condition.as(TryExprSyntax.self) { condition = wrapped.expression }
        guard let call = condition.as(FunctionCallExprSyntax.self), let name = calleeName(call) else { return false }
        return name == "lock" || name == "tryLock" || name == "lockWhenValue"
    }

    override func visitPost(_ node: CodeBlockItemListSyntax) {
        if !frames[frames.count - 1].lockLevels.isEmpty { frames[frames.count - 1].lockLevels.removeLast() }
    }

    override func visitPost(_ node: CodeBlockItemSyntax) {
        var expression: ExprSyntax
        switch node.item {
        case .expr(let item):
            expression = item
        case .stmt(let statement):
            // `guard lock.lock(whenValue: true, timeoutSeconds: 1) else { throw … }`
            guard let guardStatement = statement.as(GuardStmtSyntax.self), guardStatement.conditions.count == 1,
                  case .expression(let condition) = guardStatement.conditions.first?.condition else { return }
            expression = condition
        default:
            return
        }
        while true {
            if let wrapped = expression.as(TryExprSyntax.self) { expression = wrapped.expression } else if let wrapped = expression.as(AwaitExprSyntax.self) {
                expression = wrapped.expression
            } else { break }
        }
        guard let call = expression.as(FunctionCallExprSyntax.self), let name = Self.calleeName(call) else { return }
        // A semaphore used as a mutex: `semaphore.wait()` … `semaphore.signal()`.
        let isSemaphore = call.calledExpression.as(MemberAccessExprSyntax.self)?.base?.sourceText.lowercased()
            .contains("semaphore") == true
        let delta: Int
        switch name {
        case "lock", "pthread_mutex_lock", "os_unfair_lock_lock", "lockWhenValue", "tryLock": delta = 1
        case "unlock", "pthread_mutex_unlock", "os_unfair_lock_unlock", "unlockWithValue": delta = -1
        case "wait" where isSemaphore: delta = 1
        case "signal" where isSemaphore: delta = -1
        default: return
        }
        let index = frames.count - 1
        guard !frames[index].lockLevels.isEmpty else { return }
        let last = frames[index].lockLevels.count - 1
        // An unlock in a nested list (`defer { lock.unlock() }`, an early exit) leaves the
        // enclosing list's lock held.
        frames[index].lockLevels[last] = max(0, frames[index].lockLevels[last] + delta)
    }

    // MARK: Closures

    private static let oneShotCallees: Set<String> = [
        "Task", "detached", "addTask", "addTaskUnlessCancelled", "async", "asyncAfter", "execute", "submit",
        "scheduleTask", "flatSubmit", "whenComplete", "whenSuccess", "whenFailure", "then", "sink",
    ]

    override func visit(_ node: ClosureExprSyntax) -> SyntaxVisitorContinueKind {
        let parentFrame = top
        let inheritedProtection = isProtected
        var frame = Frame(function: parentFrame.function, isClosure: true, protected: false, loopDepth: parentFrame.loopDepth,
                          isEscaping: false, runsOnce: false)
        frame.unboundedLoopDepth = parentFrame.unboundedLoopDepth
        frame.onCancelOf = parentFrame.onCancelOf
        frame.operationOf = parentFrame.operationOf
        if let (call, _) = Self.callContext(of: node) {
            let name = Self.calleeName(call) ?? ""
            let receiver = (call.calledExpression.as(MemberAccessExprSyntax.self)?.base?.sourceText ?? "").lowercased()
            // A serial queue (not `DispatchQueue.global()` or a `.concurrent` one).
            let isQueue = receiver.contains("queue") && !receiver.contains("global") && !receiver.contains("concurrent")
                && ["sync", "async", "asyncAfter", "asyncAndWait"].contains(name)
            let isLoop = receiver.contains("loop") && ["execute", "submit", "scheduleTask", "flatSubmit", "flatScheduleTask"].contains(name)
            let isLockClosure = (name.hasPrefix("with") && name.lowercased().contains("lock")) || name == "withCriticalRegion"
                || isQueue || isLoop
            if isLockClosure {
                frame.protected = true
                frame.isEscaping = isQueue && name != "sync" || isLoop
                frame.runsOnce = frame.isEscaping
            } else if name.hasPrefix("with") || Self.nonEscapingCallees.contains(name) {
                frame.protected = inheritedProtection
            } else {
                frame.isEscaping = true
                frame.isPassedToCall = true
                frame.runsOnce = Self.oneShotCallees.contains(name)
                frame.repeats = Self.isRepeatingRegistration(call, name: name)
            }
        } else if node.parent?.as(FunctionCallExprSyntax.self)?.calledExpression.id == node.id {
            frame.protected = inheritedProtection
        } else {
            frame.isEscaping = true
        }
        if let signature = node.signature, let clause = signature.parameterClause {
            switch clause {
            case .simpleInput(let parameters): frame.locals.formUnion(parameters.map(\.name.text))
            case .parameterClause(let parameters): frame.locals.formUnion(parameters.parameters.map { ($0.secondName ?? $0.firstName).text })
            }
        }
        switch pendingClosureRoles.removeValue(forKey: node.id) {
        case .streamBuild(let stream):
            // The build closure runs once, at once.
            let name = Self.firstParameterName(node) ?? "$0"
            facts.streams[stream].continuationName = name
            frame.continuationNames[name] = stream
            frame.isEscaping = false
            frame.isPassedToCall = false
            frame.runsOnce = false
            frame.protected = inheritedProtection
        case .onCancel(let handler):
            frame.onCancelOf = handler
            frame.operationOf = nil
            frame.protected = false
            facts.cancellationHandlers[handler].onCancelLocation = location(node)
        case .operation(let handler):
            frame.operationOf = handler
            frame.onCancelOf = nil
        case nil:
            break
        }
        frames.append(frame)
        return .visitChildren
    }

    /// Callees that call their closure repeatedly: repeating timers, observers, subscriptions,
    /// event handlers.
    private static let repeatingCallees: Set<String> = [
        "addObserver", "sink", "setEventHandler", "scheduleRepeatedTask", "scheduleRepeatedAsyncTask", "observe",
        "onReceive", "addPeriodicTimeObserver", "installTap", "addListener", "publisher", "values", "subscribe",
        "startUpdates", "startDeviceMotionUpdates", "startAccelerometerUpdates", "startGyroUpdates",
    ]

    private static func isRepeatingRegistration(_ call: FunctionCallExprSyntax, name: String) -> Bool {
        if repeatingCallees.contains(name) { return true }
        if name == "scheduledTimer" || name == "Timer" || name == "init" && call.calledExpression.sourceText.hasPrefix("Timer") {
            return call.arguments.contains { $0.label?.text == "repeats" && $0.expression.sourceText == "true" }
        }
        if name == "schedule" { return call.arguments.contains { $0.label?.text == "repeating" } }
        return false
    }

    override func visitPost(_ node: ClosureExprSyntax) {
        let frame = frames.removeLast()
        for index in frame.yieldIndices { facts.yields[index].callbackFinishes = frame.finishes }
    }

    private static let nonEscapingCallees: Set<String> = [
        "map", "flatMap", "compactMap", "filter", "forEach", "reduce", "contains", "first", "firstIndex", "last", "lastIndex",
        "allSatisfy", "sorted", "sort", "min", "max", "removeAll", "partition", "drop", "prefix", "sync", "assumeIsolated",
        "autoreleasepool", "modify", "mutate", "update", "callAsFunction", "precondition", "assert",
    ]

    private static func firstParameterName(_ closure: ClosureExprSyntax) -> String? {
        switch closure.signature?.parameterClause {
        case .simpleInput(let parameters): return parameters.first?.name.text
        case .parameterClause(let parameters): return parameters.parameters.first.map { ($0.secondName ?? $0.firstName).text }
        case nil: return nil
        }
    }

    /// The call a closure is an argument of, with its label.
    private static func callContext(of closure: ClosureExprSyntax) -> (FunctionCallExprSyntax, String?)? {
        if let argument = closure.parent?.as(LabeledExprSyntax.self),
           let call = argument.parent?.parent?.as(FunctionCallExprSyntax.self) {
            return (call, argument.label?.text)
        }
        if let call = closure.parent?.as(FunctionCallExprSyntax.self), call.trailingClosure?.id == closure.id {
            return (call, nil)
        }
        if let element = closure.parent?.as(MultipleTrailingClosureElementSyntax.self),
           let call = element.parent?.parent?.as(FunctionCallExprSyntax.self) {
            return (call, element.label.text)
        }
        return nil
    }

    /// `foo` for `foo(…)`, `x.foo(…)` and `Foo<T>(…)`.
    private static func calleeName(_ call: FunctionCallExprSyntax) -> String? {
        var callee = call.calledExpression
        if let specialized = callee.as(GenericSpecializationExprSyntax.self) { callee = specialized.expression }
        if let reference = callee.as(DeclReferenceExprSyntax.self) { return reference.baseName.text }
        if let member = callee.as(MemberAccessExprSyntax.self) { return member.declName.baseName.text }
        return nil
    }

    // MARK: Calls

    private static let confinementChecks: Set<String> = [
        "assertInEventLoop", "preconditionInEventLoop", "dispatchPrecondition", "assertIsolated", "preconditionIsolated",
        "assertOnQueue", "preconditionOnQueue",
    ]

    override func visit(_ node: FunctionCallExprSyntax) -> SyntaxVisitorContinueKind {
        guard let name = Self.calleeName(node) else { return .visitChildren }
        let function = top.function
        if Self.confinementChecks.contains(name) { facts.functions[function].assertsConfinement = true }
        if name == "resume" {
            facts.functions[function].resumesSomething = true
            if let handler = onCancelHandler { facts.cancellationHandlers[handler].onCancelResumes = true }
        }
        if let member = node.calledExpression.as(MemberAccessExprSyntax.self) {
            let base = member.base.map(Self.strippingOptionals)
            if base?.as(DeclReferenceExprSyntax.self)?.baseName.tokenKind == .keyword(.self) {
                addOwnCall(name, node: node)
            }
            if name == "yield" || name == "finish" {
                feed(name, base: base, node: node)
            } else if name == "makeStream", let base, Self.isStreamType(base) {
                addStream(node, form: .makeStream, throwing: base.sourceText.hasPrefix("AsyncThrowing"))
            } else if name == "buffer", let size = node.arguments.first(where: { $0.label?.text == "size" }) {
                let text = size.expression.sourceText
                if text == "Int.max" || text == ".max" || text.hasPrefix("Int.max ") {
                    facts.unboundedCombineBuffers.append(location(member.declName))
                }
            }
        } else if let reference = node.calledExpression.as(DeclReferenceExprSyntax.self) {
            let text = reference.baseName.text
            if text.first?.isLowercase == true, !isLocal(text) { addOwnCall(text, node: node) }
        }
        if Self.isStreamType(node.calledExpression), !node.arguments.contains(where: { $0.label?.text == "unfolding" }) {
            addStream(node, form: .buildClosure, throwing: node.calledExpression.sourceText.hasPrefix("AsyncThrowing"))
        }
        if name == "withTaskCancellationHandler" { addCancellationHandler(node) }
        return .visitChildren
    }

    override func visit(_ node: MemberAccessExprSyntax) -> SyntaxVisitorContinueKind {
        let name = node.declName.baseName.text
        if name == "inEventLoop" || name == "isInEventLoop" { facts.functions[top.function].assertsConfinement = true }
        if let parentCall = node.parent?.as(FunctionCallExprSyntax.self), parentCall.calledExpression.id == node.id {
            return .visitChildren  // a method call, not a property access
        }
        guard let base = node.base.map(Self.strippingOptionals) else { return .visitChildren }
        if let reference = base.as(DeclReferenceExprSyntax.self) {
            if reference.baseName.tokenKind == .keyword(.self) {
                recordAccess(name, receiver: .explicitSelf, node: ExprSyntax(node))
                return .visitChildren
            }
            if reference.baseName.tokenKind == .keyword(.Self) || (reference.baseName.text.first?.isUppercase == true && !isLocal(reference.baseName.text)) {
                recordAccess(name, receiver: .type, node: ExprSyntax(node))
                return .visitChildren
            }
        }
        recordAccess(name, receiver: .other, node: ExprSyntax(node))
        return .visitChildren
    }

    override func visit(_ node: DeclReferenceExprSyntax) -> SyntaxVisitorContinueKind {
        guard case .identifier(let name) = node.baseName.tokenKind, name.first?.isLowercase == true || name.first == "_" else {
            return .skipChildren
        }
        if let member = node.parent?.as(MemberAccessExprSyntax.self), member.declName.id == node.id { return .skipChildren }
        if let call = node.parent?.as(FunctionCallExprSyntax.self), call.calledExpression.id == node.id { return .skipChildren }
        if node.argumentNames != nil || isLocal(name) { return .skipChildren }
        recordAccess(name, receiver: .implicit, node: ExprSyntax(node))
        return .skipChildren
    }

    private func addOwnCall(_ name: String, node: FunctionCallExprSyntax) {
        facts.functions[top.function].ownCalls.append(OwnMethodCall(name: name, isProtected: isProtected,
                                                                     onCancelOf: onCancelHandler, location: location(node)))
    }

    private static func strippingOptionals(_ expression: ExprSyntax) -> ExprSyntax {
        var expression = expression
        while true {
            if let optional = expression.as(OptionalChainingExprSyntax.self) { expression = optional.expression } else if let forced = expression.as(ForceUnwrapExprSyntax.self) {
                expression = forced.expression
            } else { return expression }
        }
    }

    private static func isStreamType(_ expression: ExprSyntax) -> Bool {
        var expression = expression
        if let specialized = expression.as(GenericSpecializationExprSyntax.self) { expression = specialized.expression }
        guard let reference = expression.as(DeclReferenceExprSyntax.self) else { return false }
        return reference.baseName.text == "AsyncStream" || reference.baseName.text == "AsyncThrowingStream"
    }

    // MARK: Streams

    private func addStream(_ call: FunctionCallExprSyntax, form: StreamCreationForm, throwing: Bool) {
        let id = facts.streams.count
        let policy = call.arguments.first { $0.label?.text == "bufferingPolicy" }?.expression.sourceText
        var stream = StreamCreationFacts(id: id, function: top.function, form: form, isThrowing: throwing, policy: policy,
                                         elementType: Self.elementType(of: call),
                                         continuationName: nil, continuationProperty: nil, location: location(call))
        switch form {
        case .buildClosure:
            let closure = call.trailingClosure ?? call.arguments.last?.expression.as(ClosureExprSyntax.self)
            if let closure { pendingClosureRoles[closure.id] = .streamBuild(id) }
        case .makeStream:
            var node = Syntax(call)
            while let parent = node.parent, parent.is(TryExprSyntax.self) || parent.is(AwaitExprSyntax.self) { node = parent }
            if let binding = node.parent?.parent?.as(PatternBindingSyntax.self),
               let tuple = binding.pattern.as(TuplePatternSyntax.self), tuple.elements.count == 2,
               let name = tuple.elements.last?.pattern.as(IdentifierPatternSyntax.self)?.identifier.text {
                stream.continuationName = name
                frames[frames.count - 1].continuationNames[name] = id
            } else if let (_, target) = Self.assignment(valueNode: node),
                      let tuple = target.as(TupleExprSyntax.self), tuple.elements.count == 2, let last = tuple.elements.last?.expression {
                if let member = last.as(MemberAccessExprSyntax.self), member.base?.sourceText == "self" {
                    stream.continuationProperty = member.declName.baseName.text
                } else if let reference = last.as(DeclReferenceExprSyntax.self) {
                    if isLocal(reference.baseName.text) {
                        stream.continuationName = reference.baseName.text
                        frames[frames.count - 1].continuationNames[reference.baseName.text] = id
                    } else {
                        stream.continuationProperty = reference.baseName.text
                    }
                }
            }
        }
        facts.streams.append(stream)
    }

    /// `AsyncStream<T>(…)`, `AsyncStream<T>.makeStream()`, `makeStream(of: T.self)`, `AsyncStream(T.self)`: T.
    private static func elementType(of call: FunctionCallExprSyntax) -> String? {
        var callee = call.calledExpression
        if let member = callee.as(MemberAccessExprSyntax.self), let base = member.base { callee = base }
        if let specialized = callee.as(GenericSpecializationExprSyntax.self) {
            return specialized.genericArgumentClause.arguments.first?.argument.sourceText
        }
        let typeArgument = call.arguments.first { $0.label?.text == "of" || ($0.label == nil && $0.expression.sourceText.hasSuffix(".self")) }
        guard let text = typeArgument?.expression.sourceText, text.hasSuffix(".self") else { return nil }
        return String(text.dropLast(5))
    }

    /// A `yield` or `finish` call on `base`.
    private func feed(_ name: String, base: ExprSyntax?, node: FunctionCallExprSyntax) {
        var stream: Int?
        var property: String?
        if let reference = base?.as(DeclReferenceExprSyntax.self) {
            let text = reference.baseName.text
            if let known = continuationStream(named: text) {
                stream = known
            } else if !isLocal(text) {
                property = text
            }
        } else if let member = base?.as(MemberAccessExprSyntax.self),
                  member.base.map(Self.strippingOptionals)?.as(DeclReferenceExprSyntax.self)?.baseName.tokenKind == .keyword(.self) {
            property = member.declName.baseName.text
        }
        guard stream != nil || property != nil else { return }
        let escaping = escapingFrameIndex
        if name == "finish" {
            if let escaping { frames[escaping].finishes = true }
            if let property, escaping == nil { facts.functions[top.function].finishedProperties.append(property) }
            return
        }
        let index = facts.yields.count
        facts.yields.append(StreamYieldFacts(
            function: top.function, stream: stream, property: property, inLoop: top.loopDepth > 0, inCallback: escaping != nil,
            callbackRunsOnce: escaping.map { frames[$0].runsOnce } ?? false,
            callbackRepeats: escaping.map { frames[$0].repeats } ?? false, callbackFinishes: false, location: location(node)))
        if let escaping { frames[escaping].yieldIndices.append(index) }
    }

    private func addCancellationHandler(_ call: FunctionCallExprSyntax) {
        let id = facts.cancellationHandlers.count
        var onCancel: ClosureExprSyntax?
        var closures: [(ClosureExprSyntax, String?)] = call.arguments.compactMap { argument in
            argument.expression.as(ClosureExprSyntax.self).map { ($0, argument.label?.text) }
        }
        if let trailing = call.trailingClosure { closures.append((trailing, nil)) }
        closures += call.additionalTrailingClosures.map { ($0.closure, $0.label.text) }
        for (closure, label) in closures {
            if label == "onCancel" || label == "handler" {
                onCancel = closure
                pendingClosureRoles[closure.id] = .onCancel(id)
            } else {
                pendingClosureRoles[closure.id] = .operation(id)
            }
        }
        // A handler passed as a function value cannot be inspected: assume it resumes.
        facts.cancellationHandlers.append(CancellationHandlerFacts(
            id: id, function: top.function, onCancelResumes: onCancel == nil,
            onCancelLocation: location(onCancel.map(Syntax.init) ?? Syntax(call)), location: location(call)))
    }

    // MARK: Accesses

    private static let compoundAssignments: Set<String> = ["+=", "-=", "*=", "/=", "%=", "&+=", "&-=", "|=", "&=", "^=", "<<=", ">>=", "??="]

    /// For a node that is the value of an assignment `target = node`: the operator and target.
    private static func assignment(valueNode: Syntax) -> (String, ExprSyntax)? {
        guard let list = valueNode.parent?.as(ExprListSyntax.self) else { return nil }
        let elements = Array(list)
        guard let index = elements.firstIndex(where: { $0.id == valueNode.id }), index >= 2 else { return nil }
        if elements[index - 1].is(AssignmentExprSyntax.self) { return ("=", elements[index - 2]) }
        return nil
    }

    /// For a node that is the target of an assignment `node op value`: the operator and value.
    private static func assignedValue(target: Syntax) -> (String, ExprSyntax)? {
        if let list = target.parent?.as(ExprListSyntax.self) {
            let elements = Array(list)
            guard let index = elements.firstIndex(where: { $0.id == target.id }), index + 2 < elements.count else { return nil }
            if elements[index + 1].is(AssignmentExprSyntax.self) { return ("=", elements[index + 2]) }
            if let op = elements[index + 1].as(BinaryOperatorExprSyntax.self), compoundAssignments.contains(op.operator.text) {
                return (op.operator.text, elements[index + 2])
            }
            return nil
        }
        if let infix = target.parent?.as(InfixOperatorExprSyntax.self), infix.leftOperand.id == target.id {
            if infix.operator.is(AssignmentExprSyntax.self) { return ("=", infix.rightOperand) }
            if let op = infix.operator.as(BinaryOperatorExprSyntax.self), compoundAssignments.contains(op.operator.text) {
                return (op.operator.text, infix.rightOperand)
            }
        }
        return nil
    }

    private static func isEmptyValue(_ value: ExprSyntax) -> Bool {
        if value.is(NilLiteralExprSyntax.self) { return true }
        if let array = value.as(ArrayExprSyntax.self) { return array.elements.isEmpty }
        if let dictionary = value.as(DictionaryExprSyntax.self), case .colon = dictionary.content { return true }
        if let call = value.as(FunctionCallExprSyntax.self), call.arguments.isEmpty, call.trailingClosure == nil {
            let callee = call.calledExpression.sourceText
            return callee == ".init" || callee.first == "[" || callee.first?.isUppercase == true
        }
        return false
    }

    private func recordAccess(_ name: String, receiver: MemberAccessReceiver, node: ExprSyntax) {
        var current = Syntax(node)
        while let parent = current.parent, parent.is(OptionalChainingExprSyntax.self) || parent.is(ForceUnwrapExprSyntax.self) {
            current = parent
        }
        var kind = MemberAccessKind.read
        var calledMethod: String?
        var assignedValue: ExprSyntax?
        if let parent = current.parent {
            if let member = parent.as(MemberAccessExprSyntax.self), member.base?.id == current.id {
                if let call = member.parent?.as(FunctionCallExprSyntax.self), call.calledExpression.id == member.id {
                    kind = .call
                    calledMethod = member.declName.baseName.text
                } else if Self.assignedValue(target: Syntax(member)) != nil {
                    kind = .assign
                }
            } else if let subscriptCall = parent.as(SubscriptCallExprSyntax.self), subscriptCall.calledExpression.id == current.id {
                if let (op, value) = Self.assignedValue(target: Syntax(subscriptCall)) {
                    kind = op == "=" && value.is(NilLiteralExprSyntax.self) ? .subscriptClear : .subscriptSet
                }
            } else if parent.is(InOutExprSyntax.self) {
                kind = .inout
            } else if let (op, value) = Self.assignedValue(target: current) {
                kind = op == "=" ? (Self.isEmptyValue(value) ? .clear : .assign) : .compoundAssign
                assignedValue = value
            } else if let element = parent.as(LabeledExprSyntax.self), let tuple = element.parent?.parent?.as(TupleExprSyntax.self),
                      Self.assignedValue(target: Syntax(tuple)) != nil {
                kind = .assign
            }
        }
        if receiver == .other {
            let keep = kind == .clear || kind == .assign || kind == .subscriptClear || kind == .inout
                || (kind == .call && calledMethod.map(MemberAccessFacts.removingMethods.contains) == true)
            guard keep else { return }
        }
        if let reference = assignedValue?.as(DeclReferenceExprSyntax.self),
           let stream = continuationStream(named: reference.baseName.text), receiver != .other {
            facts.streams[stream].continuationProperty = name
        }
        let escaping = escapingFrameIndex
        facts.accesses.append(MemberAccessFacts(
            function: top.function, name: name, receiver: receiver, kind: kind, calledMethod: calledMethod,
            isProtected: isProtected, inLoop: top.loopDepth > 0, inUnboundedLoop: top.unboundedLoopDepth > 0,
            inCallback: escaping.map { frames[$0].isPassedToCall } ?? false,
            inRepeatingCallback: escaping.map { frames[$0].repeats } ?? false, onCancelOf: top.onCancelOf,
            operationOf: top.operationOf, location: location(node)))
    }
}
