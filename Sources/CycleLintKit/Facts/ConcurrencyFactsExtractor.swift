import SwiftSyntax

/// One visitor pass over a parsed file that records its `ConcurrencyFacts`: properties, the
/// functions that touch them, each property access with its lock, loop and callback context,
/// async stream creations and yields, and cancellation handlers.
final class ConcurrencyFactsExtractor: SyntaxVisitor {
    let locations: LocationMaker
    @exclusivity(unchecked) var facts = ConcurrencyFacts()
    @exclusivity(unchecked) var typeNames: [String] = []
    @exclusivity(unchecked) var frames: [Frame] = []
    /// Closures (by node id) that get a role when their frame is pushed.
    @exclusivity(unchecked) var pendingClosureRoles: [SyntaxIdentifier: ClosureRole] = [:]

    enum ClosureRole {
        case streamBuild(Int)
        case onCancel(Int)
        case operation(Int)
    }

    /// One function or closure being walked.
    struct Frame {
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
        /// Loops that only end on cancellation: `while true`, `while !Task.isCancelled`.
        var untilCancelledLoopDepth = 0
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
        /// A non-escaping closure that runs under whatever its enclosing code holds.
        var inheritsProtection = false
        /// For a closure handed to a call: the callee's name, which may be a project lock helper.
        var callee: String?
        /// Function-typed parameters of a function frame.
        var closureParameters: Set<String> = []
        /// The build closure of an `AsyncStream`.
        var isStreamBuild = false
        /// For each `#if` being walked, the lock level each finished branch ended with.
        var ifConfigBranchLevels: [[Int]] = []
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

    func finished() -> ConcurrencyFacts {
        // Bare-name reads count only for names this file declares as properties; writes, removals
        // and resumes are kept for every name so that "never removed" stays conservative.
        let declared = Set(facts.properties.map(\.name))
        facts.accesses.removeAll {
            ($0.receiver == .implicit || $0.receiver == .type) && $0.kind == .read && !declared.contains($0.name)
        }
        return facts
    }

    // MARK: Frames

    func location(_ node: some SyntaxProtocol) -> SourceLocation { locations.location(of: Syntax(node)) }

    func pushFunction(owner: String?, name: String, kind: ConcurrencyFunctionKind, isStatic: Bool,
                              parameters: [String], closureParameters: [String] = [], node: Syntax) {
        let id = facts.functions.count
        facts.functions.append(ConcurrencyFunctionFacts(
            id: id, ownerType: owner, name: name, kind: kind, isStatic: isStatic, parameterCount: parameters.count,
            location: locations.location(of: node), assertsConfinement: false, resumesSomething: false,
            finishedProperties: [], ownCalls: []))
        var frame = Frame(function: id, isClosure: false, protected: false, loopDepth: 0, isEscaping: false, runsOnce: false)
        frame.locals = Set(parameters)
        frame.closureParameters = Set(closureParameters)
        frames.append(frame)
    }

    var currentOwner: String? { typeNames.last }
    var top: Frame { frames[frames.count - 1] }

    var isProtected: Bool { top.protected || top.lockLevels.contains { $0 > 0 } }

    /// The innermost escaping closure frame inside the current function.
    var escapingFrameIndex: Int? {
        for index in frames.indices.reversed() {
            if !frames[index].isClosure { return nil }
            if frames[index].isEscaping { return index }
        }
        return nil
    }

    // The frame lookups go by index: a `Frame` is large, and iterating the array would copy each one.

    func isLocal(_ name: String) -> Bool {
        for index in frames.indices.reversed() {
            if frames[index].locals.contains(name) { return true }
            if !frames[index].isClosure { return false }
        }
        return false
    }

    func continuationStream(named name: String) -> Int? {
        for index in frames.indices.reversed() {
            if let stream = frames[index].continuationNames[name] { return stream }
            if !frames[index].isClosure { return nil }
        }
        return nil
    }

    var onCancelHandler: Int? { top.onCancelOf }

    // MARK: Types

    func pushType(_ name: String, attributes: AttributeListSyntax? = nil, comment: Trivia? = nil) -> SyntaxVisitorContinueKind {
        typeNames.append((typeNames.last.map { $0 + "." } ?? "") + name)
        guard let qualified = typeNames.last else { return .visitChildren }
        if let attributes, Self.hasGlobalActor(attributes) {
            facts.globalActorTypes.append(qualified)
        }
        if let attributes, Self.hasAttribute("propertyWrapper", in: attributes) {
            facts.propertyWrapperTypes.append(qualified)
        }
        if let comment, ConfinementComment.statesConfinement(comment) {
            facts.confinementDocumentedTypes.append(qualified)
        }
        return .visitChildren
    }

