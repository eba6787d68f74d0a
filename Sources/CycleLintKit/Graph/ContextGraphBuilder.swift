/// Builds the ownership graph of one analysis context: all instance bodies of a reference type
/// (they share `self`), or one global body. Interprets each body's stores, calls and closures
/// with the project index (types, properties, method summaries) and the API knowledge.
struct ContextGraphBuilder {
    let index: ProjectIndex
    let knowledge: RetentionKnowledge
    let summaries: MethodSummaries
    /// The context type (nil for a global body).
    let typeName: String?
    let paths: PathResolver
    private(set) var graph = OwnershipGraph()
    /// Closure nodes, by key, with the facts needed later (release and loop information).
    private(set) var closureFacts: [NodeKey: (file: Int, body: Int, facts: ClosureFacts)] = [:]

    init(index: ProjectIndex, knowledge: RetentionKnowledge, summaries: MethodSummaries, typeName: String?, module: String? = nil) {
        self.index = index
        self.knowledge = knowledge
        self.summaries = summaries
        self.typeName = typeName
        paths = PathResolver(index: index, typeName: typeName, module: module)
        _ = graph.node(.root, name: "process", typeName: nil)
    }

    var selfNode: Int? { graph.index(of: .selfPath([])) }

    // MARK: Bodies

    mutating func add(body: BodyFacts, file: Int) {
        let context = BodyContext(file: file, body: body)
        if typeName != nil, body.kind == .instance {
            _ = objectNode(.selfPath([]))
        }
        var lazyStore: StoreFacts?
        if !body.resultValues.isEmpty, let property = body.name.split(separator: " ").last, body.name.hasPrefix("lazy ") {
            // `lazy var handler: () -> Void = { self… }` stores the closure in the property.
            lazyStore = StoreFacts(path: AccessPath(.selfObject, [String(property)]), kind: .assign,
                                   values: body.resultValues, location: body.location, inClosure: nil)
        }
        let storedCalls = storedCallResults(in: body.events + (lazyStore.map { [.store($0)] } ?? []), context: context)
        for edge in contextOwnershipEdges(body: body, context: context) { graph.add(edge) }
        for event in body.events {
            switch event {
            case .store(let store):
                addStore(store, context: context)
            case .call(let callID):
                addCall(body.calls[callID], context: context, storedCalls: storedCalls)
            }
        }
        if let lazyStore { addStore(lazyStore, context: context) }
    }

    /// Where each call's result is stored (`self.timer = Timer.scheduledTimer…`,
    /// `.store(in: &cancellables)`): the path whose release cancels what the call registered.
    private func storedCallResults(in events: [BodyEvent], context: BodyContext) -> [Int: NodeKey] {
        var result: [Int: NodeKey] = [:]
        for case .store(let store) in events {
            for case .path(let path) in store.values {
                if case .callResult(let id) = path.root, path.members.isEmpty, let key = canonical(store.path, context) {
                    result[id] = key
                }
            }
        }
        return result
    }

    // MARK: Stores

    private mutating func addStore(_ store: StoreFacts, context: BodyContext) {
        guard let target = canonical(store.path, context) else { return }
        addStore(into: target, kind: store.kind, values: store.values, location: store.location, context: context,
                 via: nil)
    }

