/// Turns facts paths into context node identities, and knows their declared types and names.
struct PathResolver {
    let index: ProjectIndex
    /// The context type (nil for a global body).
    let typeName: String?
    /// The module of the context (names resolve there first).
    let module: String?

    init(index: ProjectIndex, typeName: String?, module: String? = nil) {
        self.index = index
        self.typeName = typeName
        self.module = module ?? typeName.flatMap { index.types[$0]?.module }
    }

    /// The index key of a type written as `name` in this context.
    func resolve(_ name: String) -> String? {
        index.resolveTypeName(name, from: typeName, module: module)
    }

    /// Resolves a facts path to its context identity.
    func canonical(_ path: AccessPath, _ context: BodyContext) -> NodeKey? {
        switch path.root {
        case .selfObject:
            return typeName == nil || context.body.kind != .instance ? nil : .selfPath(path.members)
        case .name(let written):
            // `$value` is the projected value (a publisher) of the property `value`.
            let name = written.hasPrefix("$") && written.count > 1 ? String(written.dropFirst()) : written
            if written != name, let typeName, context.body.kind == .instance, let resolved = Optional(typeName),
               index.property(name, of: resolved) != nil {
                return .selfPath([written] + path.members)
            }
            if let typeName, context.body.kind == .instance, let resolved = Optional(typeName),
               index.property(name, of: resolved).map({ !$0.property.isStatic }) ?? !index.methods(name, of: resolved).isEmpty {
                return .selfPath([name] + path.members)
            }
            if let typeName, let resolved = Optional(typeName),
               index.property(name, of: resolved)?.property.isStatic == true {
                return .globalPath(resolved, [name] + path.members)
            }
            if isUndeclaredMember(name, context) { return .selfPath([name] + path.members) }
            if typeName == nil, let owner = context.body.ownerType {
                // In a static or value-type body, the owner's members are not globals.
                switch ownMember(name, of: owner) {
                case .staticProperty(let resolved): return .globalPath(resolved, [name] + path.members)
                case .instanceMember: return nil
                case nil: break
                }
            }
            return .globalPath(resolve(name) ?? name, path.members)
        case .global(let name):
            return .globalPath(name, path.members)
        case .parameter, .local, .callResult:
            return .scopedPath(file: context.file, body: context.body.id, root: path.root, members: path.members)
        }
    }

    private enum OwnMember {
        case staticProperty(String)
        case instanceMember
    }

    /// What `name` is among the members of `owner` (the type a selfless body belongs to).
    private func ownMember(_ name: String, of owner: String) -> OwnMember? {
        guard let resolved = resolve(owner) else { return nil }
        if let property = index.property(name, of: resolved)?.property {
            return property.isStatic ? .staticProperty(resolved) : .instanceMember
        }
        return index.methods(name, of: resolved).isEmpty ? nil : .instanceMember
    }

    /// `name` (or the property `$name` projects) is a declared property or method of the context type.
    func isDeclaredMember(_ name: String) -> Bool {
        guard let typeName else { return false }
        let member = name.hasPrefix("$") && name.count > 1 ? String(name.dropFirst()) : name
        return index.property(member, of: typeName) != nil || !index.methods(member, of: typeName).isEmpty
    }

    /// In a type known only from extensions, an unqualified lowercase name that is neither a
    /// project type nor a global function most likely names one of the members we cannot see.
    private func isUndeclaredMember(_ name: String, _ context: BodyContext) -> Bool {
        guard let typeName, context.body.kind == .instance, index.types[typeName]?.kind == .extension,
              name.first?.isLowercase == true, resolve(name) == nil else { return false }
        return index.functionsByName[name] == nil
    }

    /// The object at `key` is a value, not a shared instance: its type is a project struct or
    /// enum, or it is built by an implicit member (`.case(payload)`, an enum case). A value
    /// holds copies, so values alone cannot form a cycle.
    func isKnownValue(_ key: NodeKey) -> Bool {
        if case .scopedPath(let file, let body, .callResult(let id), let members) = key, members.isEmpty,
           index.body(body, in: file).calls[id].isImplicitMember {
            return true
        }
        guard let name = typeRef(of: key)?.name, let resolved = resolve(name), let info = index.types[resolved] else { return false }
        return info.kind == .struct || info.kind == .enum
    }

    /// The stored property that `key` names (its last member), by declaring type.
    func declaredProperty(at key: NodeKey) -> PropertyRef? {
        guard let parent = key.parent, let member = key.lastMember, member != "[]",
              let ownerType = typeRef(of: parent)?.name, let resolved = resolve(ownerType),
              let (_, declaringType) = index.property(member, of: resolved) else { return nil }
        return PropertyRef(type: declaringType, name: member)
    }

