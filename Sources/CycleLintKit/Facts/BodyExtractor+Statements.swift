import SwiftSyntax

/// Statements: blocks, local declarations, conditions and pattern bindings.
extension BodyExtractor {
    // MARK: Statements

    func walkItems(_ items: CodeBlockItemListSyntax) {
        for item in items {
            switch item.item {
            case .decl(let decl): walkLocalDeclaration(decl)
            case .stmt(let statement): walkStatement(statement)
            case .expr(let expression): markDiscarded(evaluate(expression))
            }
        }
    }

    func walkBlock(_ block: CodeBlockSyntax, scope: Scope = Scope()) {
        scopes.append(scope)
        walkItems(block.statements)
        scopes.removeLast()
    }

    func walkLocalDeclaration(_ decl: DeclSyntax) {
        if let variable = decl.as(VariableDeclSyntax.self) {
            for binding in variable.bindings {
                let values = binding.initializer.map { evaluate($0.value) } ?? []
                let type = binding.typeAnnotation.map { TypeRef($0.type) } ?? binding.initializer.flatMap { castType(of: $0.value) }
                annotateResult(of: values, type: type)
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
            scopes.append(scope)
            if function.signature.returnClause != nil { walkItemsReturningLast(body.statements) } else { walkItems(body.statements) }
            scopes.removeLast()
        } else if let ifConfig = decl.as(IfConfigDeclSyntax.self) {
            for clause in ifConfig.clauses {
                if case .statements(let items) = clause.elements { walkItems(items) }
            }
        }
        // Nested type declarations inside bodies are not analysed.
    }

    func walkStatement(_ statement: StmtSyntax) {
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
            if let expression = returnStatement.expression { recordReturn(evaluate(expression)) }
        } else if let labeled = statement.as(LabeledStmtSyntax.self) {
            walkStatement(labeled.statement)
        } else {
            walkGeneric(Syntax(statement))
        }
    }

    /// Binds `if`/`guard`/`while` conditions into the current scope.
    func walkConditions(_ conditions: ConditionElementListSyntax) {
        for condition in conditions {
            switch condition.condition {
            case .optionalBinding(let binding):
                let values: [ValueExpr]
                if let initializer = binding.initializer {
                    values = evaluate(initializer.value)
                    annotateResult(of: values, type: binding.typeAnnotation.map { TypeRef($0.type) } ?? castType(of: initializer.value))
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
    func rebindsSelf(_ binding: OptionalBindingConditionSyntax) -> Bool {
        let source = binding.initializer.map { $0.value.as(DeclReferenceExprSyntax.self)?.baseName.text }
            ?? binding.pattern.as(IdentifierPatternSyntax.self)?.identifier.text
        guard source == "self", let (binding, _) = lookup("self") else { return false }
        if case .weakCapture = binding { return true }
        return false
    }

    func bindPattern(_ pattern: PatternSyntax, values: [ValueExpr], type: TypeRef?) {
        if let identifier = pattern.as(IdentifierPatternSyntax.self) {
            let name = identifier.identifier.text
            if let binding = binding(for: values) {
                scopes[scopes.count - 1].names[name] = binding
            } else {
                let id = newLocal(name, type, closure: nil)
                scopes[scopes.count - 1].names[name] = .value(.path(AccessPath(.local(id))))
            }
        } else if let binding = pattern.as(ValueBindingPatternSyntax.self) {
            bindPattern(binding.pattern, values: values, type: type)
        } else if let tuple = pattern.as(TuplePatternSyntax.self), values.count == 1, case .array(let elements) = values[0],
                  elements.count == tuple.elements.count {
            // `let (a, b) = (x, y)`, or a tuple a local function returns: each name gets its element.
            for (position, element) in tuple.elements.enumerated() {
                bindPattern(element.pattern, values: flattenArray(elements[position]), type: nil)
            }
        } else {
            for token in pattern.tokens(viewMode: .sourceAccurate) where token.tokenKind.isIdentifier {
                let id = newLocal(token.text, nil, closure: nil)
                scopes[scopes.count - 1].names[token.text] = .value(.path(AccessPath(.local(id))))
            }
        }
    }

    /// `let x: T = f()`, `let x = f() as! T`, `if let x = f() as? T`: the call's result is a `T`.
    func annotateResult(of values: [ValueExpr], type: TypeRef?) {
        guard let type, values.count == 1, case .path(let path) = values[0], path.members.isEmpty,
              case .callResult(let call) = path.root else { return }
        facts.calls[call].annotatedResultType = type
    }

    /// The type `expression` is cast to (`x as! T`, `x as? T`, `x as T`), or nil.
    func castType(of expression: ExprSyntax) -> TypeRef? {
        var expression = expression
        if let tryExpression = expression.as(TryExprSyntax.self) { expression = tryExpression.expression }
        if let cast = expression.as(AsExprSyntax.self) { return TypeRef(cast.type) }
        guard let elements = expression.as(SequenceExprSyntax.self).map({ Array($0.elements) }), elements.count == 3,
              elements[1].is(UnresolvedAsExprSyntax.self), let type = elements[2].as(TypeExprSyntax.self) else { return nil }
        return TypeRef(type.type)
    }

    /// Notes that the calls producing `values` have their results dropped.
    func markDiscarded(_ values: [ValueExpr]) {
        for case .path(let path) in values where path.members.isEmpty {
            if case .callResult(let id) = path.root { facts.calls[id].isResultDiscarded = true }
        }
    }
}