    /// Adds the edges of storing `values` into the property path `target`.
    private mutating func addStore(into target: NodeKey, kind: StoreKind, values: [ValueExpr], location: SourceLocation,
                                   context: BodyContext, via: String?) {
        let ownerKey: NodeKey
        let member: String
        if let parent = target.parent, let last = target.lastMember {
            ownerKey = parent
            member = last
        } else if case .globalPath(let name, let members) = target, members.isEmpty {
            ownerKey = .root
            member = name
        } else if case .scopedPath(_, _, .local(let local), let members) = target, members.isEmpty {
            addLocalVariableStore(target, name: context.body.locals[local].name, values: values, location: location,
                                  context: context)
            return
        } else {
            return  // a parameter
        }
        let ownerType = typeRef(of: ownerKey)
        var property: PropertyFacts?
        if let ownerTypeName = ownerType?.name, let resolved = paths.resolve(ownerTypeName) {
            if let (found, declaringType) = index.property(member, of: resolved) {
                property = found
                if !found.isStored, !found.isRequirement, via == nil {
                    applySetter(of: member, on: declaringType, owner: ownerKey, values: values, location: location,
                                context: context)
                }
                if !index.holdsStrongly(found, of: declaringType) { return }
            }
        }
        let owner = ownerKey == .root ? 0 : objectNode(ownerKey)
        let holdsError = property.map { isErrorLike($0.type) } ?? false
        for value in values {
            for node in valueNodes(value, context: context, location: location) {
                let isFunctionValue: Bool = {
                    switch graph.keys[node] {
                    case .closure, .methodReference: return true
                    default: return false
                    }
                }()
                // Without the declaration, only closures are known to be held strongly
                // (a stored object might be a weak delegate of a framework type).
                guard property != nil || isFunctionValue else { continue }
                let valueIsError = isErrorLike(typeRef(of: graph.keys[node])) || isErrorLike(ownerType)
                let ownerName = displayName(ownerKey)
                let verb = kind == .assign ? "holds" : "keeps in"
                let description = "\(ownerName).\(member) \(verb) \(graph.names[node])\(via.map { " (stored by \($0))" } ?? "")"
                graph.add(OwnershipEdge(from: owner, to: node, kind: .store, label: member, location: location,
                                        description: description, release: releaseKey(target, [.cleared, .cancelled]),
                                        holdsError: holdsError || valueIsError,
                                        replacesPrevious: kind == .assign && property?.type?.isCollection != true))
            }
        }
    }

    /// `token = publisher.sink { _ in token?.cancel() }`: a `var` captured by a closure holds what
    /// is assigned to it, so a closure kept by the value it is assigned to holds itself.
    /// Only a `var` some closure captures: elsewhere a later read sees the value assigned then, so
    /// `stack = Stack(prev: stack)` links a new node to the previous one, not to itself.
    private mutating func addLocalVariableStore(_ target: NodeKey, name: String, values: [ValueExpr],
                                                location: SourceLocation, context: BodyContext) {
        guard case .scopedPath(_, _, .local(let local), _) = target,
              context.body.closures.contains(where: { closure in
                  closure.capturedPaths.contains { $0.path.root == .local(local) }
              }) else { return }
        let variable = objectNode(target)
        for value in values {
            for node in valueNodes(value, context: context, location: location) where node != variable {
                graph.add(OwnershipEdge(from: variable, to: node, kind: .store, label: name, location: location,
                                        description: "local \(name) holds \(graph.names[node])",
                                        release: releaseKey(target, [.cleared, .cancelled])))
            }
        }
    }

    /// `x.prop = v` on a computed property runs its setter: apply the setter's summary.
    private mutating func applySetter(of property: String, on type: String, owner: NodeKey, values: [ValueExpr],
                                      location: SourceLocation, context: BodyContext) {
        guard let (setter, file) = index.methods("set:\(property)", of: type).first else { return }
        let call = CallFacts(id: -1, receiver: nil, name: setter.name, typeName: nil, labels: [nil], arguments: [values],
                             trailingStart: 1, location: location, inClosure: nil, isImplicitMember: false)
        applySummary(of: setter, file: file, owner: type, call: call, receiver: owner, result: nil, context: context,
                     storedCalls: [:])
    }

    // MARK: Calls

