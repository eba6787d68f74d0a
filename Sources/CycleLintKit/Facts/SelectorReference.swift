import SwiftSyntax

extension ExprSyntax {
    /// The method a `#selector(…)` expression names: `fire` for `#selector(fire)`,
    /// `#selector(fire(_:))`, `#selector(self.fire)` or `#selector(Poller.fire(_:))`; nil for
    /// anything else.
    var selectorMethodName: String? {
        guard let macro = self.as(MacroExpansionExprSyntax.self), macro.macroName.text == "selector",
              var expression = macro.arguments.last?.expression else { return nil }
        if let call = expression.as(FunctionCallExprSyntax.self) { expression = call.calledExpression }
        if let reference = expression.as(DeclReferenceExprSyntax.self) { return reference.baseName.text }
        if let access = expression.as(MemberAccessExprSyntax.self) { return access.declName.baseName.text }
        return nil
    }
}
