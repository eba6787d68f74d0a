/// What a project method does with each of its parameters, read from its body: stores it into a
/// property of `self` (directly, appended, or inside a closure it stores), hands it to an API
/// that retains it, or returns it (inside a closure or an object it builds). Computed on demand,
/// following the project methods it calls down to `maximumCallDepth`, and memoised so that an
/// answer depends on the query alone, never on what was asked before (see `effects(of:file:owner:)`).
final class MethodSummaries {
    // Not Sendable: the memo is mutated by every query, so each thread makes its own instance.
    enum ParameterEffect: Hashable {
        /// Stored at `self.members…` (the last member is the property).
        case stored([String], SourceLocation)
        /// Passed to an API that keeps it in this way.
        case retained(ClosureRetention, String)
        /// Held by what the method returns: the parameter itself, a closure capturing it, or an
        /// object built with it that keeps it (`static func make(d: D) -> Source { Source { d.cell() } }`);
        /// `captured` when a closure's capture holds it.
        case returned(captured: Bool)
    }

    /// How a value holds a parameter.
    private enum Carriage {
        /// The parameter itself, or an object that stores it.
        case direct
        /// A closure's capture (possibly inside an object that keeps the closure).
        case captured
    }

    /// How many calls deep a query follows project methods (the queried method is depth 0): a
    /// recursive method is followed like any other down to this depth, as `ReleaseAnalysis` does.
    static let maximumCallDepth = 6

    private let index: ProjectIndex
    private let knowledge: RetentionKnowledge
    /// Answers that reached no call at `maximumCallDepth`, whatever the depth they were asked at:
    /// with their height (how many calls deep below the method they went), they hold for every
    /// depth where that height still fits.
    private var complete: [BodyID: (effects: [[ParameterEffect]], height: Int)] = [:]
    /// Answers cut at `maximumCallDepth` (recursion, or a very long chain of calls), by depth.
    private var cut: [CutQuery: [[ParameterEffect]]] = [:]
    /// The height found so far below each query being computed, innermost last: its count is the
    /// depth of the next query.
    private var openQueries: [Int] = []

    private struct BodyID: Hashable {
        var file: Int, body: Int
    }

    private struct CutQuery: Hashable {
        var body: BodyID, depth: Int
    }

    /// The height of an answer that was cut somewhere below it.
    private static let unbounded = Int.max

    init(index: ProjectIndex, knowledge: RetentionKnowledge) {
        self.index = index
        self.knowledge = knowledge
    }

    /// Effects per parameter of `method` (declared in `owner`); empty lists when unknown. The
    /// answer is a function of the method and the depth of the query alone, so any thread asking
    /// in any order gets the same one: a method calling back into one being computed is followed
    /// again (down to `maximumCallDepth`) instead of being cut where the earlier query happened to be.
    func effects(of method: MethodFacts, file: Int, owner: String) -> [[ParameterEffect]] {
        let none = [[ParameterEffect]](repeating: [], count: method.parameters.count)
        guard let bodyID = method.body else { return none }
        let depth = openQueries.count
        guard depth < Self.maximumCallDepth else {
            noteCallee(height: Self.unbounded)
            return none
        }
        let key = BodyID(file: file, body: bodyID)
        if let known = complete[key], depth + known.height < Self.maximumCallDepth {
            noteCallee(height: known.height)
            return known.effects
        }
        if let known = cut[CutQuery(body: key, depth: depth)] {
            noteCallee(height: Self.unbounded)
            return known
        }
        openQueries.append(0)
        let body = index.body(bodyID, in: file)
        let effects = method.parameters.map { parameterEffects($0.name, body: body, owner: owner, file: file).uniqued() }
        let height = openQueries.removeLast()
        if height != Self.unbounded && depth + height < Self.maximumCallDepth {
            complete[key] = (effects, height)
        } else {
            cut[CutQuery(body: key, depth: depth)] = effects
        }
        noteCallee(height: height)
        return effects
    }

    /// Tells the query being computed (if any) that it asked one whose answer has `height`.
    private func noteCallee(height: Int) {
        guard let last = openQueries.indices.last else { return }
        let below = height == Self.unbounded ? Self.unbounded : height + 1
        openQueries[last] = max(openQueries[last], below)
    }