    private mutating func addCall(_ call: CallFacts, context: BodyContext, storedCalls: [Int: NodeKey]) {
        if !call.possibleReceivers.isEmpty {
            // `(cached ?? fallback).retrieve { … }`: the call is made on one of them; each may keep
            // what it is given (the result is the same node whichever it was).
            for receiver in call.possibleReceivers {
                var onOne = call
                onOne.receiver = receiver
                onOne.possibleReceivers = []
                addCall(onOne, context: context, storedCalls: storedCalls)
            }
            return
        }
        // Only arguments that denote objects or closures can create edges, or a kept result
        // (which may carry what a project method returns).
        guard call.arguments.contains(where: { $0.contains(where: Self.mayDenoteObject) }) || storedCalls[call.id] != nil
                || (call.receiver == nil && call.typeName == nil && !call.isImplicitMember)
        else { return }
        let receiverKey: NodeKey? = call.receiver.flatMap { receiver in
            if case .path(let path) = receiver { return canonical(path, context) }
            return nil
        }
        let resultKey = NodeKey.scopedPath(file: context.file, body: context.body.id, root: .callResult(call.id), members: [])
        let calleeType = calleeTypeName(call, receiverKey: receiverKey, context: context)

        // A project method or initializer: apply its summary.
        if let calleeType, let resolved = paths.resolve(calleeType) {
            let methodName = call.typeName != nil && call.name == "init" ? "init" : call.name
            if let info = index.types[resolved], info.kind == .enum || call.isImplicitMember,
               info.enumCases.contains(call.name) {
                addHolds(call, holder: resultKey, context: context, what: "\(index.displayName(ofType: resolved)).\(call.name)")
                return
            }
            if let (method, file) = index.method(methodName, of: resolved, labels: call.labels, trailingStart: call.trailingStart) {
                // `T(…)` builds a new object; `self.init(…)`, `super.init(…)` and methods act on their receiver.
                let constructs = methodName == "init" && call.typeName != nil
                applySummary(of: method, file: file, owner: resolved, call: call,
                             receiver: constructs ? resultKey : (receiverKey ?? .selfPath([])), result: resultKey,
                             context: context, storedCalls: storedCalls)
                return
            }
            if methodName == "init", let info = index.types[resolved], info.kind == .struct || info.kind == .class,
               info.methods["init"] == nil {
                // Memberwise (or default) initializer: labels name stored properties.
                for (position, label) in call.labels.enumerated() {
                    guard let label, let key = resultKey.appending(label) else { continue }
                    addStore(into: key, kind: .assign, values: call.arguments[position], location: call.location,
                             context: context, via: "\(index.displayName(ofType: resolved)).init")
                }
                return
            }
        }
        if call.receiver == nil, call.typeName == nil, !call.isImplicitMember, let storedAt = storedCalls[call.id],
           storedAt.lastMember != nil, keepsEscapingClosures(ofFunction: call) {
            // A project function declared without a body (`@_silgen_name`, a C shim) that takes an
            // `@escaping` closure and returns an object: the object it returns keeps the closure.
            applyRetention(.retainedByReceiver, api: "\(call.name)(…)", entry: nil, call: call, receiver: resultKey,
                           result: resultKey, context: context, storedCalls: storedCalls)
            return
        }
        if call.isImplicitMember, call.name.first?.isLowercase == true, !call.arguments.isEmpty,
           knowledge.entry(typeName: nil, method: call.name, labels: call.labels, trailingStart: call.trailingStart) == nil {
            // `.failed(error)`: an enum case (or factory) of the contextual type keeps its payload.
            addHolds(call, holder: resultKey, context: context, what: ".\(call.name)")
            return
        }
        if let entry = knowledge.entry(typeName: calleeType.map { paths.resolve($0).map { index.displayName(ofType: $0) } ?? $0 },
                                       method: call.typeName != nil && call.receiver == nil ? "init" : call.name,
                                       labels: call.labels, trailingStart: call.trailingStart) {
            applyRetention(entry.retention, api: entry.api, entry: entry, call: call, receiver: receiverKey,
                           result: resultKey, context: context, storedCalls: storedCalls)
            return
        }
        if call.typeName != nil, call.name == "init", call.receiver == nil, let storedAt = storedCalls[call.id],
           storedAt.lastMember != nil, calleeType.flatMap({ paths.resolve($0) }) == nil,
           !NonEscapingInitializers.contains(typeName: calleeType ?? "") {
            // An object of a type we cannot see, built with closures and kept: it holds them.
            applyRetention(.retainedByReceiver, api: "\(calleeType ?? "").init", entry: nil, call: call,
                           receiver: nil, result: resultKey, context: context, storedCalls: storedCalls)
            return
        }
        if let receiverKey, case .selfPath(let members) = receiverKey, !members.isEmpty,
           typeRef(of: receiverKey)?.name.flatMap({ paths.resolve($0) }) == nil,
           !call.isAwaited, RegistrationNames.looksLikeRegistration(call.name) {
            applyRetention(.retainedByReceiver, api: "\(displayName(receiverKey)).\(call.name)", entry: nil, call: call,
                           receiver: receiverKey, result: resultKey, context: context, storedCalls: storedCalls)
        }
    }

