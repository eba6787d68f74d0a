/// What a project method does with each of its parameters, read from its body: stores it into a
/// property of `self` (directly, appended, or inside a closure it stores), or hands it to an
/// API that retains it. Computed on demand and memoised; recursion is cut off.
final class MethodSummaries {
    // Not Sendable: the memo is mutated by every query, so each thread makes its own instance.
    enum ParameterEffect: Equatable {
        /// Stored at `self.members…` (the last member is the property).
        case stored([String], SourceLocation)
        /// Passed to an API that keeps it in this way.
        case retained(ClosureRetention, String)
    }

    private let index: ProjectIndex
    private let knowledge: RetentionKnowledge
    private var cache: [BodyID: [[ParameterEffect]]] = [:]
    private var inProgress: Set<BodyID> = []

    private struct BodyID: Hashable {
        var file: Int, body: Int
    }

    init(index: ProjectIndex, knowledge: RetentionKnowledge) {
        self.index = index
        self.knowledge = knowledge
    }

    /// Effects per parameter of `method` (declared in `owner`); empty lists when unknown.
    func effects(of method: MethodFacts, file: Int, owner: String) -> [[ParameterEffect]] {
        guard let bodyID = method.body else { return Array(repeating: [], count: method.parameters.count) }
        let key = BodyID(file: file, body: bodyID)
        if let cached = cache[key] { return cached }
        guard inProgress.insert(key).inserted else { return Array(repeating: [], count: method.parameters.count) }
        defer { inProgress.remove(key) }
        let body = index.body(bodyID, in: file)
        let effects = method.parameters.map { parameterEffects($0.name, body: body, owner: owner, file: file) }
        cache[key] = effects
        return effects
    }

    private func parameterEffects(_ name: String, body: BodyFacts, owner: String, file: Int) -> [ParameterEffect] {
        var effects: [ParameterEffect] = []
        let carriesParameter = { (value: ValueExpr) -> Bool in self.carries(value, parameter: name, body: body) }
        let storedResults = storedCallResults(body, owner: owner)
        for event in body.events {
            switch event {
            case .store(let store):
                guard store.values.contains(where: carriesParameter), let members = selfMembers(store.path, owner: owner)
                else { continue }
                effects.append(.stored(members, store.location))
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

    /// The parameter itself, or a closure capturing it.
    private func carries(_ value: ValueExpr, parameter: String, body: BodyFacts) -> Bool {
        switch value {
        case .path(let path): return path.root == .parameter(parameter) && path.members.isEmpty
        case .closure(let id): return body.closures[id].capturedPaths.contains { $0.path == AccessPath(.parameter(parameter)) }
        case .array(let values): return values.contains { carries($0, parameter: parameter, body: body) }
        default: return false
        }
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