    private static func hasAttribute(_ name: String, in attributes: AttributeListSyntax) -> Bool {
        attributes.contains { element in
            guard case .attribute(let attribute) = element else { return false }
            return attribute.attributeName.as(IdentifierTypeSyntax.self)?.name.text == name
        }
    }

    /// `@MainActor` or another global actor (`@DatabaseActor`): isolated, so serialised.
    private static func hasGlobalActor(_ attributes: AttributeListSyntax) -> Bool {
        attributes.contains { element in
            guard case .attribute(let attribute) = element else { return false }
            return attribute.attributeName.as(IdentifierTypeSyntax.self)?.name.text.hasSuffix("Actor") == true
        }
    }

    override func visit(_ node: ClassDeclSyntax) -> SyntaxVisitorContinueKind {
        pushType(node.name.text, attributes: node.attributes,
                 comment: node.leadingTrivia + Self.openingComment(of: node.memberBlock))
    }

    /// The plain (`//`, not `///`) comments that open a type's body, before its first member:
    /// they speak of the type (`// This Sendable conformance is transient`), where a doc comment
    /// documents the member below it.
    static func openingComment(of members: MemberBlockSyntax) -> Trivia {
        let trivia = members.leftBrace.trailingTrivia + (members.members.first?.leadingTrivia ?? [])
        return Trivia(pieces: trivia.filter { piece in
            switch piece {
            case .lineComment, .blockComment: return true
            default: return false
            }
        })
    }
    override func visitPost(_ node: ClassDeclSyntax) { typeNames.removeLast() }
    override func visit(_ node: ActorDeclSyntax) -> SyntaxVisitorContinueKind { pushType(node.name.text) }
    override func visitPost(_ node: ActorDeclSyntax) { typeNames.removeLast() }
    override func visit(_ node: StructDeclSyntax) -> SyntaxVisitorContinueKind { pushType(node.name.text) }
    override func visitPost(_ node: StructDeclSyntax) { typeNames.removeLast() }
    override func visit(_ node: EnumDeclSyntax) -> SyntaxVisitorContinueKind { pushType(node.name.text) }
    override func visitPost(_ node: EnumDeclSyntax) { typeNames.removeLast() }
    override func visit(_ node: ProtocolDeclSyntax) -> SyntaxVisitorContinueKind { .skipChildren }

