/// Collects every call of a project as a `CallSite`, resolving the type each call is made on
/// the same way the ownership graph builder does.
struct CallSiteFinder {
    let index: ProjectIndex

    func all() -> [CallSite] {
        var sites: [CallSite] = []
        for (fileIndex, file) in index.files.enumerated() {
            let module = index.module(ofFile: fileIndex)
            for body in file.bodies where !body.calls.isEmpty {
                let owner = body.kind == .global ? nil
                    : body.ownerType.flatMap { index.resolveTypeName($0, module: module) }
                let paths = PathResolver(index: index, typeName: owner, module: module)
                let context = BodyContext(file: fileIndex, body: body)
                for call in body.calls {
                    sites.append(site(call, body: body, file: fileIndex, owner: owner, paths: paths, context: context))
                }
            }
        }
        return sites
    }

    private func site(_ call: CallFacts, body: BodyFacts, file: Int, owner: String?, paths: PathResolver,
                      context: BodyContext) -> CallSite {
        var receiverKey: NodeKey?
        if case .path(let path) = call.receiver { receiverKey = paths.canonical(path, context) }
        let calleeType: String?
        if let typeName = call.typeName, call.receiver == nil || receiverKey.map(isGlobalRoot) == true {
            calleeType = typeName
        } else if let receiverKey {
            calleeType = paths.typeRef(of: receiverKey)?.name
        } else if call.receiver == nil, !call.isImplicitMember {
            calleeType = owner.map { index.displayName(ofType: $0) }
        } else {
            calleeType = nil
        }

        var closures: [ClosureFacts] = []
        var strongSelf: SourceLocation?
        var captured: [CapturedPath] = []
        func visit(_ value: ValueExpr) {
            switch value {
            case .closure(let id):
                let closure = body.closures[id]
                closures.append(closure)
                if let location = closure.strongSelfCapture, strongSelf.map({ location < $0 }) ?? true { strongSelf = location }
                for path in closure.capturedPaths {
                    // An unqualified name is an implicit member of self (a capture of self) or a
                    // global (no capture at all).
                    guard case .name = path.path.root else { captured.append(path); continue }
                    if case .selfPath? = paths.canonical(path.path, context), body.kind == .instance {
                        if strongSelf.map({ path.location < $0 }) ?? true { strongSelf = path.location }
                    }
                }
            case .path(let path):
                // A method reference (`handle`, `self.handle`) captures its receiver, self.
                if let owner, body.kind == .instance, case .selfPath(let members)? = paths.canonical(path, context),
                   members.count == 1, index.property(members[0], of: owner) == nil,
                   !index.methods(members[0], of: owner).isEmpty, strongSelf == nil {
                    strongSelf = call.location
                }
            case .array(let values):
                values.forEach(visit)
            default:
                break
            }
        }
        call.arguments.flatMap { $0 }.forEach(visit)
        return CallSite(file: file, body: body, call: call, calleeType: calleeType,
                        calleeSupertypes: calleeType.map { supertypes(of: $0, module: index.module(ofFile: file)) } ?? [],
                        closureArguments: closures, strongSelfCapture: strongSelf, capturedPaths: captured)
    }

    private func isGlobalRoot(_ key: NodeKey) -> Bool {
        if case .globalPath(_, let members) = key { return members.isEmpty }
        return false
    }

    /// Inherited types and protocols declared in the project, breadth first.
    private func supertypes(of name: String, module: String) -> [String] {
        var result: [String] = []
        var queue = [name]
        var seen: Set<String> = [name]
        while !queue.isEmpty, result.count < 64 {
            let current = queue.removeFirst()
            guard let resolved = index.resolveTypeName(current, module: module), let info = index.types[resolved] else { continue }
            for parent in info.inherited where seen.insert(parent).inserted {
                result.append(parent)
                queue.append(parent)
            }
        }
        return result
    }
}