    private func parameterEffects(_ name: String, body: BodyFacts, owner: String, file: Int) -> [ParameterEffect] {
        var effects: [ParameterEffect] = []
        let carriage = { (value: ValueExpr) -> Carriage? in
            self.carries(value, parameter: name, body: body, owner: owner, depth: 0)
        }
        let carriesParameter = { (value: ValueExpr) -> Bool in carriage(value) != nil }
        let storedResults = storedCallResults(body, owner: owner)
        if let returned = returnedCarriage(body, owner: owner, carriage) {
            effects.append(.returned(captured: returned == .captured))
        }
        for event in body.events {
            switch event {
            case .store(let store):
                // A project initializer's object is followed below the property it is stored in
                // (`constructedObjectEffects`), not taken as the parameter itself.
                guard store.values.contains(where: { carriesParameter($0) && !isProjectConstruction($0, body: body, owner: owner) }),
                      let members = selfMembers(store.path, owner: owner)
                else { continue }
                if let setterEffects = setterEffects(storingInto: members, owner: owner) {
                    effects += setterEffects
                } else {
                    effects.append(.stored(members, store.location))
                }
            case .call(let callID):
                let call = body.calls[callID]
                for (position, argument) in call.arguments.enumerated() where argument.contains(where: carriesParameter) {
                    effects += constructedObjectEffects(call, argumentPosition: position, storedAt: storedResults[callID])
                    effects += callEffects(call, argumentPosition: position, body: body, owner: owner).map { effect in
                        // A closure kept by a token that `self` stores (`token = p.publisher.sink { _ in p.refresh() }`)
                        // is held by `self` through that property.
                        if case .retained(.retainedByToken, _) = effect, let members = storedResults[callID] {
                            return .stored(members, call.location)
                        }
                        return effect
                    }
                }
            }
        }
        return effects
    }

    /// `self.block = value` where `block` is a computed property: what its setter does with
    /// `newValue` (`set { queue.sync { _block = newValue } }` stores it in `_block`), below the
    /// same object; nil when the property is stored (or not declared in the project).
    private func setterEffects(storingInto members: [String], owner: String) -> [ParameterEffect]? {
        guard let property = members.last, property != "[]",
              let holderType = memberType(owner, Array(members.dropLast())),
              let (found, declaringType) = index.property(property, of: holderType),
              !found.isStored, !found.isRequirement else { return nil }
        guard let (setter, file) = index.methods("set:\(property)", of: declaringType).first,
              let newValue = effects(of: setter, file: file, owner: declaringType).first else { return [] }
        let holder = Array(members.dropLast())
        return newValue.compactMap { effect in
            switch effect {
            case .stored(let inner, let location): return .stored(holder + inner, location)
            case .retained: return effect
            case .returned: return nil
            }
        }
    }

    /// `self.handler = Handler(coordinator: coordinator)`: a project initializer that stores its
    /// argument makes it stored below the property that keeps the new object.
    private func constructedObjectEffects(_ call: CallFacts, argumentPosition: Int, storedAt: [String]?) -> [ParameterEffect] {
        guard let storedAt, call.receiver == nil, call.name == "init", let typeName = call.typeName,
              let resolved = index.resolveTypeName(typeName),
              let (method, file) = index.method("init", of: resolved, labels: call.labels, trailingStart: call.trailingStart),
              let positions = CallMatcher.parameterIndices(labels: call.labels, trailingStart: call.trailingStart,
                                                           parameters: method.parameters),
              argumentPosition < positions.count else { return [] }
        let inner = effects(of: method, file: file, owner: resolved)
        let parameter = positions[argumentPosition]
        guard parameter < inner.count else { return [] }
        return inner[parameter].compactMap { effect in
            if case .stored(let members, let location) = effect { return .stored(storedAt + members, location) }
            return nil
        }
    }

    /// The `self` members that keep each call's result (`token = …`, `.store(in: &bag)`).
    private func storedCallResults(_ body: BodyFacts, owner: String) -> [Int: [String]] {
        var result: [Int: [String]] = [:]
        for case .store(let store) in body.events {
            guard let members = selfMembers(store.path, owner: owner) else { continue }
            for case .path(let path) in store.values {
                if case .callResult(let id) = path.root, path.members.isEmpty { result[id] = members }
            }
        }
        return result
    }

