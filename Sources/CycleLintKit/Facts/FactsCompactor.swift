/// Shrinks files' facts to the memory their contents need, without changing any value: every
/// array the extractor grew by appending is copied at its exact size, and equal argument labels,
/// argument lists, member paths and long names share one copy with every earlier file this
/// compactor saw (most calls of a project repeat a few thousand label lists and argument shapes).
///
/// Not Sendable: its tables grow with every file, so each extraction thread makes its own.
final class FactsCompactor {
    private var labelLists: Set<[String?]> = []
    private var valueLists: Set<[ValueExpr]> = []
    private var argumentLists: Set<[[ValueExpr]]> = []
    private var memberLists: Set<[String]> = []
    private var names: Set<String> = []

    /// A compactor with empty tables.
    init() {}

    /// `facts` with the same values, stored compactly.
    func compact(_ facts: FileFacts) -> FileFacts {
        var facts = facts
        facts.types = facts.types.map(compact)
        facts.bodies = facts.bodies.map(compact)
        facts.functions = facts.functions.map(compact)
        facts.concurrency = compact(facts.concurrency)
        return facts
    }

    private func compact(_ facts: ConcurrencyFacts) -> ConcurrencyFacts {
        var facts = facts
        facts.accesses = facts.accesses.map { access in
            var access = access
            access.name = interned(access.name)
            access.receiverType = access.receiverType.map(interned)
            access.calledMethod = access.calledMethod.map(interned)
            access.lockHelperCallees = interned(access.lockHelperCallees)
            return access
        }
        facts.functions = facts.functions.map { function in
            var function = function
            function.ownerType = function.ownerType.map(interned)
            return function
        }
        facts.properties = facts.properties.map { property in
            var property = property
            property.ownerType = property.ownerType.map(interned)
            property.typeText = property.typeText.map(interned)
            return property
        }
        return facts
    }

    // MARK: Declarations

    private func compact(_ type: TypeFacts) -> TypeFacts {
        var type = type
        type.properties = type.properties.map { property in
            var property = property
            property.type = property.type.map(compact)
            return property
        }
        type.methods = type.methods.map(compact)
        type.inherited = interned(type.inherited)
        return type
    }

    private func compact(_ method: MethodFacts) -> MethodFacts {
        var method = method
        method.parameters = method.parameters.map { parameter in
            var parameter = parameter
            parameter.type = parameter.type.map(compact)
            return parameter
        }
        method.returnType = method.returnType.map(compact)
        return method
    }

    private func compact(_ type: TypeRef) -> TypeRef {
        var type = type
        type.name = type.name.map(interned)
        return type
    }

    // MARK: Bodies

    private func compact(_ body: BodyFacts) -> BodyFacts {
        var body = body
        body.ownerType = body.ownerType.map(interned)
        body.events = body.events.map { event in
            guard case .store(var store) = event else { return event }
            store.path = compact(store.path)
            store.values = compact(store.values)
            return .store(store)
        }
        body.calls = body.calls.map(compact)
        body.closures = body.closures.map { closure in
            var closure = closure
            closure.capturedPaths = closure.capturedPaths.map { captured in
                var captured = captured
                captured.path = compact(captured.path)
                return captured
            }
            return closure
        }
        body.locals = body.locals.map { local in
            var local = local
            local.name = interned(local.name)
            local.type = local.type.map(compact)
            return local
        }
        body.resultValues = compact(body.resultValues)
        return body
    }

    private func compact(_ call: CallFacts) -> CallFacts {
        var call = call
        call.receiver = call.receiver.map(compact)
        call.possibleReceivers = compact(call.possibleReceivers)
        call.name = interned(call.name)
        call.typeName = call.typeName.map(interned)
        call.labels = interned(call.labels)
        call.arguments = interned(call.arguments.map(compact))
        call.annotatedResultType = call.annotatedResultType.map(compact)
        return call
    }

    private func compact(_ values: [ValueExpr]) -> [ValueExpr] {
        values.isEmpty ? values : interned(values.map(compact))
    }

    private func compact(_ value: ValueExpr) -> ValueExpr {
        switch value {
        case .path(let path): return .path(compact(path))
        case .array(let elements): return .array(compact(elements))
        case .closure, .nilLiteral, .emptyCollection, .literal, .other: return value
        }
    }

    private func compact(_ path: AccessPath) -> AccessPath {
        let root: PathRoot
        switch path.root {
        case .parameter(let name): root = .parameter(interned(name))
        case .name(let name): root = .name(interned(name))
        case .global(let name): root = .global(interned(name))
        case .selfObject, .local, .callResult: root = path.root
        }
        return AccessPath(root, interned(path.members))
    }

    // MARK: Tables

    /// The stored copy of a name that does not fit in a `String` itself (more than 15 UTF-8 bytes).
    private func interned(_ name: String) -> String {
        name.utf8.count <= 15 ? name : names.insert(name).memberAfterInsert
    }

    private func interned(_ members: [String]) -> [String] {
        guard !members.isEmpty else { return members }
        if let stored = memberLists.firstIndex(of: members) { return memberLists[stored] }
        return memberLists.insert(members.map(interned)).memberAfterInsert
    }

    private func interned(_ labels: [String?]) -> [String?] {
        guard !labels.isEmpty else { return labels }
        if let stored = labelLists.firstIndex(of: labels) { return labelLists[stored] }
        return labelLists.insert(labels.map { $0.map(interned) }).memberAfterInsert
    }

    private func interned(_ values: [ValueExpr]) -> [ValueExpr] {
        valueLists.insert(values).memberAfterInsert
    }

    private func interned(_ arguments: [[ValueExpr]]) -> [[ValueExpr]] {
        arguments.isEmpty ? arguments : argumentLists.insert(arguments).memberAfterInsert
    }
}
