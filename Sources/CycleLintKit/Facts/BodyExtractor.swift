import SwiftSyntax

/// Walks one executable body (statements and expressions) and records its `BodyFacts`: stores,
/// calls, closures with their captures, and locals, resolving local names to the objects they
/// alias as it goes.
final class BodyExtractor {
    private let locations: LocationMaker
    private var facts: BodyFacts
    private var scopes: [Scope] = []

    /// What a name stands for inside the body.
    private enum Binding {
        /// The instance `self` (a method's own, a strong capture, or `guard let self` rebinding).
        case strongSelf
        /// A weak or unowned capture (of `self` or anything else): captures of it are not strong.
        case weakCapture
        /// An object, closure or other value the name aliases.
        case value(ValueExpr)
    }

    private struct Scope {
        var names: [String: Binding] = [:]
        /// Set on the outermost scope of a closure's body.
        var closure: Int?
        /// Set on the scope of an unbounded loop's body.
        var isUnboundedLoop = false
        /// Where `guard let self` made `self` strong in this scope.
        var selfRebinding: SourceLocation?

        init(isUnboundedLoop: Bool = false) {
            self.isUnboundedLoop = isUnboundedLoop
        }
    }

    init(id: Int, ownerType: String?, name: String, kind: BodyKind, methodName: String?,
         location: SourceLocation, locations: LocationMaker) {
        self.locations = locations
        facts = BodyFacts(id: id, ownerType: ownerType, name: name, kind: kind, methodName: methodName,
                          location: location, events: [], closures: [], locals: [], calls: [],
                          resultValues: [])
        var top = Scope()
        if kind == .instance { top.names["self"] = .strongSelf }
        scopes = [top]
    }

    // MARK: Entry points

    func addParameters(_ parameters: [ParameterFacts]) {
        for parameter in parameters {
            scopes[0].names[parameter.name] = .value(.path(AccessPath(.parameter(parameter.name))))
        }
    }

    func walk(_ items: CodeBlockItemListSyntax) -> BodyFacts {
        walkItems(items)
        return facts
    }

    func walkExpressionAsResult(_ expression: ExprSyntax) -> BodyFacts {
        facts.resultValues = evaluate(expression)
        return facts
    }

    // MARK: Statements

    private func walkItems(_ items: CodeBlockItemListSyntax) {
        for item in items {
            switch item.item {
            case .decl(let decl): walkLocalDeclaration(decl)
            case .stmt(let statement): walkStatement(statement)
            case .expr(let expression): _ = evaluate(expression)
            }
        }
    }

    private func walkBlock(_ block: CodeBlockSyntax, scope: Scope = Scope()) {
        scopes.append(scope)
        walkItems(block.statements)
        scopes.removeLast()
    }

    private func walkLocalDeclaration(_ decl: DeclSyntax) {
        if let variable = decl.as(VariableDeclSyntax.self) {
            for binding in variable.bindings {
                let values = binding.initializer.map { evaluate($0.value) } ?? []
                let type = binding.typeAnnotation.map { TypeRef($0.type) }
                bindPattern(binding.pattern, values: values, type: type)
                if let accessors = binding.accessorBlock { walkGeneric(Syntax(accessors)) }
            }
        } else if let function = decl.as(FunctionDeclSyntax.self), let body = function.body {
            // A local function is a closure bound to its name.
            let id = beginClosure(at: Syntax(function))
            var scope = Scope()
            scope.closure = id
            for parameter in function.signature.parameterClause.parameters {
                let name = (parameter.secondName ?? parameter.firstName).text
                scope.names[name] = .value(.path(AccessPath(.local(newLocal(name, TypeRef(parameter.type), closure: id)))))
            }
            scopes[scopes.count - 1].names[function.name.text] = .value(.closure(id))
            walkBlock(body, scope: scope)
        } else if let ifConfig = decl.as(IfConfigDeclSyntax.self) {
            for clause in ifConfig.clauses {
                if case .statements(let items) = clause.elements { walkItems(items) }
            }
        }
        // Nested type declarations inside bodies are not analysed.
    }

