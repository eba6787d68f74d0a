import SwiftSyntax

/// Names: scopes, locals and aliases, and the captures a name use implies.
extension BodyExtractor {
    // MARK: Names

    func lookup(_ name: String) -> (Binding, Int)? {
        for index in scopes.indices.reversed() {
            if let binding = scopes[index].names[name] { return (binding, index) }
        }
        return nil
    }

    /// The values a name stands for (one, unless it is bound to alternatives); records the
    /// captures its use implies in every closure between the use and the name's declaration.
    func resolve(name: String, at site: Syntax) -> [ValueExpr] {
        if name.hasPrefix("$"), name.dropFirst().allSatisfy(\.isNumber), let closure = currentClosure,
           scopes.last(where: { $0.closure != nil })?.names[name] == nil {
            // Anonymous closure parameters.
            return [.path(AccessPath(.local(anonymousParameter(name, closure: closure))))]
        }
        guard let (binding, declaredAt) = lookup(name) else {
            if name == "self" { return [.other] }
            // Unresolved: an implicit-self member, a type or a global. An implicit member use
            // captures `self` in closures where `self` is strong.
            if let (selfBinding, selfScope) = lookup("self"), case .strongSelf = selfBinding {
                recordCaptures(from: selfScope, at: site) { closure, location in
                    self.addCapture(AccessPath(.name(name)), name: name, at: location, to: closure)
                }
            }
            return [.path(AccessPath(.name(name)))]
        }
        switch binding {
        case .strongSelf:
            recordCaptures(from: declaredAt, at: site) { closure, location in
                if self.facts.closures[closure].strongSelfCapture == nil {
                    self.facts.closures[closure].strongSelfCapture = location
                }
            }
            return [.path(AccessPath(.selfObject))]
        case .weakCapture:
            // Captures of a weak capture hold the weak reference, not the object.
            return [.other]
        case .value(let value):
            use(value, name: name, declaredAt: declaredAt, at: site)
            return [value]
        case .alternatives(let values):
            for value in values { use(value, name: name, declaredAt: declaredAt, at: site) }
            return values
        }
    }

    /// Records the captures implied by using `value` (bound to `name` in scope `declaredAt`).
    private func use(_ value: ValueExpr, name: String, declaredAt: Int, at site: Syntax) {
        if case .path(let path) = value {
            recordCaptures(from: declaredAt, at: site) { closure, location in
                self.addCapture(path, name: name, at: location, to: closure)
            }
        } else if case .closure(let captured) = value {
            // Capturing a closure captures what it captures.
            let inner = facts.closures[captured]
            recordCaptures(from: declaredAt, at: site) { closure, location in
                if let strong = inner.strongSelfCapture, self.facts.closures[closure].strongSelfCapture == nil {
                    self.facts.closures[closure].strongSelfCapture = strong
                }
                for path in inner.capturedPaths { self.addCapture(path.path, name: path.name, at: location, to: closure) }
            }
        }
    }

    /// How a name bound to `values` resolves: the one value, the objects among several
    /// (`a ?? b`, a ternary), or nil for a fresh local.
    func binding(for values: [ValueExpr]) -> Binding? {
        if values.count == 1, let value = values.first, value != .other { return .value(value) }
        let objects = values.filter { value in
            switch value {
            case .path, .closure: return true
            default: return false
            }
        }
        guard values.count > 1, !objects.isEmpty else { return nil }
        return objects.count == 1 ? .value(objects[0]) : .alternatives(objects)
    }

    /// Calls `capture` for every closure whose body lies between scope `declaredAt` and the use.
    func recordCaptures(from declaredAt: Int, at site: Syntax, _ capture: (Int, SourceLocation) -> Void) {
        guard declaredAt + 1 < scopes.count else { return }
        var location: SourceLocation?
        for index in (declaredAt + 1)..<scopes.count {
            guard let closure = scopes[index].closure else { continue }
            let at = location ?? locations.location(of: site)
            location = at
            capture(closure, at)
        }
    }


    func anonymousParameter(_ name: String, closure: Int) -> Int {
        let key = "\(closure)\(name)"
        if let id = anonymousParameters[key] { return id }
        let id = newLocal(name, nil, closure: closure)
        anonymousParameters[key] = id
        return id
    }

    func newLocal(_ name: String, _ type: TypeRef?, closure: Int?) -> Int {
        let id = facts.locals.count
        facts.locals.append(LocalFacts(id: id, name: name, type: type, parameterOfClosure: closure))
        return id
    }
}