    override func visit(_ node: ExtensionDeclSyntax) -> SyntaxVisitorContinueKind {
        let name = node.extendedType.sourceText.replacingGenericArguments()
        typeNames.append(name)
        if ConfinementComment.statesConfinement(node.leadingTrivia) { facts.confinementDocumentedTypes.append(name) }
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

    /// Parameters of a function type (`_ body: () throws -> T`, `@escaping (Int) -> Void`).
    private static func closureParameterNames(_ clause: FunctionParameterClauseSyntax) -> [String] {
        // `compactMap`, not `SyntaxCollection.filter`, which builds a new syntax collection.
        clause.parameters.compactMap { parameter in
            let isFunctionTyped = parameter.type.tokens(viewMode: .sourceAccurate).contains { $0.tokenKind == .arrow }
            return isFunctionTyped ? (parameter.secondName ?? parameter.firstName).text : nil
        }
    }

    private static func isStatic(_ modifiers: DeclModifierListSyntax) -> Bool {
        modifiers.contains { $0.name.text == "static" || $0.name.text == "class" }
    }

    override func visit(_ node: FunctionDeclSyntax) -> SyntaxVisitorContinueKind {
        pushFunction(owner: currentOwner, name: node.name.text, kind: .function, isStatic: Self.isStatic(node.modifiers),
                     parameters: Self.parameterNames(node.signature.parameterClause),
                     closureParameters: Self.closureParameterNames(node.signature.parameterClause), node: Syntax(node))
        // A global-actor-isolated method runs serialised on its actor.
        if Self.hasGlobalActor(node.attributes) { frames[frames.count - 1].protected = true }
        return .visitChildren
    }

    override func visitPost(_ node: FunctionDeclSyntax) { popFrame() }

    override func visit(_ node: InitializerDeclSyntax) -> SyntaxVisitorContinueKind {
        pushFunction(owner: currentOwner, name: "init", kind: .initializer, isStatic: false,
                     parameters: Self.parameterNames(node.signature.parameterClause), node: Syntax(node))
        return .visitChildren
    }

    override func visitPost(_ node: InitializerDeclSyntax) { popFrame() }

    override func visit(_ node: DeinitializerDeclSyntax) -> SyntaxVisitorContinueKind {
        pushFunction(owner: currentOwner, name: "deinit", kind: .deinitializer, isStatic: false, parameters: [],
                     node: Syntax(node))
        return .visitChildren
    }

    override func visitPost(_ node: DeinitializerDeclSyntax) { popFrame() }

    override func visit(_ node: SubscriptDeclSyntax) -> SyntaxVisitorContinueKind {
        pushFunction(owner: currentOwner, name: "subscript", kind: .accessor, isStatic: Self.isStatic(node.modifiers),
                     parameters: Self.parameterNames(node.parameterClause) + ["newValue"], node: Syntax(node))
        return .visitChildren
    }

    override func visitPost(_ node: SubscriptDeclSyntax) { popFrame() }

    // MARK: Properties and locals

    func isMember(_ node: VariableDeclSyntax) -> Bool {
        node.parent?.is(MemberBlockItemSyntax.self) == true
    }

    func isGlobal(_ node: VariableDeclSyntax) -> Bool {
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
                hasAttributes: !node.attributes.isEmpty, isNonisolatedUnsafe: isUnsafe,
                isConfinementDocumented: ConfinementComment.statesConfinement(node.leadingTrivia), location: location(binding)))
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
        if isMember(node) && Self.hasCode(node) { popFrame() }
    }

    /// A member declaration with an initializer or accessors gets its own function frame.
    private static func hasCode(_ node: VariableDeclSyntax) -> Bool {
        node.bindings.contains { $0.accessorBlock != nil || $0.initializer != nil }
    }

    /// `[Job]()`, `Deque<Job>()`, `Foo()`: the type an initializer call makes, as written.
    private static func initializerType(_ value: ExprSyntax) -> String? {
        guard let call = value.as(FunctionCallExprSyntax.self), call.arguments.isEmpty else { return nil }
        let callee = call.calledExpression.sourceText
        return callee.startsWithUppercase || callee.first == "[" ? callee : nil
    }