    private func walkStatement(_ statement: StmtSyntax) {
        if let expressionStatement = statement.as(ExpressionStmtSyntax.self) {
            _ = evaluate(expressionStatement.expression)
        } else if let guardStatement = statement.as(GuardStmtSyntax.self) {
            walkConditions(guardStatement.conditions)
            walkBlock(guardStatement.body)
        } else if let whileStatement = statement.as(WhileStmtSyntax.self) {
            let loop = classifyLoop(conditions: whileStatement.conditions, body: whileStatement.body)
            scopes.append(Scope())
            walkConditions(whileStatement.conditions)
            enterLoop(loop, at: Syntax(whileStatement))
            walkBlock(whileStatement.body, scope: Scope(isUnboundedLoop: loop != nil))
            scopes.removeLast()
        } else if let repeatStatement = statement.as(RepeatStmtSyntax.self) {
            let unbounded = repeatStatement.condition.as(BooleanLiteralExprSyntax.self)?.literal.tokenKind == .keyword(.true)
                && !LoopExitFinder.canExit(repeatStatement.body, label: loopLabel(of: Syntax(repeatStatement)))
            let loop: LoopKind? = unbounded ? LoopKind(stopsOnCancellation: mentionsCancellation(repeatStatement.body)) : nil
            enterLoop(loop, at: Syntax(repeatStatement))
            walkBlock(repeatStatement.body, scope: Scope(isUnboundedLoop: loop != nil))
            _ = evaluate(repeatStatement.condition)
        } else if let forStatement = statement.as(ForStmtSyntax.self) {
            let sequence = evaluate(forStatement.sequence)
            let elements = sequence.compactMap { value -> ValueExpr? in
                if case .path(let path) = value { return .path(path.appending("[]")) }
                return nil
            }
            var scope = Scope(isUnboundedLoop: forStatement.awaitKeyword != nil)
            scopes.append(scope)
            bindPattern(forStatement.pattern, values: elements, type: nil)
            scope = scopes.removeLast()
            if let whereClause = forStatement.whereClause { _ = evaluate(whereClause.condition) }
            let loop: LoopKind? = forStatement.awaitKeyword != nil ? LoopKind(stopsOnCancellation: true) : nil
            enterLoop(loop, at: Syntax(forStatement))
            walkBlock(forStatement.body, scope: scope)
        } else if let doStatement = statement.as(DoStmtSyntax.self) {
            walkBlock(doStatement.body)
            for clause in doStatement.catchClauses {
                var scope = Scope()
                scope.names["error"] = .value(.other)
                walkBlock(clause.body, scope: scope)
            }
        } else if let deferStatement = statement.as(DeferStmtSyntax.self) {
            walkBlock(deferStatement.body)
        } else if let returnStatement = statement.as(ReturnStmtSyntax.self) {
            if let expression = returnStatement.expression { _ = evaluate(expression) }
        } else if let labeled = statement.as(LabeledStmtSyntax.self) {
            walkStatement(labeled.statement)
        } else {
            walkGeneric(Syntax(statement))
        }
    }

    /// Binds `if`/`guard`/`while` conditions into the current scope.
    private func walkConditions(_ conditions: ConditionElementListSyntax) {
        for condition in conditions {
            switch condition.condition {
            case .optionalBinding(let binding):
                let values: [ValueExpr]
                if let initializer = binding.initializer {
                    values = evaluate(initializer.value)
                } else if let name = binding.pattern.as(IdentifierPatternSyntax.self)?.identifier.text {
                    values = evaluate(ExprSyntax(DeclReferenceExprSyntax(baseName: .identifier(name))), at: Syntax(binding))
                } else {
                    values = []
                }
                if let name = binding.pattern.as(IdentifierPatternSyntax.self)?.identifier.text,
                   rebindsSelf(binding) {
                    scopes[scopes.count - 1].names[name] = .strongSelf
                    if name == "self" || scopes.last?.selfRebinding == nil {
                        scopes[scopes.count - 1].selfRebinding = locations.location(of: Syntax(binding))
                    }
                } else {
                    bindPattern(binding.pattern, values: values, type: binding.typeAnnotation.map { TypeRef($0.type) })
                }
            case .expression(let expression):
                _ = evaluate(expression)
            case .matchingPattern(let pattern):
                _ = evaluate(pattern.initializer.value)
                bindPattern(pattern.pattern, values: [], type: nil)
            default:
                walkGeneric(Syntax(condition))
            }
        }
    }