    private func keepsEscapingClosures(ofFunction call: CallFacts) -> Bool {
        guard typeName.map({ index.methods(call.name, of: $0).isEmpty }) ?? true,
              let functions = index.functionsByName[call.name] else { return false }
        return functions.contains { function, _ in
            guard function.body == nil, function.returnType?.isFunction == false, function.returnType != nil,
                  let positions = CallMatcher.parameterIndices(labels: call.labels, trailingStart: call.trailingStart,
                                                               parameters: function.parameters) else { return false }
            return positions.enumerated().contains { argument, parameter in
                function.parameters[parameter].type?.isEscaping == true
                    && call.arguments[argument].contains(where: isFunctionValue)
            }
        }
    }

    /// The type a call is made on: `T` of `T(...)`/`T.f(...)`, the receiver's type, or the
    /// context type for an unqualified method call.
    private func calleeTypeName(_ call: CallFacts, receiverKey: NodeKey?, context: BodyContext) -> String? {
        if call.isSuperCall { return typeName.flatMap { index.superclass(of: $0) } }
        if let typeName = call.typeName, call.receiver == nil || receiverKey.map(isGlobalRoot) == true {
            return typeName
        }
        if let receiverKey { return typeRef(of: receiverKey)?.name }
        if call.receiver == nil, !call.isImplicitMember { return typeName }
        return nil
    }

    private func isGlobalRoot(_ key: NodeKey) -> Bool {
        if case .globalPath(_, let members) = key { return members.isEmpty }
        return false
    }

    /// Enum payloads: the value holds every argument.
    private mutating func addHolds(_ call: CallFacts, holder: NodeKey, context: BodyContext, what: String) {
        let holderNode = objectNode(holder)
        for argument in call.arguments.flatMap({ $0 }) {
            for node in valueNodes(argument, context: context, location: call.location) {
                graph.add(OwnershipEdge(from: holderNode, to: node, kind: .holds, label: what, location: call.location,
                                        description: "\(what)(…) holds \(graph.names[node])", release: nil,
                                        holdsError: isErrorLike(typeRef(of: holder)) || isErrorLike(typeRef(of: graph.keys[node]))))
            }
        }
    }

