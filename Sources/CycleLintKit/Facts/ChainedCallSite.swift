import SwiftSyntax

extension FunctionCallExprSyntax {
    /// The node a call's location points at: in a chain of calls (`$query.removeDuplicates()
    /// .sink { … }`), the `.member` of this link, so that each link is reported where it is
    /// written; otherwise the whole call expression.
    var locatingNode: Syntax {
        guard let access = calledExpression.as(MemberAccessExprSyntax.self), var base = access.base else {
            return Syntax(self)
        }
        while true {
            if let optional = base.as(OptionalChainingExprSyntax.self) { base = optional.expression; continue }
            if let forced = base.as(ForceUnwrapExprSyntax.self) { base = forced.expression; continue }
            break
        }
        return base.is(FunctionCallExprSyntax.self) ? Syntax(access.period) : Syntax(self)
    }
}