    /// `let self`, `let self = self`, `let strongSelf = self` where `self` is a weak capture.
    private func rebindsSelf(_ binding: OptionalBindingConditionSyntax) -> Bool {
        let source = binding.initializer.map { $0.value.as(DeclReferenceExprSyntax.self)?.baseName.text }
            ?? binding.pattern.as(IdentifierPatternSyntax.self)?.identifier.text
        guard source == "self", let (binding, _) = lookup("self") else { return false }
        if case .weakCapture = binding { return true }
        return false
    }

    private func bindPattern(_ pattern: PatternSyntax, values: [ValueExpr], type: TypeRef?) {
        if let identifier = pattern.as(IdentifierPatternSyntax.self) {
            let name = identifier.identifier.text
            if values.count == 1, let value = values.first, value != .other {
                scopes[scopes.count - 1].names[name] = .value(value)
            } else {
                let id = newLocal(name, type, closure: nil)
                scopes[scopes.count - 1].names[name] = .value(.path(AccessPath(.local(id))))
            }
        } else if let binding = pattern.as(ValueBindingPatternSyntax.self) {
            bindPattern(binding.pattern, values: values, type: type)
        } else {
            for token in pattern.tokens(viewMode: .sourceAccurate) where token.tokenKind.isIdentifier {
                let id = newLocal(token.text, nil, closure: nil)
                scopes[scopes.count - 1].names[token.text] = .value(.path(AccessPath(.local(id))))
            }
        }
    }

    // MARK: Loops

    private struct LoopKind {
        var stopsOnCancellation: Bool
    }

    /// `while true` and `while !Task.isCancelled` (and `while let x = await …next()`) never end
    /// on their own; other conditions are taken as bounded.
    private func classifyLoop(conditions: ConditionElementListSyntax, body: CodeBlockSyntax) -> LoopKind? {
        if conditions.count == 1, case .expression(let expression)? = conditions.first?.condition,
           expression.as(BooleanLiteralExprSyntax.self)?.literal.tokenKind == .keyword(.true) {
            // `while true { … break … }` ends when its body says so (`guard let x = await next() else { break }`).
            let label = conditions.parent.flatMap { loopLabel(of: $0) }
            if LoopExitFinder.canExit(body, label: label) { return nil }
            return LoopKind(stopsOnCancellation: mentionsCancellation(body))
        }
        let text = conditions.description
        if text.contains("Task.isCancelled") { return LoopKind(stopsOnCancellation: true) }
        if text.contains("await"), text.contains(".next()") { return LoopKind(stopsOnCancellation: true) }
        return nil
    }

    /// `loop:` in `loop: while true { … }`.
    private func loopLabel(of loop: Syntax) -> String? {
        loop.parent?.as(LabeledStmtSyntax.self)?.label.text
    }

    private func mentionsCancellation(_ body: CodeBlockSyntax) -> Bool {
        let text = body.description
        return text.contains("Task.isCancelled") || text.contains("checkCancellation")
            || text.contains("try await Task.sleep")
    }

    /// Notes an unbounded loop in the innermost closure, and whether a rebound `self` is held
    /// across it.
    private func enterLoop(_ loop: LoopKind?, at node: Syntax) {
        guard let loop, let closure = currentClosure else { return }
        let location = locations.location(of: node)
        if facts.closures[closure].unboundedLoop == nil {
            facts.closures[closure].unboundedLoop = location
            facts.closures[closure].loopStopsOnCancellation = loop.stopsOnCancellation
        }
        // A `guard let self` in a scope of this closure outside the loop holds self throughout.
        for scope in scopes.reversed() {
            if let rebinding = scope.selfRebinding, facts.closures[closure].selfHeldAcrossLoop == nil {
                facts.closures[closure].selfHeldAcrossLoop = rebinding
                break
            }
            if scope.isUnboundedLoop || scope.closure != nil { break }
        }
    }

    // MARK: Expressions

    /// The values `expression` may produce, recording every store, call and closure inside it.
    @discardableResult
    private func evaluate(_ expression: ExprSyntax) -> [ValueExpr] {
        evaluate(expression, at: Syntax(expression))
    }

