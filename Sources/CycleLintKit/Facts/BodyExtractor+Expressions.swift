import SwiftSyntax

/// Expressions: the values they produce, and the stores they make.
extension BodyExtractor {
    // MARK: Expressions

    /// The values `expression` may produce, recording every store, call and closure inside it.
    @discardableResult
    func evaluate(_ expression: ExprSyntax) -> [ValueExpr] {
        evaluate(expression, at: Syntax(expression))
    }

    func evaluate(_ expression: ExprSyntax, at site: Syntax) -> [ValueExpr] {
        switch expression.as(ExprSyntaxEnum.self) {
        case .declReferenceExpr(let reference):
            return resolve(name: reference.baseName.text, at: site)
        case .memberAccessExpr(let access):
            guard let base = access.base else {
                return [.other]
            }
            let member = access.declName.baseName.text
            let baseValues = evaluate(base)
            if case .integerLiteral = access.declName.baseName.tokenKind, let position = Int(member),
               let element = tupleElement(position, of: baseValues) {
                return element
            }
            let basePaths = baseValues.compactMap { value -> AccessPath? in
                if case .path(let path) = value { return path }
                return nil
            }
            guard !basePaths.isEmpty, basePaths.count == baseValues.count else { return [.other] }
            return basePaths.map { .path($0.appending(member)) }
        case .functionCallExpr(let call):
            return recordCall(call)
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
            // A tuple holds its elements, as an array literal does: storing it stores each. One
            // value per element, in order (`.0`, `let (a, b) = …`): an element that may be one of
            // several values is the array of them.
            return [.array(tuple.elements.map { element in
                let values = evaluate(element.expression)
                return values.count == 1 ? values[0] : .array(values)
            })]
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

    func walkIf(_ ifExpression: IfExprSyntax) {
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
    func evaluateSequence(_ sequence: SequenceExprSyntax) -> [ValueExpr] {
        let elements = Array(sequence.elements)
        if let assignmentIndex = elements.firstIndex(where: { $0.is(AssignmentExprSyntax.self) }) {
            let right = evaluateOperands(Array(elements[(assignmentIndex + 1)...]))
            if assignmentIndex == 1, elements[0].is(DiscardAssignmentExprSyntax.self) {
                markDiscarded(right)  // `_ = f()`
                return [.other]
            }
            let left = evaluateOperands(Array(elements[..<assignmentIndex]))
            if assignmentIndex == 1, let name = elements[0].as(DeclReferenceExprSyntax.self)?.baseName.text,
               let (binding, scope) = lookup(name), case .alternatives = binding {
                // Assigning a name bound to alternatives rebinds the local; it writes into none of them.
                scopes[scope].names[name] = self.binding(for: right)
                    ?? .value(.path(AccessPath(.local(newLocal(name, nil, closure: nil)))))
                return [.other]
            }
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

    func evaluateOperands(_ elements: [ExprSyntax]) -> [ValueExpr] {
        if elements.count == 1 { return evaluate(elements[0]) }
        var values: [ValueExpr] = []
        var selectsOperand = true
        for (position, element) in elements.enumerated() {
            if element.is(TypeExprSyntax.self), position > 0,
               elements[position - 1].is(UnresolvedAsExprSyntax.self) || elements[position - 1].is(UnresolvedIsExprSyntax.self) {
                continue  // the type of `x as! T`, not an operand
            }
            if let op = element.as(BinaryOperatorExprSyntax.self) {
                selectsOperand = selectsOperand && op.operator.text == "??"
            } else if let ternary = element.as(UnresolvedTernaryExprSyntax.self) {
                values.removeAll()  // the condition is not a result
                values += evaluate(ternary.thenExpression)
            } else if element.is(UnresolvedAsExprSyntax.self) {
                continue
            } else if element.is(UnresolvedIsExprSyntax.self) {
                selectsOperand = false  // `x is T` is a Boolean
            } else {
                values += evaluate(element)
            }
        }
        if values.contains(.path(AccessPath(.selfObject))), elements.contains(where: {
            let op = $0.as(BinaryOperatorExprSyntax.self)?.operator.text
            return op == "===" || op == "!=="
        }) {
            facts.comparesSelfIdentity = true
        }
        return selectsOperand ? values : [.other]
    }

    /// `pair.1` where `pair` is a tuple whose elements are known: that element's possible values.
    func tupleElement(_ position: Int, of values: [ValueExpr]) -> [ValueExpr]? {
        guard values.count == 1, case .array(let elements) = values[0], position < elements.count else { return nil }
        return flattenArray(elements[position])
    }

    func flattenArray(_ value: ValueExpr) -> [ValueExpr] {
        if case .array(let elements) = value { return elements }
        return [value]
    }

    /// Records a store into each target path (several when the target's base is bound to
    /// alternatives: `let v = cached ?? View(); v.delegate = self`).
    func recordStore(into targets: [ValueExpr], values: [ValueExpr], kind: StoreKind, at site: Syntax) {
        for case .path(let path) in targets { recordStore(into: path, values: values, kind: kind, at: site) }
    }

    private func recordStore(into target: AccessPath, values: [ValueExpr], kind: StoreKind, at site: Syntax) {
        var path = target
        var kind = kind
        if path.members.last == "[]" {
            path.members.removeLast()
            kind = .insert
            if path.members.isEmpty, case .local = path.root { return }
        }
        facts.events.append(.store(StoreFacts(path: path, kind: kind, values: values,
                                              location: locations.location(of: site), inClosure: currentClosure)))
    }
}