    /// How the body's result holds the parameter: a returned value carries it, or an object it
    /// builds and returns is given it afterwards (`let s = Source(); s.delegate = d; return s`,
    /// through a strong property); nil when it does not.
    private func returnedCarriage(_ body: BodyFacts, owner: String, _ carriage: (ValueExpr) -> Carriage?) -> Carriage? {
        let direct = body.resultValues.compactMap(carriage)
        if !direct.isEmpty { return direct.contains(.captured) ? .captured : .direct }
        let returnedCalls = Set(body.resultValues.compactMap { value -> Int? in
            guard case .path(let path) = value, path.members.isEmpty, case .callResult(let id) = path.root else { return nil }
            return id
        })
        var found: Carriage?
        for case .store(let store) in body.events {
            guard case .callResult(let id) = store.path.root, returnedCalls.contains(id), store.path.members.count == 1,
                  storesStrongly(into: store.path.members[0], ofObjectMadeBy: body.calls[id], owner: owner) else { continue }
            for value in store.values {
                guard let kind = carriage(value) else { continue }
                if found != .captured { found = kind }
            }
        }
        return found
    }

    /// The result of `T(…)` where `T` is a project type with a declared initializer.
    private func isProjectConstruction(_ value: ValueExpr, body: BodyFacts, owner: String) -> Bool {
        guard case .path(let path) = value, path.members.isEmpty, case .callResult(let id) = path.root else { return false }
        let call = body.calls[id]
        guard call.name == "init", call.receiver == nil, let typeName = call.typeName,
              let resolved = index.resolveTypeName(typeName, from: owner) else { return false }
        return index.method("init", of: resolved, labels: call.labels, trailingStart: call.trailingStart) != nil
    }

    /// `T(…)` of a project type whose property `member` holds its value strongly.
    private func storesStrongly(into member: String, ofObjectMadeBy call: CallFacts, owner: String) -> Bool {
        guard call.name == "init", call.receiver == nil, let typeName = call.typeName,
              let resolved = index.resolveTypeName(typeName, from: owner),
              let (property, declaringType) = index.property(member, of: resolved) else { return false }
        return index.holdsStrongly(property, of: declaringType)
    }

    /// How a value holds the parameter: itself, a closure capturing it, or the result of a call
    /// that keeps it; nil when it does not.
    private func carries(_ value: ValueExpr, parameter: String, body: BodyFacts, owner: String, depth: Int) -> Carriage? {
        switch value {
        case .path(let path):
            guard path.members.isEmpty else { return nil }
            if path.root == .parameter(parameter) { return .direct }
            guard case .callResult(let id) = path.root, depth < 8 else { return nil }
            let call = body.calls[id]
            var found: Carriage?
            for position in call.arguments.indices {
                let inner = call.arguments[position].compactMap {
                    carries($0, parameter: parameter, body: body, owner: owner, depth: depth + 1)
                }
                guard !inner.isEmpty, let kept = resultKeeps(call, argumentPosition: position, body: body, owner: owner)
                else { continue }
                found = inner.contains(.captured) || kept == .captured ? .captured : (found ?? .direct)
            }
            return found
        case .closure(let id):
            return body.closures[id].capturedPaths.contains { $0.path == AccessPath(.parameter(parameter)) } ? .captured : nil
        case .array(let values):
            let inner = values.compactMap { carries($0, parameter: parameter, body: body, owner: owner, depth: depth) }
            return inner.isEmpty ? nil : (inner.contains(.captured) ? .captured : .direct)
        default: return nil
        }
    }