    private func evaluate(_ expression: ExprSyntax, at site: Syntax) -> [ValueExpr] {
        switch expression.as(ExprSyntaxEnum.self) {
        case .declReferenceExpr(let reference):
            return [resolve(name: reference.baseName.text, at: site)]
        case .memberAccessExpr(let access):
            guard let base = access.base else {
                return [.other]
            }
            let member = access.declName.baseName.text
            let baseValues = evaluate(base)
            if baseValues.count == 1, case .path(let path) = baseValues[0] {
                return [.path(path.appending(member))]
            }
            return [.other]
        case .functionCallExpr(let call):
            return [recordCall(call)]
        case .closureExpr(let closure):
            return [.closure(walkClosure(closure, immediatelyCalled: false))]
        case .optionalChainingExpr(let chaining):
            return evaluate(chaining.expression)
        case .forceUnwrapExpr(let unwrap):
            return evaluate(unwrap.expression)
        case .tryExpr(let tryExpression):
            return evaluate(tryExpression.expression)
        case .awaitExpr(let awaitExpression):
            return evaluate(awaitExpression.expression)
        case .inOutExpr(let inOut):
            return evaluate(inOut.expression)
        case .tupleExpr(let tuple):
            if tuple.elements.count == 1, let only = tuple.elements.first, only.label == nil {
                return evaluate(only.expression)
            }
            tuple.elements.forEach { evaluate($0.expression) }
            return [.other]
        case .nilLiteralExpr:
            return [.nilLiteral]
        case .booleanLiteralExpr, .integerLiteralExpr, .floatLiteralExpr:
            return [.literal(expression.firstToken(viewMode: .sourceAccurate)?.text ?? "")]
        case .arrayExpr(let array):
            if array.elements.isEmpty { return [.emptyCollection] }
            return [.array(array.elements.flatMap { evaluate($0.expression) })]
        case .dictionaryExpr(let dictionary):
            guard case .elements(let elements) = dictionary.content else { return [.emptyCollection] }
            return [.array(elements.flatMap { element -> [ValueExpr] in
                evaluate(element.key)
                return evaluate(element.value)
            })]
        case .subscriptCallExpr(let subscriptCall):
            let base = evaluate(subscriptCall.calledExpression)
            subscriptCall.arguments.forEach { evaluate($0.expression) }
            if base.count == 1, case .path(let path) = base[0] { return [.path(path.appending("[]"))] }
            return [.other]
        case .sequenceExpr(let sequence):
            return evaluateSequence(sequence)
        case .asExpr(let asExpression):
            return evaluate(asExpression.expression)
        case .ifExpr(let ifExpression):
            walkIf(ifExpression)
            return [.other]
        case .switchExpr(let switchExpression):
            evaluate(switchExpression.subject)
            for caseItem in switchExpression.cases {
                if case .switchCase(let switchCase) = caseItem {
                    scopes.append(Scope())
                    if case .case(let label) = switchCase.label {
                        for item in label.caseItems { bindPattern(item.pattern, values: [], type: nil) }
                    }
                    walkItems(switchCase.statements)
                    scopes.removeLast()
                }
            }
            return [.other]
        default:
            walkGeneric(Syntax(expression))
            return [.other]
        }
    }

    private func walkIf(_ ifExpression: IfExprSyntax) {
        scopes.append(Scope())
        walkConditions(ifExpression.conditions)
        walkBlock(ifExpression.body)
        scopes.removeLast()
        switch ifExpression.elseBody {
        case .ifExpr(let elseIf): walkIf(elseIf)
        case .codeBlock(let block): walkBlock(block)
        case nil: break
        }
    }

    /// `a = b`, `a += [b]`, `a ?? b`, `c ? a : b`; other operators give no object.
    private func evaluateSequence(_ sequence: SequenceExprSyntax) -> [ValueExpr] {
        let elements = Array(sequence.elements)
        if let assignmentIndex = elements.firstIndex(where: { $0.is(AssignmentExprSyntax.self) }) {
            let right = evaluateOperands(Array(elements[(assignmentIndex + 1)...]))
            let left = evaluateOperands(Array(elements[..<assignmentIndex]))
            recordStore(into: left, values: right, kind: .assign, at: Syntax(sequence))
            return [.other]
        }
        if elements.count == 3, let op = elements[1].as(BinaryOperatorExprSyntax.self),
           op.operator.text == "+=" || op.operator.text == "append" {
            let right = evaluate(elements[2])
            let left = evaluate(elements[0])
            recordStore(into: left, values: right.flatMap(flattenArray), kind: .insert, at: Syntax(sequence))
            return [.other]
        }
        return evaluateOperands(elements)
    }