    func addLocals(_ pattern: PatternSyntax) {
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
            addConsumer(node)
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

    func enterLoop(unbounded: Bool) {
        frames[frames.count - 1].loopDepth += 1
        if unbounded {
            frames[frames.count - 1].unboundedLoopDepth += 1
            frames[frames.count - 1].untilCancelledLoopDepth += 1
        }
    }

    func exitLoop(unbounded: Bool) {
        frames[frames.count - 1].loopDepth -= 1
        if unbounded {
            frames[frames.count - 1].unboundedLoopDepth -= 1
            frames[frames.count - 1].untilCancelledLoopDepth -= 1
        }
    }

    override func visit(_ node: CodeBlockItemListSyntax) -> SyntaxVisitorContinueKind {
        let index = frames.count - 1
        if node.parent?.is(IfConfigClauseSyntax.self) == true {
            // An `#if` branch continues the enclosing statement list: it starts with its locks.
            frames[index].lockLevels.append(frames[index].lockLevels.last ?? 0)
        } else {
            frames[index].lockLevels.append(LockSyntax.isBodyOfSuccessfulLock(node) ? 1 : 0)
        }
        return .visitChildren
    }

    override func visitPost(_ node: CodeBlockItemListSyntax) {
        let index = frames.count - 1
        guard let level = frames[index].lockLevels.popLast() else { return }
        if node.parent?.is(IfConfigClauseSyntax.self) == true, !frames[index].ifConfigBranchLevels.isEmpty {
            frames[index].ifConfigBranchLevels[frames[index].ifConfigBranchLevels.count - 1].append(level)
        }
    }

    override func visit(_ node: IfConfigDeclSyntax) -> SyntaxVisitorContinueKind {
        frames[frames.count - 1].ifConfigBranchLevels.append([])
        return .visitChildren
    }

    /// A lock taken in the branches of an `#if` (`EnterCriticalSection` on Windows,
    /// `pthread_mutex_lock` elsewhere) is held after `#endif`.
    override func visitPost(_ node: IfConfigDeclSyntax) {
        let index = frames.count - 1
        guard var levels = frames[index].ifConfigBranchLevels.popLast(), !frames[index].lockLevels.isEmpty else { return }
        let last = frames[index].lockLevels.count - 1
        let hasElse = node.clauses.contains { $0.poundKeyword.tokenKind == .poundElse }
        if !hasElse { levels.append(frames[index].lockLevels[last]) }
        if let held = levels.max() { frames[index].lockLevels[last] = held }
    }

    override func visitPost(_ node: CodeBlockItemSyntax) {
        guard let call = LockSyntax.statementCall(node), let delta = LockSyntax.lockDelta(of: call) else { return }
        let index = frames.count - 1
        guard !frames[index].lockLevels.isEmpty else { return }
        let last = frames[index].lockLevels.count - 1
        // An unlock in a nested list (`defer { lock.unlock() }`, an early exit) leaves the
        // enclosing list's lock held.
        frames[index].lockLevels[last] = max(0, frames[index].lockLevels[last] + delta)
    }

    // MARK: Closures

    override func visit(_ node: ClosureExprSyntax) -> SyntaxVisitorContinueKind {
        let parentFrame = top
        let inheritedProtection = isProtected
        var frame = Frame(function: parentFrame.function, isClosure: true, protected: false, loopDepth: parentFrame.loopDepth,
                          isEscaping: false, runsOnce: false)
        frame.unboundedLoopDepth = parentFrame.unboundedLoopDepth
        frame.untilCancelledLoopDepth = parentFrame.untilCancelledLoopDepth
        frame.onCancelOf = parentFrame.onCancelOf
        frame.operationOf = parentFrame.operationOf
        if let (call, _) = CallbackSyntax.callContext(of: node) {
            let name = CallbackSyntax.calleeName(call) ?? ""
            switch LockSyntax.closureGuard(of: call, name: name) {
            case .lock:
                frame.protected = true
            case .serialExecutor:
                frame.protected = true
                frame.isEscaping = true
                frame.runsOnce = true
            case nil:
                if name.hasPrefix("with") || CallbackSyntax.nonEscapingCallees.contains(name) {
                    frame.protected = inheritedProtection
                    frame.inheritsProtection = true
                    frame.callee = name
                } else {
                    frame.isEscaping = true
                    frame.isPassedToCall = true
                    frame.runsOnce = CallbackSyntax.oneShotCallees.contains(name)
                    frame.repeats = CallbackSyntax.isRepeatingRegistration(call, name: name)
                    // A project lock helper (`lock.synchronized { … }`) runs it under its lock:
                    // the view decides from what the helper does.
                    frame.callee = name
                }
            }
        } else if node.parent?.as(FunctionCallExprSyntax.self)?.calledExpression.id == node.id {
            frame.protected = inheritedProtection
            frame.inheritsProtection = true
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
            let name = CallbackSyntax.firstParameterName(node) ?? "$0"
            facts.streams[stream].continuationName = name
            frame.continuationNames[name] = stream
            frame.isStreamBuild = true
            frame.isEscaping = false
            frame.isPassedToCall = false
            frame.runsOnce = false
            frame.callee = nil
            frame.protected = inheritedProtection
            frame.inheritsProtection = true
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

    override func visitPost(_ node: ClosureExprSyntax) {
        popFrame()
    }

    // MARK: Calls

    private static let confinementChecks: Set<String> = [
        "assertInEventLoop", "preconditionInEventLoop", "dispatchPrecondition", "assertIsolated", "preconditionIsolated",
        "assertOnQueue", "preconditionOnQueue",
    ]

    override func visit(_ node: FunctionCallExprSyntax) -> SyntaxVisitorContinueKind {
        guard let name = CallbackSyntax.calleeName(node) else { return .visitChildren }
        let function = top.function
        if Self.confinementChecks.contains(name) { facts.functions[function].assertsConfinement = true }
        if name == "resume" {
            facts.functions[function].resumesSomething = true
            if let handler = onCancelHandler { facts.cancellationHandlers[handler].onCancelResumes = true }
        }
        if let member = node.calledExpression.as(MemberAccessExprSyntax.self) {
            let base = member.base.map(CallbackSyntax.strippingOptionals)
            if base?.as(DeclReferenceExprSyntax.self)?.baseName.tokenKind == .keyword(.self) {
                addOwnCall(name, node: node)
            }
            if name == "yield" || name == "finish" {
                feed(name, base: base, node: node)
            } else if name == "makeStream", let base, StreamSyntax.isStreamType(base) {
                addStream(node, form: .makeStream, throwing: base.sourceText.hasPrefix("AsyncThrowing"))
            } else if name == "buffer", let size = node.arguments.first(where: { $0.label?.text == "size" }) {
                let text = size.expression.sourceText
                if text == "Int.max" || text == ".max" || text.hasPrefix("Int.max ") {
                    facts.unboundedCombineBuffers.append(location(member.declName))
                }
            }
        } else if let reference = node.calledExpression.as(DeclReferenceExprSyntax.self) {
            let text = reference.baseName.text
            if text.startsWithLowercase, !isLocal(text) { addOwnCall(text, node: node) }
            if isClosureParameter(text) { noteClosureParameterRun() }
        }
        noteClosureParametersPassed(to: node, name: name)
        if StreamSyntax.isStreamType(node.calledExpression), !node.arguments.contains(where: { $0.label?.text == "unfolding" }) {
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
        guard let base = node.base.map(CallbackSyntax.strippingOptionals) else { return .visitChildren }
        if let reference = base.as(DeclReferenceExprSyntax.self) {
            if reference.baseName.tokenKind == .keyword(.self) {
                recordAccess(name, receiver: .explicitSelf, node: ExprSyntax(node))
                return .visitChildren
            }
            if reference.baseName.tokenKind == .keyword(.Self) || (reference.baseName.text.startsWithUppercase && !isLocal(reference.baseName.text)) {
                let named = reference.baseName.tokenKind == .keyword(.Self) ? nil : reference.baseName.text
                recordAccess(name, receiver: .type, receiverType: named, node: ExprSyntax(node))
                return .visitChildren
            }
        }
        recordAccess(name, receiver: .other, node: ExprSyntax(node))
        return .visitChildren
    }

    override func visit(_ node: DeclReferenceExprSyntax) -> SyntaxVisitorContinueKind {
        guard case .identifier(let name) = node.baseName.tokenKind, name.startsWithLowercase || name.first == "_" else {
            return .skipChildren
        }
        if let member = node.parent?.as(MemberAccessExprSyntax.self), member.declName.id == node.id { return .skipChildren }
        if let call = node.parent?.as(FunctionCallExprSyntax.self), call.calledExpression.id == node.id { return .skipChildren }
        if node.argumentNames != nil || isLocal(name) { return .skipChildren }
        recordAccess(name, receiver: .implicit, node: ExprSyntax(node))
        return .skipChildren
    }

    func addOwnCall(_ name: String, node: FunctionCallExprSyntax) {
        facts.functions[top.function].ownCalls.append(OwnMethodCall(
            name: name, isProtected: isProtected, lockHelperCallees: lockHelperCallees, onCancelOf: onCancelHandler,
            location: location(node)))
    }


    // MARK: Accesses

    func recordAccess(_ name: String, receiver: MemberAccessReceiver, receiverType: String? = nil, node: ExprSyntax) {
        let use = AssignmentSyntax.use(of: node)
        if receiver == .other {
            let keep = use.kind == .clear || use.kind == .assign || use.kind == .subscriptClear || use.kind == .inout
                || (use.kind == .call && use.calledMethod.map(MemberAccessFacts.removingMethods.contains) == true)
            guard keep else { return }
        }
        if let reference = use.assignedValue?.as(DeclReferenceExprSyntax.self),
           let stream = continuationStream(named: reference.baseName.text), receiver != .other {
            facts.streams[stream].continuationProperty = name
        }
        let escaping = escapingFrameIndex
        facts.accesses.append(MemberAccessFacts(
            function: top.function, name: name, receiver: receiver, receiverType: receiverType, kind: use.kind, calledMethod: use.calledMethod,
            argumentPosition: use.argumentPosition,
            isProtected: isProtected, lockHelperCallees: lockHelperCallees, inLoop: top.loopDepth > 0,
            inUnboundedLoop: top.unboundedLoopDepth > 0, inCallback: escaping.map { frames[$0].isPassedToCall } ?? false,
            inRepeatingCallback: escaping.map { frames[$0].repeats } ?? false, onCancelOf: top.onCancelOf,
            operationOf: top.operationOf, location: location(node)))
    }
}