    /// Whether the object a call returns keeps the argument at `argumentPosition`: a project
    /// initializer that stores it or a project method that returns it, an API whose result
    /// keeps its closures (`UITableViewDiffableDataSource(tableView:cellProvider:)`), or an
    /// initializer of a type we cannot see given a closure.
    /// `.captured` when the callee returns it inside a closure; nil when the result does not keep it.
    private func resultKeeps(_ call: CallFacts, argumentPosition: Int, body: BodyFacts, owner: String) -> Carriage? {
        let constructs = call.typeName != nil && call.name == "init" && call.receiver == nil
        let calleeType: String? = {
            if let typeName = call.typeName { return index.resolveTypeName(typeName, from: owner) }
            switch call.receiver {
            case nil: return call.isImplicitMember ? nil : owner
            case .path(let path)?: return selfMembers(path, owner: owner, allowSelf: true).flatMap { memberType(owner, $0) }
            default: return nil
            }
        }()
        if let calleeType,
           let (method, file) = index.method(constructs ? "init" : call.name, of: calleeType, labels: call.labels,
                                             trailingStart: call.trailingStart),
           let positions = CallMatcher.parameterIndices(labels: call.labels, trailingStart: call.trailingStart,
                                                        parameters: method.parameters),
           argumentPosition < positions.count {
            let inner = effects(of: method, file: file, owner: calleeType)
            let parameter = positions[argumentPosition]
            guard parameter < inner.count else { return nil }
            var kept: Carriage?
            for effect in inner[parameter] {
                switch effect {
                case .returned(let captured): kept = captured ? .captured : (kept ?? .direct)
                case .stored: if constructs { kept = kept ?? .direct }
                case .retained: break
                }
            }
            return kept
        }
        let isClosure = call.arguments[argumentPosition].contains { if case .closure = $0 { return true } else { return false } }
        let freeFunction = call.receiver == nil && call.typeName == nil && !call.isImplicitMember
        if let entry = knowledge.entry(typeName: call.typeName, method: constructs ? "init" : call.name, labels: call.labels,
                                       trailingStart: call.trailingStart) {
            guard entry.retention == .retainedByReceiver, entry.keeper == nil, constructs || (freeFunction && entry.typeName == nil)
            else { return nil }
            if let selected = entry.retainedArgument { return selected.index(labels: call.labels) == argumentPosition ? .direct : nil }
            return isClosure ? .direct : nil
        }
        // An object of a type we cannot see, built with a closure: it holds it.
        let unseen = constructs && isClosure && calleeType == nil && !NonEscapingInitializers.contains(typeName: call.typeName ?? "")
        return unseen ? .direct : nil
    }

    private func callEffects(_ call: CallFacts, argumentPosition: Int, body: BodyFacts, owner: String) -> [ParameterEffect] {
        let receiverMembers: [String]?
        switch call.receiver {
        case nil: receiverMembers = call.typeName == nil ? [] : nil
        case .path(let path)?: receiverMembers = selfMembers(path, owner: owner, allowSelf: true)
        default: receiverMembers = nil
        }
        // A method of the same object (or of an object it owns) in the project.
        if let receiverMembers, let receiverType = memberType(owner, receiverMembers),
           let (method, file) = index.method(call.name, of: receiverType, labels: call.labels, trailingStart: call.trailingStart),
           let positions = CallMatcher.parameterIndices(labels: call.labels, trailingStart: call.trailingStart,
                                                        parameters: method.parameters),
           argumentPosition < positions.count {
            let inner = effects(of: method, file: file, owner: receiverType)
            let parameter = positions[argumentPosition]
            guard parameter < inner.count else { return [] }
            return inner[parameter].map { effect in
                if case .stored(let members, let location) = effect { return .stored(receiverMembers + members, location) }
                return effect
            }
        }
        let receiverTypeName: String? = call.typeName ?? {
            guard let receiverMembers, let type = memberType(owner, receiverMembers) else { return nil }
            return type
        }()
        guard let entry = knowledge.entry(typeName: receiverTypeName, method: call.typeName != nil && call.receiver == nil ? "init" : call.name,
                                          labels: call.labels, trailingStart: call.trailingStart) else { return [] }
        if entry.retention == .retainedByReceiver, let receiverMembers, !receiverMembers.isEmpty {
            return [.stored(receiverMembers + [call.name], call.location)]
        }
        return [.retained(entry.retention, entry.api)]
    }

    /// Members below `self` of a path in `owner`'s body (`self.a.b`, or an implicit member `a.b`).
    private func selfMembers(_ path: AccessPath, owner: String, allowSelf: Bool = false) -> [String]? {
        switch path.root {
        case .selfObject:
            return path.members.isEmpty && !allowSelf ? nil : path.members
        case .name(let name):
            guard index.property(name, of: owner).map({ !$0.property.isStatic }) ?? false else { return nil }
            return [name] + path.members
        default:
            return nil
        }
    }

    /// The type of `self.members…` in `owner`, when declared.
    private func memberType(_ owner: String, _ members: [String]) -> String? {
        var current = owner
        for member in members {
            guard let type = index.property(member, of: current)?.property.type?.name,
                  let resolved = index.resolveTypeName(type, from: current) else { return nil }
            current = resolved
        }
        return current
    }
}

private extension Array where Element: Hashable {
    /// The elements in order, each listed once.
    func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