    private func evaluateOperands(_ elements: [ExprSyntax]) -> [ValueExpr] {
        if elements.count == 1 { return evaluate(elements[0]) }
        var values: [ValueExpr] = []
        var selectsOperand = true
        for element in elements {
            if let op = element.as(BinaryOperatorExprSyntax.self) {
                selectsOperand = selectsOperand && op.operator.text == "??"
            } else if let ternary = element.as(UnresolvedTernaryExprSyntax.self) {
                values.removeAll()  // the condition is not a result
                values += evaluate(ternary.thenExpression)
            } else if element.is(UnresolvedAsExprSyntax.self) || element.is(UnresolvedIsExprSyntax.self) {
                continue
            } else {
                values += evaluate(element)
            }
        }
        return selectsOperand ? values : [.other]
    }

    private func flattenArray(_ value: ValueExpr) -> [ValueExpr] {
        if case .array(let elements) = value { return elements }
        return [value]
    }

    private func recordStore(into targets: [ValueExpr], values: [ValueExpr], kind: StoreKind, at site: Syntax) {
        guard targets.count == 1, case .path(var path) = targets[0] else { return }
        var kind = kind
        if path.members.last == "[]" {
            path.members.removeLast()
            kind = .insert
            if path.members.isEmpty, case .local = path.root { return }
        }
        facts.events.append(.store(StoreFacts(path: path, kind: kind, values: values,
                                              location: locations.location(of: site), inClosure: currentClosure)))
    }

    // MARK: Calls

    private func recordCall(_ call: FunctionCallExprSyntax) -> ValueExpr {
        let id = facts.calls.count
        var callFacts = CallFacts(id: id, receiver: nil, name: "", typeName: nil, labels: [], arguments: [],
                                  trailingStart: 0, location: locations.location(of: call.locatingNode),
                                  inClosure: currentClosure, isImplicitMember: false)
        facts.calls.append(callFacts)

        var callee = call.calledExpression
        if let specialization = callee.as(GenericSpecializationExprSyntax.self) { callee = specialization.expression }
        if let closure = callee.as(ClosureExprSyntax.self) {
            _ = walkClosure(closure, immediatelyCalled: true)
        } else if let reference = callee.as(DeclReferenceExprSyntax.self) {
            let name = reference.baseName.text
            let resolved = lookup(name)
            if resolved == nil, name.first?.isUppercase == true {
                callFacts.typeName = name
                callFacts.name = "init"
            } else {
                callFacts.name = name
                if let (binding, _) = resolved, case .value(let value) = binding, case .closure = value {
                    callFacts.receiver = value
                }
            }
        } else if let access = callee.as(MemberAccessExprSyntax.self) {
            callFacts.name = access.declName.baseName.text
            if let base = access.base {
                if let typeName = typeNameIfType(base) {
                    callFacts.typeName = typeName
                }
                let values = evaluate(base)
                callFacts.receiver = values.count == 1 ? values[0] : .other
            } else {
                callFacts.isImplicitMember = true
            }
        } else {
            evaluate(callee)
        }

        for argument in call.arguments {
            callFacts.labels.append(argument.label?.text)
            callFacts.arguments.append(evaluate(argument.expression))
            if let selector = argument.expression.selectorMethodName { callFacts.selectors.append(selector) }
        }
        callFacts.trailingStart = callFacts.arguments.count
        if let trailing = call.trailingClosure {
            callFacts.labels.append(nil)
            callFacts.arguments.append([.closure(walkClosure(trailing, immediatelyCalled: false))])
        }
        for extra in call.additionalTrailingClosures {
            callFacts.labels.append(extra.label.text)
            callFacts.arguments.append([.closure(walkClosure(extra.closure, immediatelyCalled: false))])
        }
        facts.calls[id] = callFacts
        recordCollectionStore(callFacts, at: Syntax(call))
        facts.events.append(.call(id))
        return .path(AccessPath(.callResult(id)))
    }