    /// A call to a project method: what the callee does with each argument.
    private mutating func applySummary(of method: MethodFacts, file: Int, owner: String, call: CallFacts, receiver: NodeKey,
                                       result: NodeKey?, context: BodyContext, storedCalls: [Int: NodeKey]) {
        guard let positions = CallMatcher.parameterIndices(labels: call.labels, trailingStart: call.trailingStart,
                                                           parameters: method.parameters) else { return }
        if let result { addReturnedValues(of: method, file: file, owner: owner, receiver: receiver, result: result, call: call, context: context) }
        let effects = summaries.effects(of: method, file: file, owner: owner)
        for (argument, parameter) in positions.enumerated() where parameter < effects.count {
            for effect in effects[parameter] {
                switch effect {
                case .stored(let members, let location):
                    var key: NodeKey? = receiver
                    for member in members { key = key?.appending(member) }
                    guard let key else { continue }
                    addStore(into: key, kind: .assign, values: call.arguments[argument], location: call.location,
                             context: context, via: "\(index.displayName(ofType: owner)).\(method.signature) at \(location.shortDescription)")
                case .retained(let retention, let api):
                    let single = CallFacts(id: call.id, receiver: nil, name: call.name, typeName: nil, labels: [nil],
                                           arguments: [call.arguments[argument]], trailingStart: 1, location: call.location,
                                           inClosure: call.inClosure, isImplicitMember: false)
                    applyRetention(retention, api: "\(api) via \(index.displayName(ofType: owner)).\(method.signature)", entry: nil, call: single,
                                   receiver: nil, result: nil, context: context, storedCalls: storedCalls)
                case .returned(let captured):
                    // The result holds the argument: in a closure that captures it, or directly.
                    guard let result else { continue }
                    let resultNode = objectNode(result)
                    let what = captured ? "a closure that captures" : "what holds"
                    for value in call.arguments[argument] {
                        for node in valueNodes(value, context: context, location: call.location) where node != resultNode {
                            graph.add(OwnershipEdge(from: resultNode, to: node, kind: captured ? .capture : .returns,
                                                    label: method.name, location: call.location,
                                                    description: "\(index.displayName(ofType: owner)).\(method.signature) returns \(what) \(graph.names[node])",
                                                    release: nil))
                        }
                    }
                }
            }
        }
    }

    /// A method of this context's `self` that returns what it built or captured (a closure
    /// factory, `makeHandler() -> () -> Void { { self.x } }`): the call's result holds it.
    private mutating func addReturnedValues(of method: MethodFacts, file: Int, owner: String, receiver: NodeKey,
                                            result: NodeKey, call: CallFacts, context: BodyContext) {
        guard receiver == .selfPath([]), let typeName, owner == typeName || index.superclass(of: typeName) == owner,
              !method.isStatic, method.kind == .function, let bodyID = method.body else { return }
        // A recursive call: the callee's locals and call results are another activation's, not
        // the nodes of the body being interpreted.
        guard bodyID != context.body.id || file != context.file else { return }
        let body = index.body(bodyID, in: file)
        guard body.kind == .instance, !body.resultValues.isEmpty else { return }
        let callee = BodyContext(file: file, body: body)
        let resultNode = objectNode(result)
        for value in body.resultValues {
            for node in valueNodes(value, context: callee, location: call.location) where node != resultNode {
                graph.add(OwnershipEdge(from: resultNode, to: node, kind: .returns, label: method.name, location: call.location,
                                        description: "\(method.signature) returns \(graph.names[node])", release: nil))
            }
        }
    }

    /// Adds what an API does with the closures (or the named argument) passed to it.
    private mutating func applyRetention(_ retention: ClosureRetention, api: String, entry: APIRetentionEntry?, call: CallFacts,
                                         receiver: NodeKey?, result: NodeKey?, context: BodyContext,
                                         storedCalls: [Int: NodeKey]) {
        var retention = retention
        if let entry, !entry.transientWhen.isEmpty,
           entry.transientWhen.allSatisfy({ label, literal in
               call.labels.firstIndex(of: label).map { call.arguments[$0] == [.literal(literal)] } ?? false
           }) {
            retention = .transient
        }
        // The named argument (any value), or else every closure and method reference passed.
        var retainedNodes: [Int] = []
        if let argument = entry?.retainedArgument {
            for value in argument.index(labels: call.labels).map({ call.arguments[$0] }) ?? [] {
                retainedNodes += valueNodes(value, context: context, location: call.location)
            }
        } else {
            for value in call.arguments.joined() where isFunctionValue(value) {
                retainedNodes += valueNodes(value, context: context, location: call.location).filter { node in
                    switch graph.keys[node] {
                    case .closure, .methodReference: return true
                    default: return false
                    }
                }
            }
        }
        let storedAt = storedCalls[call.id]
        let keeper = entry.flatMap { keeperKey($0, call: call, context: context) } ?? receiver
        for node in retainedNodes {
            addRetentionEdges(retention, api: api, node: node, call: call, receiver: keeper, result: result,
                              storedAt: storedAt, context: context)
        }
        if retention == .retainedByToken, let result, case .path(let path)? = call.receiver,
           case .callResult(let upstream) = path.root {
            // The token also keeps the operators upstream (`$x.map { … }.sink { … }`).
            addUpstreamClosures(of: upstream, token: result, api: api, storedAt: storedAt, context: context, depth: 0)
        }
    }

