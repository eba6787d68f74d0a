import SwiftSyntax

/// How an expression naming a property is used, read from its place in the syntax tree: read,
/// assigned, emptied, compound-assigned, a method called on it, a subscript stored through it,
/// or passed `inout`.
enum AssignmentSyntax {
    static let compoundAssignments: Set<String> = ["+=", "-=", "*=", "/=", "%=", "&+=", "&-=", "|=", "&=", "^=", "<<=", ">>=", "??="]

    /// For a node that is the value of an assignment `target = node`: the operator and target.
    static func assignment(valueNode: Syntax) -> (String, ExprSyntax)? {
        guard let list = valueNode.parent?.as(ExprListSyntax.self) else { return nil }
        let elements = Array(list)
        guard let index = elements.firstIndex(where: { $0.id == valueNode.id }), index >= 2 else { return nil }
        if elements[index - 1].is(AssignmentExprSyntax.self) { return ("=", elements[index - 2]) }
        return nil
    }

    /// For a node that is the target of an assignment `node op value`: the operator and value.
    static func assignedValue(target: Syntax) -> (String, ExprSyntax)? {
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

    /// `nil`, `[]`, `[:]`, `.init()`, `Foo()`: a value that empties what it replaces.
    static func isEmptyValue(_ value: ExprSyntax) -> Bool {
        if value.is(NilLiteralExprSyntax.self) { return true }
        if let array = value.as(ArrayExprSyntax.self) { return array.elements.isEmpty }
        if let dictionary = value.as(DictionaryExprSyntax.self), case .colon = dictionary.content { return true }
        if let call = value.as(FunctionCallExprSyntax.self), call.arguments.isEmpty, call.trailingClosure == nil {
            let callee = call.calledExpression.sourceText
            return callee == ".init" || callee.first == "[" || callee.startsWithUppercase
        }
        return false
    }

    /// How the property expression `node` is used.
    struct Use {
        var kind: MemberAccessKind = .read
        /// For `.call`: the method called on the property; for `.inout`: the function `&x` is passed to.
        var calledMethod: String?
        /// For `.inout`: the position of the `&x` argument.
        var argumentPosition: Int?
        /// For plain assignments: the value assigned.
        var assignedValue: ExprSyntax?
    }

    /// The use of `node` (a reference to a property, optional chaining and force unwraps included).
    static func use(of node: ExprSyntax) -> Use {
        var current = Syntax(node)
        while let parent = current.parent, parent.is(OptionalChainingExprSyntax.self) || parent.is(ForceUnwrapExprSyntax.self) {
            current = parent
        }
        var use = Use()
        guard let parent = current.parent else { return use }
        if let member = parent.as(MemberAccessExprSyntax.self), member.base?.id == current.id {
            if let call = member.parent?.as(FunctionCallExprSyntax.self), call.calledExpression.id == member.id {
                use.kind = .call
                use.calledMethod = member.declName.baseName.text
            } else if assignedValue(target: Syntax(member)) != nil {
                use.kind = .assign
            }
        } else if let subscriptCall = parent.as(SubscriptCallExprSyntax.self), subscriptCall.calledExpression.id == current.id {
            if let (op, value) = assignedValue(target: Syntax(subscriptCall)) {
                use.kind = op == "=" && value.is(NilLiteralExprSyntax.self) ? .subscriptClear : .subscriptSet
            }
        } else if parent.is(InOutExprSyntax.self) {
            use.kind = .inout
            // `f(&x)`: the function it is passed to.
            if let argument = parent.parent?.as(LabeledExprSyntax.self),
               let call = argument.parent?.parent?.as(FunctionCallExprSyntax.self) {
                use.calledMethod = CallbackSyntax.calleeName(call)
                use.argumentPosition = call.arguments.enumerated().first { $0.element.id == argument.id }?.offset
            }
        } else if let (op, value) = assignedValue(target: current) {
            use.kind = op == "=" ? (isEmptyValue(value) ? .clear : .assign) : .compoundAssign
            use.assignedValue = value
        } else if let element = parent.as(LabeledExprSyntax.self), let tuple = element.parent?.parent?.as(TupleExprSyntax.self),
                  assignedValue(target: Syntax(tuple)) != nil {
            use.kind = .assign
        }
        return use
    }
}
