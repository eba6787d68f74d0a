import SwiftSyntax

/// Loops: which never end on their own, and whether `self` is held across them.
extension BodyExtractor {
    // MARK: Loops

    struct LoopKind {
        var stopsOnCancellation: Bool
    }

    /// `while true` and `while !Task.isCancelled` (and `while let x = await …next()`) never end
    /// on their own; other conditions are taken as bounded.
    func classifyLoop(conditions: ConditionElementListSyntax, body: CodeBlockSyntax) -> LoopKind? {
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
    func loopLabel(of loop: Syntax) -> String? {
        loop.parent?.as(LabeledStmtSyntax.self)?.label.text
    }

    func mentionsCancellation(_ body: CodeBlockSyntax) -> Bool {
        let text = body.description
        return text.contains("Task.isCancelled") || text.contains("checkCancellation")
            || text.contains("try await Task.sleep")
    }

    /// Notes an unbounded loop in the innermost closure, and whether a rebound `self` is held
    /// across it.
    func enterLoop(_ loop: LoopKind?, at node: Syntax) {
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
}
