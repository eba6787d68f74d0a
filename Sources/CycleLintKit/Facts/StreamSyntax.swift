import SwiftSyntax

/// `AsyncStream`/`AsyncThrowingStream` creations read from syntax: which calls create one and
/// the element type they name.
enum StreamSyntax {
    /// `AsyncStream`, `AsyncThrowingStream`, `AsyncStream<T>`.
    static func isStreamType(_ expression: ExprSyntax) -> Bool {
        var expression = expression
        if let specialized = expression.as(GenericSpecializationExprSyntax.self) { expression = specialized.expression }
        guard let reference = expression.as(DeclReferenceExprSyntax.self) else { return false }
        return reference.baseName.text == "AsyncStream" || reference.baseName.text == "AsyncThrowingStream"
    }

    /// `AsyncStream<T>(…)`, `AsyncStream<T>.makeStream()`, `makeStream(of: T.self)`, `AsyncStream(T.self)`: T.
    static func elementType(of call: FunctionCallExprSyntax) -> String? {
        var callee = call.calledExpression
        if let member = callee.as(MemberAccessExprSyntax.self), let base = member.base { callee = base }
        if let specialized = callee.as(GenericSpecializationExprSyntax.self) {
            return specialized.genericArgumentClause.arguments.first?.argument.sourceText
        }
        let typeArgument = call.arguments.first { $0.label?.text == "of" || ($0.label == nil && $0.expression.sourceText.hasSuffix(".self")) }
        guard let text = typeArgument?.expression.sourceText, text.hasSuffix(".self") else { return nil }
        return String(text.dropLast(5))
    }

    /// `x` for `x` and `self.x`: the name a stream is kept under.
    static func handleName(_ expression: ExprSyntax) -> String? {
        if let reference = expression.as(DeclReferenceExprSyntax.self) { return reference.baseName.text }
        if let member = expression.as(MemberAccessExprSyntax.self), member.base?.sourceText == "self" {
            return member.declName.baseName.text
        }
        return nil
    }

    /// The names a stream made by `node` (the creating call, through `try`/`await`) is reached
    /// by: the variable or property it is bound or assigned to, or `function` when it is returned.
    static func handles(of node: Syntax, function: String) -> [String] {
        if let binding = node.parent?.parent?.as(PatternBindingSyntax.self) {
            if let name = binding.pattern.as(IdentifierPatternSyntax.self)?.identifier.text { return [name] }
            if let tuple = binding.pattern.as(TuplePatternSyntax.self),
               let first = tuple.elements.first?.pattern.as(IdentifierPatternSyntax.self)?.identifier.text { return [first] }
        }
        if let (_, target) = AssignmentSyntax.assignment(valueNode: node) {
            if let tuple = target.as(TupleExprSyntax.self), let first = tuple.elements.first?.expression {
                return handleName(first).map { [$0] } ?? []
            }
            return handleName(target).map { [$0] } ?? []
        }
        if node.parent?.is(ReturnStmtSyntax.self) == true { return [function] }
        // The only statement of a function or computed property: an implicit return.
        if let item = node.parent?.as(CodeBlockItemSyntax.self), let list = item.parent?.as(CodeBlockItemListSyntax.self),
           list.count == 1, list.parent?.is(CodeBlockSyntax.self) == true || list.parent?.is(AccessorBlockSyntax.self) == true {
            return [function]
        }
        return []
    }

    /// What a `for await` loop iterates, by name: `stream`, `self.events`, `ticks()`,
    /// `events.map { … }` (the stream the chain starts from).
    static func sequenceName(_ expression: ExprSyntax) -> String? {
        var expression = expression
        while true {
            if let wrapped = expression.as(TryExprSyntax.self) {
                expression = wrapped.expression
            } else if let wrapped = expression.as(AwaitExprSyntax.self) {
                expression = wrapped.expression
            } else if let call = expression.as(FunctionCallExprSyntax.self) {
                if let reference = call.calledExpression.as(DeclReferenceExprSyntax.self) { return reference.baseName.text }
                expression = call.calledExpression
            } else if let member = expression.as(MemberAccessExprSyntax.self) {
                guard let base = member.base else { return nil }
                if base.as(DeclReferenceExprSyntax.self)?.baseName.tokenKind == .keyword(.self) { return member.declName.baseName.text }
                expression = base
            } else {
                return expression.as(DeclReferenceExprSyntax.self)?.baseName.text
            }
        }
    }

    /// The loop body waits for other work per element: an `await` outside the closures it hands
    /// off (`group.addTask { await … }` does not hold the loop back).
    static func suspendsPerElement(_ body: CodeBlockSyntax) -> Bool {
        final class AwaitFinder: SyntaxVisitor {
            var found = false
            override func visit(_ node: AwaitExprSyntax) -> SyntaxVisitorContinueKind {
                found = true
                return .skipChildren
            }
            override func visit(_ node: ForStmtSyntax) -> SyntaxVisitorContinueKind {
                if node.awaitKeyword != nil { found = true }
                return .visitChildren
            }
            override func visit(_ node: ClosureExprSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
        }
        let finder = AwaitFinder(viewMode: .sourceAccurate)
        finder.walk(body)
        return finder.found
    }
}