    /// The declared (or inferred) type of the object at `key`.
    func typeRef(of key: NodeKey) -> TypeRef? {
        switch key {
        case .root, .closure, .methodReference:
            return nil
        case .selfPath(let members):
            guard let typeName else { return nil }
            return memberType(TypeRef(name: typeName), members)
        case .globalPath(let root, let members):
            return memberType(TypeRef(name: root), members, staticFirst: true)
        case .scopedPath(let file, let body, let root, let members):
            let bodyFacts = index.body(body, in: file)
            let rootType: TypeRef?
            switch root {
            case .parameter(let name):
                rootType = index.method(ofBody: body, in: file)?.parameters.first { $0.name == name }?.type
            case .local(let id):
                rootType = bodyFacts.locals[id].type
            case .callResult(let id):
                rootType = callResultType(bodyFacts.calls[id], context: BodyContext(file: file, body: bodyFacts))
            default:
                rootType = nil
            }
            return rootType.flatMap { memberType($0, members) }
        }
    }

    /// The type of a call's result: the annotation of the binding that receives it, the type
    /// constructed, an enum case's type, or the declared return type of the project method or
    /// global function called.
    private func callResultType(_ call: CallFacts, context: BodyContext, depth: Int = 0) -> TypeRef? {
        if let annotated = call.annotatedResultType { return annotated }
        if let typeName = call.typeName, call.name == "init" || call.receiver == nil {
            return TypeRef(name: typeName)
        }
        if let typeName = call.typeName, let info = index.type(named: typeName, from: self.typeName) {
            if info.enumCases.contains(call.name) { return TypeRef(name: info.name) }
            return index.methods(call.name, of: info.name).first?.method.returnType
        }
        guard depth < 8 else { return nil }
        let receiverType: String?
        switch call.receiver {
        case nil:
            if let typeName, let method = index.methods(call.name, of: typeName).first?.method { return method.returnType }
            return index.functionsByName[call.name]?.first?.method.returnType
        case .path(let path)?:
            if case .callResult(let upstream) = path.root, path.members.isEmpty {
                receiverType = callResultType(context.body.calls[upstream], context: context, depth: depth + 1)?.name
            } else {
                receiverType = canonical(path, context).flatMap { typeRef(of: $0)?.name }
            }
        default:
            receiverType = nil
        }
        guard let receiverType, let resolved = resolve(receiverType),
              var returnType = index.methods(call.name, of: resolved).first?.method.returnType else { return nil }
        if returnType.name == "Self" { returnType.name = resolved }
        return returnType
    }

    private func memberType(_ start: TypeRef, _ members: [String], staticFirst: Bool = false) -> TypeRef? {
        var current = start
        for (position, member) in members.enumerated() {
            if member == "[]" {
                guard current.isCollection else { return nil }
                current = TypeRef(name: current.name)
                continue
            }
            guard let name = current.name, let resolved = resolve(name) else {
                if staticFirst, position == 0, ["shared", "default", "main", "current", "standard"].contains(member) {
                    continue  // `NotificationCenter.default` is a NotificationCenter
                }
                return nil
            }
            guard let property = index.property(member, of: resolved)?.property, var type = property.type else {
                if staticFirst, position == 0, ["shared", "default", "main", "current", "standard"].contains(member) {
                    continue
                }
                return nil
            }
            if type.name == "Self" { type.name = resolved }
            current = type
        }
        return current
    }

    /// `Session`, `Session.connection`, `local handler`, …
    func displayName(_ key: NodeKey) -> String {
        switch key {
        case .root: return "process"
        case .selfPath(let members): return ([typeName.map { index.displayName(ofType: $0) } ?? "self"] + members).joined(separator: ".")
        case .globalPath(let root, let members): return ([index.displayName(ofType: root)] + members).joined(separator: ".")
        case .scopedPath(let file, let body, let root, let members):
            let bodyFacts = index.body(body, in: file)
            let rootName: String
            switch root {
            case .parameter(let name): rootName = name
            case .local(let id): rootName = bodyFacts.locals[id].name
            case .callResult(let id):
                let call = bodyFacts.calls[id]
                switch (call.typeName, call.name) {
                case (let type?, "init"): rootName = "\(type)(…)"
                case (let type?, let name): rootName = "\(type).\(name)(…)"
                case (nil, let name): rootName = "\(name)(…)"
                }
            default: rootName = root.description
            }
            return ([rootName] + members).joined(separator: ".")
        case .closure(let file, let body, let id):
            return "closure (\(index.body(body, in: file).closures[id].location.shortDescription))"
        case .methodReference(let receiver, let name): return "\(displayName(receiver)).\(name)"
        }
    }
}
