import SwiftSyntax

/// Whether a `while true` / `repeat … while true` loop body can leave the loop: a `return` or
/// `throw`, or a `break` that targets this loop (unlabelled and not inside a nested loop or
/// switch, or labelled with this loop's label). Nested closures and functions do not count.
final class LoopExitFinder: SyntaxVisitor {
    private let label: String?
    private var breakableDepth = 0
    private(set) var exits = false

    private init(label: String?) {
        self.label = label
        super.init(viewMode: .sourceAccurate)
    }

    static func canExit(_ body: CodeBlockSyntax, label: String?) -> Bool {
        let finder = LoopExitFinder(label: label)
        finder.walk(body)
        return finder.exits
    }

    override func visit(_ node: ReturnStmtSyntax) -> SyntaxVisitorContinueKind {
        exits = true
        return .skipChildren
    }

    override func visit(_ node: ThrowStmtSyntax) -> SyntaxVisitorContinueKind {
        exits = true
        return .skipChildren
    }

    override func visit(_ node: BreakStmtSyntax) -> SyntaxVisitorContinueKind {
        if let target = node.label?.text {
            if target == label { exits = true }
        } else if breakableDepth == 0 {
            exits = true
        }
        return .skipChildren
    }

    override func visit(_ node: ClosureExprSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
    override func visit(_ node: FunctionDeclSyntax) -> SyntaxVisitorContinueKind { .skipChildren }

    override func visit(_ node: WhileStmtSyntax) -> SyntaxVisitorContinueKind { enterBreakable() }
    override func visitPost(_ node: WhileStmtSyntax) { breakableDepth -= 1 }
    override func visit(_ node: ForStmtSyntax) -> SyntaxVisitorContinueKind { enterBreakable() }
    override func visitPost(_ node: ForStmtSyntax) { breakableDepth -= 1 }
    override func visit(_ node: RepeatStmtSyntax) -> SyntaxVisitorContinueKind { enterBreakable() }
    override func visitPost(_ node: RepeatStmtSyntax) { breakableDepth -= 1 }
    override func visit(_ node: SwitchExprSyntax) -> SyntaxVisitorContinueKind { enterBreakable() }
    override func visitPost(_ node: SwitchExprSyntax) { breakableDepth -= 1 }

    private func enterBreakable() -> SyntaxVisitorContinueKind {
        breakableDepth += 1
        return .visitChildren
    }
}