    /// `x.append(v)`, `x.insert(v, at:)`, `x.updateValue(v, forKey:)`, `x.append(contentsOf:)`,
    /// Combine's `cancellable.store(in: &set)` and RxSwift's `disposable.disposed(by: bag)`
    /// (`addDisposableTo(bag)` before RxSwift 4) also store into a property.
    private func recordCollectionStore(_ call: CallFacts, at site: Syntax) {
        guard case .path(let receiver)? = call.receiver, let first = call.arguments.first else { return }
        switch (call.name, call.labels.first ?? nil) {
        case ("append", nil), ("insert", nil), ("updateValue", nil), ("push", nil), ("enqueue", nil),
             ("append", "contentsOf"):
            recordStore(into: [.path(receiver)], values: first.flatMap(flattenArray), kind: .insert, at: site)
        case ("store", "in"), ("disposed", "by"), ("addDisposableTo", nil):
            recordStore(into: first, values: [.path(receiver)], kind: .insert, at: site)
        default:
            break
        }
    }

    /// `Foo`, `Foo.Bar`, `Self` used as a call base: a type, by Swift naming convention.
    private func typeNameIfType(_ expression: ExprSyntax) -> String? {
        if let reference = expression.as(DeclReferenceExprSyntax.self) {
            let name = reference.baseName.text
            return name.first?.isUppercase == true && lookup(name) == nil ? name : nil
        }
        if let access = expression.as(MemberAccessExprSyntax.self), let base = access.base,
           let baseType = typeNameIfType(base), access.declName.baseName.text.first?.isUppercase == true {
            return baseType + "." + access.declName.baseName.text
        }
        if let specialization = expression.as(GenericSpecializationExprSyntax.self) {
            return typeNameIfType(specialization.expression)
        }
        return nil
    }

    // MARK: Closures

    private var currentClosure: Int? {
        scopes.last(where: { $0.closure != nil })?.closure
    }

    private func beginClosure(at node: Syntax) -> Int {
        let id = facts.closures.count
        facts.closures.append(ClosureFacts(
            id: id, location: locations.location(of: node), parent: currentClosure, listedSelf: nil,
            strongSelfCapture: nil, capturedPaths: [], unboundedLoop: nil, loopStopsOnCancellation: false,
            selfHeldAcrossLoop: nil, isImmediatelyCalled: false))
        return id
    }

    private func walkClosure(_ closure: ClosureExprSyntax, immediatelyCalled: Bool) -> Int {
        let id = beginClosure(at: Syntax(closure))
        facts.closures[id].isImmediatelyCalled = immediatelyCalled
        var scope = Scope()
        scope.closure = id

        // The capture list is evaluated where the closure is created, in the enclosing scope.
        for item in closure.signature?.capture?.items ?? [] {
            let name = item.name.text
            let strength = captureStrength(item.specifier)
            let location = locations.location(of: Syntax(item))
            let captured: [ValueExpr] = item.initializer.map { evaluate($0.value) }
                ?? [resolve(name: name, at: Syntax(item))]
            if name == "self" || item.initializer?.value.as(DeclReferenceExprSyntax.self)?.baseName.text == "self" {
                if name == "self" { facts.closures[id].listedSelf = strength }
                if strength == .strong {
                    facts.closures[id].strongSelfCapture = facts.closures[id].strongSelfCapture ?? location
                    scope.names[name] = .strongSelf
                } else {
                    scope.names[name] = .weakCapture
                }
                continue
            }
            if strength == .strong {
                for case .path(let path) in captured {
                    addCapture(path, name: name, at: location, to: id)
                }
                scope.names[name] = captured.count == 1 ? .value(captured[0]) : .value(.other)
            } else {
                scope.names[name] = .weakCapture
            }
        }

        switch closure.signature?.parameterClause {
        case .simpleInput(let parameters):
            for parameter in parameters {
                scope.names[parameter.name.text] = .value(.path(AccessPath(.local(newLocal(parameter.name.text, nil, closure: id)))))
            }
        case .parameterClause(let clause):
            for parameter in clause.parameters {
                let name = (parameter.secondName ?? parameter.firstName).text
                scope.names[name] = .value(.path(AccessPath(.local(newLocal(name, parameter.type.map(TypeRef.init), closure: id)))))
            }
        case nil:
            break
        }

        scopes.append(scope)
        walkItems(closure.statements)
        scopes.removeLast()
        return id
    }

    private func captureStrength(_ specifier: ClosureCaptureSpecifierSyntax?) -> ReferenceStrength {
        switch specifier?.specifier.text {
        case "weak": return .weak
        case "unowned": return .unowned
        default: return .strong
        }
    }

    private func addCapture(_ path: AccessPath, name: String, at location: SourceLocation, to closure: Int) {
        if !facts.closures[closure].capturedPaths.contains(where: { $0.path == path }) {
            facts.closures[closure].capturedPaths.append(CapturedPath(path: path, location: location, name: name))
        }
    }