    private mutating func addUpstreamClosures(of callID: Int, token: NodeKey, api: String, storedAt: NodeKey?,
                                              context: BodyContext, depth: Int) {
        guard depth < 16 else { return }
        let upstream = context.body.calls[callID]
        let tokenNode = objectNode(token)
        for value in upstream.arguments.flatMap({ $0 }) where isFunctionValue(value) {
            for node in valueNodes(value, context: context, location: upstream.location) {
                graph.add(OwnershipEdge(from: tokenNode, to: node, kind: .registration, label: upstream.name,
                                        location: upstream.location,
                                        description: "the \(api) subscription keeps the .\(upstream.name) closure \(graph.names[node])",
                                        release: storedAt.map { releaseKey($0, [.cleared, .cancelled]) },
                                        retention: .retainedByToken))
            }
        }
        if case .path(let path)? = upstream.receiver, case .callResult(let next) = path.root {
            addUpstreamClosures(of: next, token: token, api: api, storedAt: storedAt, context: context, depth: depth + 1)
        }
    }

    private mutating func addRetentionEdges(_ retention: ClosureRetention, api: String, node: Int, call: CallFacts,
                                            receiver: NodeKey?, result: NodeKey?, storedAt: NodeKey?, context: BodyContext) {
        let cancelKey = storedAt.map { releaseKey($0, [.cancelled]) }
        let anyKey = storedAt.map { releaseKey($0, [.cleared, .cancelled]) }
        let name = graph.names[node]
        switch retention {
        case .nonEscaping:
            return
        case .transient:
            guard case .closure = graph.keys[node], let closure = closureFacts[graph.keys[node]]?.facts,
                  let loop = closure.unboundedLoop else { return }
            // A loop that ends on cancellation (`for await`, `while !Task.isCancelled`) is taken as
            // managed when the task handle goes anywhere but a long-lived property (into a state
            // machine, say) or nowhere, unless `self` was captured weakly and then made strong
            // for the whole loop, which never means what its author intended.
            // A discarded handle (`_ = Task { … }`, or `Task { … }` as a statement) is not managed:
            // nothing can cancel it.
            if closure.loopStopsOnCancellation, closure.selfHeldAcrossLoop == nil, storedAt?.isLongLived != true,
               !call.isResultDiscarded {
                return
            }
            // Retained while it runs, and the loop keeps it running.
            graph.add(OwnershipEdge(from: 0, to: node, kind: .running, label: api, location: call.location,
                                    description: "\(api) runs \(name), whose loop at \(loop.shortDescription) does not end on its own",
                                    release: closure.loopStopsOnCancellation ? cancelKey : nil, retention: .transient))
            if let held = closure.selfHeldAcrossLoop, closure.strongSelfCapture == nil, typeName != nil {
                let selfIndex = objectNode(.selfPath([]))
                graph.add(OwnershipEdge(from: node, to: selfIndex, kind: .capture, label: "self", location: held,
                                        description: "\(name) makes self strong at \(held.shortDescription) and keeps it for the whole loop",
                                        release: nil))
            }
        case .retainedByReceiver:
            // An initializer's object, or the result of a free function (`dispatch_block_create`), keeps it.
            let makesResult = call.typeName != nil && call.name == "init" || call.receiver == nil && call.typeName == nil && receiver == nil
            let holder = makesResult ? result : receiver
            guard let holder else { return }
            graph.add(OwnershipEdge(from: objectNode(holder), to: node, kind: .registration, label: api,
                                    location: call.location, description: "\(displayName(holder)) keeps \(name) (\(api))",
                                    release: releaseKey(holder, [.cleared, .cancelled]), retention: retention))
        case .retainedByToken:
            if let result {
                graph.add(OwnershipEdge(from: objectNode(result), to: node, kind: .registration, label: api,
                                        location: call.location, description: "the token returned by \(api) keeps \(name)",
                                        release: anyKey, retention: retention))
            }
            if let receiver, case .globalPath = receiver {
                graph.add(OwnershipEdge(from: 0, to: node, kind: .registration, label: api, location: call.location,
                                        description: "\(displayName(receiver)) keeps \(name) until it is removed (\(api))",
                                        release: cancelKey, retention: retention))
            }
        case .retainedUntilInvalidate:
            graph.add(OwnershipEdge(from: 0, to: node, kind: .registration, label: api, location: call.location,
                                    description: "\(api) keeps \(name) scheduled until it is invalidated",
                                    release: cancelKey, retention: retention))
        case .retainedForever:
            graph.add(OwnershipEdge(from: 0, to: node, kind: .registration, label: api, location: call.location,
                                    description: "\(api) keeps \(name) for the life of the process", release: nil,
                                    retention: retention))
        }
    }

