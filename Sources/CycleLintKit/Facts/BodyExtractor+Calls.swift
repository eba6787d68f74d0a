import SwiftSyntax

/// Calls: callee, receiver and arguments, and the collection stores they imply.
extension BodyExtractor {
    // MARK: Calls

    /// The values the call produces: its result, or what an immediately-invoked closure (or a
    /// local function or closure called by name) returns.
    func recordCall(_ call: FunctionCallExprSyntax) -> [ValueExpr] {
        let id = facts.calls.count
        var callFacts = CallFacts(id: id, receiver: nil, name: "", typeName: nil, labels: [], arguments: [],
                                  trailingStart: 0, location: locations.location(of: call.locatingNode),
                                  inClosure: currentClosure, isImplicitMember: false)
        facts.calls.append(callFacts)

        var callee = call.calledExpression
        if let specialization = callee.as(GenericSpecializationExprSyntax.self) { callee = specialization.expression }
        var immediatelyCalled: Int?
        if let closure = callee.as(ClosureExprSyntax.self) {
            immediatelyCalled = walkClosure(closure, immediatelyCalled: true)
        } else if let reference = callee.as(DeclReferenceExprSyntax.self) {
            let name = reference.baseName.text
            let resolved = lookup(name)
            if resolved == nil, name.startsWithUppercase {
                callFacts.typeName = name
                callFacts.name = "init"
            } else {
                callFacts.name = name
                // Calling a name uses it: an implicit-self method call captures `self`, a call
                // of a local closure captures what that closure captures.
                let values = resolve(name: name, at: Syntax(reference))
                if values.count == 1, case .closure = values[0] { callFacts.receiver = values[0] }
            }
        } else if let access = callee.as(MemberAccessExprSyntax.self) {
            callFacts.name = access.declName.baseName.text
            if let base = access.base, base.is(SuperExprSyntax.self) {
                callFacts.receiver = resolve(name: "self", at: Syntax(base)).first
                callFacts.isSuperCall = true
            } else if let base = access.base {
                if let typeName = typeNameIfType(base) {
                    callFacts.typeName = typeName
                }
                let values = evaluate(base)
                callFacts.receiver = values.count == 1 ? values[0] : .other
                if values.count > 1 {
                    callFacts.possibleReceivers = values.filter { value in
                        if case .path = value { return true }
                        return false
                    }
                }
            } else {
                callFacts.isImplicitMember = true
            }
        } else {
            evaluate(callee)
        }

        for argument in call.arguments {
            if let selector = argument.expression.selectorMethodName { callFacts.selectors.append(selector) }
            callFacts.labels.append(argument.label?.text)
            callFacts.arguments.append(evaluate(argument.expression))
        }
        callFacts.trailingStart = callFacts.arguments.count
        if let trailing = call.trailingClosure {
            callFacts.labels.append(nil)
            let state = Self.wrappedStateWriters.contains(callFacts.name) ? callFacts.receiver.flatMap(wrappedValue) : nil
            callFacts.arguments.append([.closure(walkClosure(trailing, immediatelyCalled: false, firstParameter: state))])
        }
        for extra in call.additionalTrailingClosures {
            callFacts.labels.append(extra.label.text)
            callFacts.arguments.append([.closure(walkClosure(extra.closure, immediatelyCalled: false))])
        }
        callFacts.isAwaited = call.parent?.is(AwaitExprSyntax.self) == true
        facts.calls[id] = callFacts
        recordCollectionStore(callFacts, at: Syntax(call))
        facts.events.append(.call(id))
        if let immediatelyCalled {
            return closureReturns[immediatelyCalled] ?? [.other]
        }
        if case .closure(let local)? = callFacts.receiver, let returned = closureReturns[local], !returned.isEmpty {
            // A local function or closure called by name yields what its body returns.
            return returned
        }
        return [.path(AccessPath(.callResult(id)))]
    }

    /// Methods of property-wrapper projections that hand the wrapped value to their closure
    /// to modify (`$state.mutate { $0.observers.append(o) }`).
    static let wrappedStateWriters: Set<String> = ["mutate", "modify", "write", "update", "withValue", "withLock",
                                                   "withMutableValue", "withLockedValue"]

    /// `$state` (or `self.$state`) → the wrapped property `state`.
    private func wrappedValue(_ projection: ValueExpr) -> ValueExpr? {
        guard case .path(var path) = projection else { return nil }
        if path.members.isEmpty, case .name(let name) = path.root, name.hasPrefix("$"), name.count > 1 {
            path.root = .name(String(name.dropFirst()))
        } else if let last = path.members.last, last.hasPrefix("$"), last.count > 1 {
            path.members[path.members.count - 1] = String(last.dropFirst())
        } else {
            return nil
        }
        return .path(path)
    }

    /// `x.append(v)`, `x.insert(v, at:)`, `x.updateValue(v, forKey:)`, `x.append(contentsOf:)`,
    /// Combine's `cancellable.store(in: &set)` and RxSwift's `disposable.disposed(by: bag)`
    /// (`addDisposableTo(bag)` before RxSwift 4) also store into a property.
    func recordCollectionStore(_ call: CallFacts, at site: Syntax) {
        guard case .path(let receiver)? = call.receiver, let first = call.arguments.first else { return }
        switch (call.name, call.labels.first ?? nil) {
        case ("append", nil), ("insert", nil), ("updateValue", nil), ("push", nil), ("enqueue", nil),
             ("append", "contentsOf"):
            recordStore(into: [.path(receiver)], values: first.flatMap(flattenArray), kind: .insert, at: site)
        case ("store", "in"), ("disposed", "by"), ("addDisposableTo", nil):
            recordStore(into: first, values: [.path(receiver)], kind: .insert, at: site)
        default:
            break
        }
    }

    /// `Foo`, `Foo.Bar`, `Self` used as a call base: a type, by Swift naming convention.
    func typeNameIfType(_ expression: ExprSyntax) -> String? {
        if let reference = expression.as(DeclReferenceExprSyntax.self) {
            let name = reference.baseName.text
            return name.startsWithUppercase && lookup(name) == nil ? name : nil
        }
        if let access = expression.as(MemberAccessExprSyntax.self), let base = access.base,
           let baseType = typeNameIfType(base), access.declName.baseName.text.startsWithUppercase {
            return baseType + "." + access.declName.baseName.text
        }
        if let specialization = expression.as(GenericSpecializationExprSyntax.self) {
            return typeNameIfType(specialization.expression)
        }
        return nil
    }
}