    // MARK: Names

    private func lookup(_ name: String) -> (Binding, Int)? {
        for index in scopes.indices.reversed() {
            if let binding = scopes[index].names[name] { return (binding, index) }
        }
        return nil
    }

    /// The value a name stands for; records the captures its use implies in every closure
    /// between the use and the name's declaration.
    private func resolve(name: String, at site: Syntax) -> ValueExpr {
        if name.hasPrefix("$"), name.dropFirst().allSatisfy(\.isNumber), let closure = currentClosure {
            // Anonymous closure parameters.
            return .path(AccessPath(.local(anonymousParameter(name, closure: closure))))
        }
        guard let (binding, declaredAt) = lookup(name) else {
            if name == "self" { return .other }
            // Unresolved: an implicit-self member, a type or a global. An implicit member use
            // captures `self` in closures where `self` is strong.
            if let (selfBinding, selfScope) = lookup("self"), case .strongSelf = selfBinding {
                recordCaptures(from: selfScope, at: site) { closure, location in
                    self.addCapture(AccessPath(.name(name)), name: name, at: location, to: closure)
                }
            }
            return .path(AccessPath(.name(name)))
        }
        switch binding {
        case .strongSelf:
            recordCaptures(from: declaredAt, at: site) { closure, location in
                if self.facts.closures[closure].strongSelfCapture == nil {
                    self.facts.closures[closure].strongSelfCapture = location
                }
            }
            return .path(AccessPath(.selfObject))
        case .weakCapture:
            // Captures of a weak capture hold the weak reference, not the object.
            return .other
        case .value(let value):
            if case .path(let path) = value {
                recordCaptures(from: declaredAt, at: site) { closure, location in
                    self.addCapture(path, name: name, at: location, to: closure)
                }
            } else if case .closure(let captured) = value {
                // Capturing a closure captures what it captures.
                let inner = facts.closures[captured]
                recordCaptures(from: declaredAt, at: site) { closure, location in
                    if let strong = inner.strongSelfCapture, self.facts.closures[closure].strongSelfCapture == nil {
                        self.facts.closures[closure].strongSelfCapture = strong
                    }
                    for path in inner.capturedPaths { self.addCapture(path.path, name: path.name, at: location, to: closure) }
                }
            }
            return value
        }
    }

    /// Calls `capture` for every closure whose body lies between scope `declaredAt` and the use.
    private func recordCaptures(from declaredAt: Int, at site: Syntax, _ capture: (Int, SourceLocation) -> Void) {
        guard declaredAt + 1 < scopes.count else { return }
        var location: SourceLocation?
        for index in (declaredAt + 1)..<scopes.count {
            guard let closure = scopes[index].closure else { continue }
            let at = location ?? locations.location(of: site)
            location = at
            capture(closure, at)
        }
    }

    private var anonymousParameters: [String: Int] = [:]

    private func anonymousParameter(_ name: String, closure: Int) -> Int {
        let key = "\(closure)\(name)"
        if let id = anonymousParameters[key] { return id }
        let id = newLocal(name, nil, closure: closure)
        anonymousParameters[key] = id
        return id
    }

    private func newLocal(_ name: String, _ type: TypeRef?, closure: Int?) -> Int {
        let id = facts.locals.count
        facts.locals.append(LocalFacts(id: id, name: name, type: type, parameterOfClosure: closure))
        return id
    }

    // MARK: Everything else

    /// Visits the expressions and statements under a node that has no special meaning here.
    private func walkGeneric(_ node: Syntax) {
        for child in node.children(viewMode: .sourceAccurate) {
            if let expression = child.as(ExprSyntax.self) {
                evaluate(expression)
            } else if let statement = child.as(StmtSyntax.self) {
                walkStatement(statement)
            } else if let items = child.as(CodeBlockItemListSyntax.self) {
                scopes.append(Scope())
                walkItems(items)
                scopes.removeLast()
            } else if let decl = child.as(DeclSyntax.self) {
                walkLocalDeclaration(decl)
            } else if !child.is(TokenSyntax.self) {
                walkGeneric(child)
            }
        }
    }
}

private extension TokenKind {
    var isIdentifier: Bool {
        if case .identifier = self { return true }
        return false
    }
}
