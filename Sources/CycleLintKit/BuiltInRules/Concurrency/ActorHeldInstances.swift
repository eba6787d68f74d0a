/// Instances that one actor holds: every instance of a class is made as an argument of an actor's
/// initialiser, which stores it in a `var` of the actor (so each instance has one holder, and only
/// that actor's isolated code reads the property synchronously). A method of the class called only
/// through that property, synchronously, from the actor's isolated code runs on the actor's
/// executor, one call at a time (`SocketPool`'s `queue.open()`, `queue.stop()`, `queue.close()`).
struct ActorHeldInstances {
    let index: ProjectIndex
    let perCall: PerCallObjects

    /// The methods of `key` that run only on its holding actor's executor; empty when its instances
    /// are not held by one actor that way, or when the property holding them escapes the actor.
    func serialisedMethods(of key: String, info: ProjectIndex.TypeInfo) -> Set<String> {
        guard info.kind == .class, !perCall.isHeldByAProperty(key), !perCall.hasSubclass(key), !perCall.handsOutSelf(info),
              let holder = holdingProperty(of: key, info: info) else { return [] }
        var serialised: [String: Bool] = [:]
        func note(_ method: String, _ onExecutor: Bool) {
            serialised[method] = (serialised[method] ?? true) && onExecutor
        }
        let actorModule = index.types[holder.actor]?.module ?? ""
        // Only code that can name the actor reads its property.
        for (fileIndex, file) in index.files.enumerated() where index.canSee(module: index.module(ofFile: fileIndex), declaredIn: actorModule) {
            let module = index.module(ofFile: fileIndex)
            for body in file.bodies {
                let owner = body.ownerType.flatMap { index.resolveTypeName($0, module: module) }
                let inActor = owner == holder.actor
                for call in body.calls {
                    // The instance itself handed on (an argument) escapes the actor.
                    if call.arguments.joined().contains(where: { isProperty($0, holder, inActor: inActor, owner: owner) }) { return [] }
                    guard let receiver = call.receiver, isProperty(receiver, holder, inActor: inActor, owner: owner) else { continue }
                    let isolated = inActor && body.kind == .instance && !call.isAwaited
                        && perCall.runsOnCallersPath(call.inClosure, in: body)
                    note(call.name, isolated)
                }
                for event in body.events {
                    if case .store(let store) = event,
                       store.values.contains(where: { isProperty($0, holder, inActor: inActor, owner: owner) }) { return [] }
                }
                if body.resultValues.contains(where: { isProperty($0, holder, inActor: inActor, owner: owner) }) { return [] }
            }
        }
        // A method the class's own methods call (`self.close()` in `fail()`) runs where they run.
        var ownCallers: [String: Set<String>] = [:]
        for (name, entries) in info.methods {
            for entry in entries {
                guard let id = entry.method.body else { continue }
                for call in index.body(id, in: entry.file).calls where info.methods[call.name] != nil
                    && (call.receiver == nil || call.receiver == .path(AccessPath(.selfObject))) {
                    ownCallers[call.name, default: []].insert(name)
                }
            }
        }
        var result = Set(serialised.filter { $0.value && info.methods[$0.key] != nil }.keys)
        var changed = true
        while changed {
            changed = false
            for method in result where !(ownCallers[method] ?? []).allSatisfy({ $0 != method && result.contains($0) }) {
                result.remove(method)
                changed = true
            }
        }
        return result
    }

    /// The actor and its `var` that hold every instance: each construction is an argument of the
    /// actor's initialiser (and used nowhere else), and that initialiser stores the parameter there.
    private func holdingProperty(of key: String, info: ProjectIndex.TypeInfo) -> (actor: String, property: String)? {
        let sites = perCall.constructionSites(of: key, info: info)
        var holder: (actor: String, property: String)?
        for site in sites {
            let made = ValueExpr.path(AccessPath(.callResult(site.call)))
            let uses = site.body.calls.filter { call in
                call.receiver.map { PerCallObjects.isRooted($0, at: site.call) } == true
                    || call.arguments.joined().contains { PerCallObjects.isRooted($0, at: site.call) }
            }
            guard site.onBodysPath, uses.count == 1, let call = uses.first, call.name == "init",
                  let position = call.arguments.firstIndex(where: { $0 == [made] }),
                  !site.body.closures.contains(where: { $0.capturedPaths.contains { PerCallObjects.isRooted(.path($0.path), at: site.call) } })
            else { return nil }
            let module = index.module(ofFile: site.file)
            // `SocketPool(queue: MockEventQueue())`, or `.init(queue: …)` in the actor's own static factory.
            let written = call.isImplicitMember ? site.body.ownerType : call.typeName
            guard let actor = written.flatMap({ index.resolveTypeName($0, module: module) }), index.types[actor]?.kind == .actor,
                  let property = storedParameter(of: actor, labels: call.labels, trailingStart: call.trailingStart, position: position),
                  holder == nil || (holder?.actor == actor && holder?.property == property) else { return nil }
            holder = (actor, property)
        }
        return holder
    }

    /// The `var` of `actor` that its initialiser (matching these labels) stores the argument at
    /// `position` in, when it does nothing else with it.
    private func storedParameter(of actor: String, labels: [String?], trailingStart: Int, position: Int) -> String? {
        guard let initializer = index.method("init", of: actor, labels: labels, trailingStart: trailingStart),
              let bodyID = initializer.method.body,
              let indices = CallMatcher.parameterIndices(labels: labels, trailingStart: trailingStart,
                                                         parameters: initializer.method.parameters),
              position < indices.count else { return nil }
        let parameter = AccessPath(.parameter(initializer.method.parameters[indices[position]].name))
        let body = index.body(bodyID, in: initializer.file)
        var stored: String?
        for event in body.events {
            guard case .store(let store) = event, store.values.contains(.path(parameter)) else { continue }
            guard store.kind == .assign, store.path.root == .selfObject, store.path.members.count == 1 else { return nil }
            stored = store.path.members[0]
        }
        guard let property = stored, index.types[actor]?.properties[property]?.isLet == false,
              !body.calls.contains(where: { $0.arguments.joined().contains(.path(parameter)) }) else { return nil }
        return property
    }

    /// `value` is the holding property itself: `self.queue` or `queue` in the actor's code, and
    /// `pool.queue` (on anything but the `self` of another type that declares such a property) elsewhere.
    private func isProperty(_ value: ValueExpr, _ holder: (actor: String, property: String), inActor: Bool, owner: String?) -> Bool {
        guard case .path(let path) = value else { return false }
        switch path.root {
        case .selfObject:
            guard path.members.last == holder.property else { return false }
            if path.members.count == 1 { return inActor || (owner.flatMap { index.types[$0]?.properties[holder.property] } == nil) }
            return true
        case .name(let name):
            if path.members.isEmpty { return name == holder.property && inActor }
            return path.members.last == holder.property
        default:
            return path.members.last == holder.property
        }
    }
}