    private static func mayDenoteObject(_ value: ValueExpr) -> Bool {
        switch value {
        case .path, .closure: return true
        case .array(let values): return values.contains(where: mayDenoteObject)
        case .nilLiteral, .emptyCollection, .literal, .other: return false
        }
    }

    private func isFunctionValue(_ value: ValueExpr) -> Bool {
        switch value {
        case .closure: return true
        case .path(let path):  // possibly a method reference (`self.handle`, or `handle` for it)
            if case .name = path.root { return true }
            return !path.members.isEmpty
        default: return false
        }
    }

    // MARK: Values

    /// Graph nodes a value may denote (creating closure and method-reference nodes with their
    /// capture edges).
    private mutating func valueNodes(_ value: ValueExpr, context: BodyContext, location: SourceLocation) -> [Int] {
        switch value {
        case .path(let path):
            guard let key = canonical(path, context) else { return [] }
            if let reference = methodReference(key, at: location) { return [reference] }
            return [objectNode(key)]
        case .closure(let id):
            return [closureNode(id, context: context)]
        case .array(let values):
            return values.flatMap { valueNodes($0, context: context, location: location) }
        case .nilLiteral, .emptyCollection, .literal, .other:
            return []
        }
    }

    private mutating func closureNode(_ id: Int, context: BodyContext) -> Int {
        let key = NodeKey.closure(file: context.file, body: context.body.id, id: id)
        let facts = context.body.closures[id]
        let name = "closure (\(facts.location.shortDescription))"
        let (node, isNew) = graph.node(key, name: name, typeName: nil)
        guard isNew else { return node }
        closureFacts[key] = (context.file, context.body.id, facts)
        if let capture = facts.strongSelfCapture, typeName != nil, context.body.kind == .instance {
            let selfIndex = objectNode(.selfPath([]))
            graph.add(OwnershipEdge(from: node, to: selfIndex, kind: .capture, label: "self", location: capture,
                                    description: "closure captures self strongly", release: nil))
        }
        for captured in facts.capturedPaths {
            guard let capturedKey = canonical(captured.path, context) else { continue }
            var target = capturedKey
            var description = "closure captures \(captured.name)"
            if case .name(let name) = captured.path.root, case .selfPath = capturedKey {
                // An implicit member use (`handler()` for `self.handler()`) captures self; a name
                // we cannot see declared (in a type known only from extensions) may be a global.
                guard paths.isDeclaredMember(name) else { continue }
                target = .selfPath([])
                description = "closure captures self strongly (implicit use of \(captured.name))"
            }
            if case .globalPath = target { continue }
            if case .scopedPath(_, _, .local(let local), _) = target,
               context.body.locals[local].parameterOfClosure == id { continue }
            let capturedNode = methodReference(target, at: captured.location) ?? objectNode(target)
            graph.add(OwnershipEdge(from: node, to: capturedNode, kind: .capture, label: captured.name,
                                    location: captured.location, description: description, release: nil))
        }
        return node
    }

