import SwiftSyntax

/// Closures and what they capture.
extension BodyExtractor {
    // MARK: Closures

    var currentClosure: Int? {
        scopes.last(where: { $0.closure != nil })?.closure
    }

    func beginClosure(at node: Syntax) -> Int {
        let id = facts.closures.count
        facts.closures.append(ClosureFacts(
            id: id, location: locations.location(of: node), parent: currentClosure, listedSelf: nil,
            strongSelfCapture: nil, capturedPaths: [], unboundedLoop: nil, loopStopsOnCancellation: false,
            selfHeldAcrossLoop: nil, isImmediatelyCalled: false))
        return id
    }

    /// `firstParameter`: what the closure's first parameter stands for, when the callee passes
    /// a known value (the wrapped state of `$state.mutate { $0… }`).
    func walkClosure(_ closure: ClosureExprSyntax, immediatelyCalled: Bool, firstParameter: ValueExpr? = nil) -> Int {
        let id = beginClosure(at: Syntax(closure))
        facts.closures[id].isImmediatelyCalled = immediatelyCalled
        var scope = Scope()
        scope.closure = id

        // The capture list is evaluated where the closure is created, in the enclosing scope.
        for item in closure.signature?.capture?.items ?? [] {
            let name = item.name.text
            let strength = captureStrength(item.specifier)
            let location = locations.location(of: Syntax(item))
            var captured: [ValueExpr] = item.initializer.map { evaluate($0.value) }
                ?? resolve(name: name, at: Syntax(item))
            if item.initializer == nil, captured == [.path(AccessPath(.name(name)))], lookup("self") != nil {
                // `[handler]` names an implicit member: the closure holds that member's value.
                captured = [.path(AccessPath(.selfObject, [name]))]
            }
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
                scope.names[name] = binding(for: captured) ?? .value(.other)
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
        if let firstParameter {
            let name: String? = switch closure.signature?.parameterClause {
            case .simpleInput(let parameters): parameters.first?.name.text
            case .parameterClause(let clause): clause.parameters.first.map { ($0.secondName ?? $0.firstName).text }
            case nil: "$0"
            }
            if let name { scope.names[name] = .value(firstParameter) }
        }

        scopes.append(scope)
        walkItemsReturningLast(closure.statements)
        scopes.removeLast()
        return id
    }

    func captureStrength(_ specifier: ClosureCaptureSpecifierSyntax?) -> ReferenceStrength {
        switch specifier?.specifier.text {
        case "weak": return .weak
        case "unowned": return .unowned
        default: return .strong
        }
    }

    func addCapture(_ path: AccessPath, name: String, at location: SourceLocation, to closure: Int) {
        if !facts.closures[closure].capturedPaths.contains(where: { $0.path == path }) {
            facts.closures[closure].capturedPaths.append(CapturedPath(path: path, location: location, name: name))
        }
    }
}
