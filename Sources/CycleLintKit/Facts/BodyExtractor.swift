import SwiftSyntax

/// Walks one executable body (statements and expressions) and records its `BodyFacts`: stores,
/// calls, closures with their captures, and locals, resolving local names to the objects they
/// alias as it goes.
final class BodyExtractor {
    let locations: LocationMaker
    @exclusivity(unchecked) var facts: BodyFacts
    @exclusivity(unchecked) var scopes: [Scope] = []

    /// What a name stands for inside the body.
    enum Binding {
        /// The instance `self` (a method's own, a strong capture, or `guard let self` rebinding).
        case strongSelf
        /// A weak or unowned capture (of `self` or anything else): captures of it are not strong.
        case weakCapture
        /// An object, closure or other value the name aliases.
        case value(ValueExpr)
        /// One of several objects or closures (`let v = cached ?? View()`, `c ? a : b`).
        case alternatives([ValueExpr])
    }

    struct Scope {
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

    /// Anonymous closure parameters (`$0`) by closure and name, as locals.
    @exclusivity(unchecked) var anonymousParameters: [String: Int] = [:]
    /// What each closure (by id) returns, for immediately-invoked closures.
    @exclusivity(unchecked) var closureReturns: [Int: [ValueExpr]] = [:]

    // MARK: Entry points

    func addParameters(_ parameters: [ParameterFacts]) {
        for parameter in parameters {
            scopes[0].names[parameter.name] = .value(.path(AccessPath(.parameter(parameter.name))))
        }
    }

    /// Walks a body; `returnsValue`: a lone expression is its result (a function with a return type).
    func walk(_ items: CodeBlockItemListSyntax, returnsValue: Bool = false) -> BodyFacts {
        if returnsValue { walkItemsReturningLast(items) } else { walkItems(items) }
        return facts
    }

    /// Walks `items`; a lone expression is the value of the block (an implicit `return`).
    func walkItemsReturningLast(_ items: CodeBlockItemListSyntax) {
        if items.count == 1, case .expr(let expression)? = items.first?.item {
            recordReturn(evaluate(expression))
        } else {
            walkItems(items)
        }
    }

    /// Notes values returned by the innermost closure, or by the body itself.
    func recordReturn(_ values: [ValueExpr]) {
        if let closure = currentClosure {
            closureReturns[closure, default: []] += values
        } else {
            facts.resultValues += values
        }
    }

    func walkExpressionAsResult(_ expression: ExprSyntax) -> BodyFacts {
        facts.resultValues = evaluate(expression)
        return facts
    }

    // MARK: Everything else

    /// Visits the expressions and statements under a node that has no special meaning here.
    func walkGeneric(_ node: Syntax) {
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

extension TokenKind {
    var isIdentifier: Bool {
        if case .identifier = self { return true }
        return false
    }
}