    /// A node for `self.handle` used as a value when `handle` is a method of the receiver's type.
    private mutating func methodReference(_ key: NodeKey, at location: SourceLocation) -> Int? {
        guard let parent = key.parent, let member = key.lastMember,
              let ownerType = typeRef(of: parent)?.name, let resolved = paths.resolve(ownerType),
              index.property(member, of: resolved) == nil, !index.methods(member, of: resolved).isEmpty,
              index.isReferenceType(resolved) else { return nil }
        let referenceKey = NodeKey.methodReference(parent, member)
        let name = "method reference \(displayName(parent)).\(member)"
        let (node, isNew) = graph.node(referenceKey, name: name, typeName: nil)
        if isNew {
            let receiver = objectNode(parent)
            graph.add(OwnershipEdge(from: node, to: receiver, kind: .capture, label: member, location: location,
                                    description: "method reference \(member) captures \(displayName(parent)) strongly",
                                    release: nil))
        }
        return node
    }

    /// The node of an object path, with the declared edges from its owners.
    @discardableResult
    mutating func objectNode(_ key: NodeKey) -> Int {
        let type = typeRef(of: key)
        let name = displayName(key)
        let (node, isNew) = graph.node(key, name: name, typeName: type?.name)
        guard isNew else { return node }
        if case .globalPath(let root, _) = key, key.parent == nil {
            graph.add(OwnershipEdge(from: 0, to: node, kind: .declared, label: root, location: SourceLocation(file: "", line: 0, column: 0),
                                    description: "\(root) is global", release: nil))
        }
        if let parent = key.parent, let member = key.lastMember {
            let parentNode = objectNode(parent)
            if member == "[]" {
                if typeRef(of: parent)?.isCollection == true || typeRef(of: parent) == nil {
                    graph.add(OwnershipEdge(from: parentNode, to: node, kind: .declared, label: "[]",
                                            location: declarationLocation(of: parent) ?? SourceLocation(file: "", line: 0, column: 0),
                                            description: "\(displayName(parent)) holds its elements",
                                            release: releaseKey(parent, [.cleared])))
                }
            } else if let ownerType = typeRef(of: parent)?.name, let resolved = paths.resolve(ownerType),
                      let (property, declaringType) = index.property(member, of: resolved),
                      index.holdsStrongly(property, of: declaringType) {
                graph.add(OwnershipEdge(from: parentNode, to: node, kind: .declared, label: member, location: property.location,
                                        description: "\(index.displayName(ofType: declaringType)).\(member) holds \(type?.name ?? "its value") strongly",
                                        release: releaseKey(key, [.cleared, .cancelled]),
                                        holdsError: isErrorLike(property.type)))
            }
        }
        return node
    }

    private func declarationLocation(of key: NodeKey) -> SourceLocation? {
        guard let parent = key.parent, let member = key.lastMember, let ownerType = typeRef(of: parent)?.name,
              let resolved = paths.resolve(ownerType) else { return nil }
        return index.property(member, of: resolved)?.property.location
    }

    // MARK: Paths and types

    private func isErrorLike(_ type: TypeRef?) -> Bool {
        guard let name = type?.name else { return false }
        return name == "Result" || index.isErrorType(name, from: typeName)
    }

    func canonical(_ path: AccessPath, _ context: BodyContext) -> NodeKey? { paths.canonical(path, context) }

    /// What releases the object at `path`, with its declared property when known.
    func releaseKey(_ path: NodeKey, _ kinds: Set<ReleaseKind>) -> ReleaseKey {
        ReleaseKey(path: path, kinds: kinds, property: paths.declaredProperty(at: path))
    }
    func typeRef(of key: NodeKey) -> TypeRef? { paths.typeRef(of: key) }
    func displayName(_ key: NodeKey) -> String { paths.displayName(key) }
}

/// The body being interpreted.
struct BodyContext {
    let file: Int
    let body: BodyFacts
}
