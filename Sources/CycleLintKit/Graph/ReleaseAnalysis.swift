/// A release a method performs: the object at `path` is cleared or cancelled.
struct ReleaseFact: Hashable {
    var path: NodeKey
    var kind: ReleaseKind
    var location: SourceLocation
    /// The release lets go of a reference (`nil`, an empty collection, `removeAll`, `cancel()`),
    /// rather than only replacing a value with a fresh one: what makes a method teardown.
    var dropsReference: Bool

    /// Whether this release breaks `edge`, released by `key`: the same object, or one that holds
    /// it. Cancelling an object (`connection.cancel()`) ends what it runs or registers and lets go
    /// of what it holds, but does not clear the reference that holds it.
    func breaks(_ key: ReleaseKey, of edge: EdgeKind) -> Bool {
        guard key.kinds.contains(kind) else { return false }
        if path == key.path { return kind == .cleared || !edge.holdsItsTarget }
        return path.isPrefix(of: key.path)
    }
}

extension EdgeKind {
    /// A stored or declared reference (as opposed to a registration, a running task or a capture).
    var holdsItsTarget: Bool { self == .store || self == .declared }
}

/// What a type's close-like methods and its `deinit` release, following calls to its own
/// methods and to methods of the objects it owns.
final class ReleaseAnalysis: @unchecked Sendable {
    // @unchecked: confined, not locked. The memo (`cache`) is mutated by queries,
    // so each thread queries its own `copy()`; the instance handed between threads is only
    // copied, which reads tables written only while `init` runs.
    // cyclelint:disable unchecked-sendable - confined to one thread by construction (see above)

    static let clearingVerbs: Set<String> = ["removeAll", "removeValue", "remove", "removeFirst", "removeLast",
                                             "popLast", "popFirst", "pop", "dequeue", "removeSubrange"]
    static let cancellingVerbs: Set<String> = ["cancel", "invalidate", "finish", "close", "shutdown", "stop",
                                               "disconnect", "terminate", "dispose", "cancelAll", "invalidateAndCancel",
                                               "finishTasksAndInvalidate", "syncShutdownGracefully", "shutdownGracefully"]

    /// How deep releases are followed through calls to other methods.
    static let maximumCallDepth = 6

    private let index: ProjectIndex
    private let knowledge: RetentionKnowledge
    private let closeMethods: Set<String>
    /// Methods a framework calls to tear an object down (`handlerRemoved`, from rule packs'
    /// context ownerships): teardown whatever their names.
    private let frameworkTeardown: Set<String>
    /// Base names of the methods something in the project calls, or names as a `#selector`
    /// (which the receiver calls back).
    private let calledNames: Set<String>
    /// The `#selector` methods of the calls that name any, by the call's location.
    private let selectorsByCall: [SourceLocation: [String]]
    /// Releases by method and call depth. A query's answer is a function of its key alone (no
    /// recursion cut that depends on what else is being computed), so any thread, asking in any
    /// order, gets the same answers.
    private var cache: [ReleaseQuery: [ReleaseFact]] = [:]

    /// Properties that some called method other than an initializer or deinit releases,
    /// anywhere in the project (`context.next = nil` in a pipeline's remove method): their
    /// owners manage those edges explicitly.
    private(set) var releasedElsewhere: [PropertyRef: Set<ReleaseKind>] = [:]
    /// Properties released in some deinit, with where.
    private(set) var releasedInDeinit: [PropertyRef: SourceLocation] = [:]

    /// `jobs`: threads for collecting the names the project calls and for the release scan.
    init(index: ProjectIndex, knowledge: RetentionKnowledge, closeMethods: Set<String>, jobs: Int = 1) {
        self.index = index
        self.knowledge = knowledge
        let frameworkTeardown = knowledge.contextReleasingMethods
        self.closeMethods = closeMethods
        self.frameworkTeardown = frameworkTeardown
        // Each file's called names on all threads, then merged in file order.
        let perFile = ParallelMap.map(Array(index.files.indices), jobs: jobs) { [index] fileIndex in
            var names: Set<String> = []
            var selectors: [(location: SourceLocation, names: [String])] = []
            for body in index.files[fileIndex].bodies {
                for call in body.calls {
                    // `super.m()` forwards a call of the override; it is no call of `m` from elsewhere.
                    if !call.isSuperCall { names.insert(call.name) }
                    names.formUnion(call.selectors)
                    if !call.selectors.isEmpty { selectors.append((call.location, call.selectors)) }
                }
            }
            return (names: names, selectors: selectors)
        }
        var calledNames: Set<String> = []
        var calledNamesByModule: [String: Set<String>] = [:]
        var selectorsByCall: [SourceLocation: [String]] = [:]
        for (fileIndex, file) in perFile.enumerated() {
            calledNames.formUnion(file.names)
            calledNamesByModule[index.module(ofFile: fileIndex), default: []].formUnion(file.names)
            for call in file.selectors { selectorsByCall[call.location] = call.names }
        }
        self.calledNames = calledNames
        self.selectorsByCall = selectorsByCall
        collectPropertyReleases(calledNamesByModule: calledNamesByModule, jobs: jobs)
    }

    /// Another analysis over the same project that shares this one's project-wide tables but has
    /// its own memo (one per thread).
    func copy() -> ReleaseAnalysis {
        ReleaseAnalysis(index: index, knowledge: knowledge, closeMethods: closeMethods, frameworkTeardown: frameworkTeardown,
                        calledNames: calledNames,
                        selectorsByCall: selectorsByCall, releasedElsewhere: releasedElsewhere, releasedInDeinit: releasedInDeinit)
    }

    private init(index: ProjectIndex, knowledge: RetentionKnowledge, closeMethods: Set<String>, frameworkTeardown: Set<String>,
                 calledNames: Set<String>,
                 selectorsByCall: [SourceLocation: [String]],
                 releasedElsewhere: [PropertyRef: Set<ReleaseKind>], releasedInDeinit: [PropertyRef: SourceLocation]) {
        self.index = index
        self.knowledge = knowledge
        self.closeMethods = closeMethods
        self.frameworkTeardown = frameworkTeardown
        self.calledNames = calledNames
        self.selectorsByCall = selectorsByCall
        self.releasedElsewhere = releasedElsewhere
        self.releasedInDeinit = releasedInDeinit
    }

    /// Only methods that something calls (or close-like ones, which a user or framework calls)
    /// count: an `unregister` nobody calls breaks nothing. Each method's own releases only (every
    /// method is scanned itself, so calls are not followed). Files on all threads, each with its
    /// own memo (`copy()`, whose answers do not depend on the order of queries), merged in file
    /// order: a property released in several `deinit`s keeps the first place.
    private func collectPropertyReleases(calledNamesByModule: [String: Set<String>], jobs: Int) {
        var callingModules: [String: [String]] = [:]
        for (module, names) in calledNamesByModule {
            for name in names { callingModules[name, default: []].append(module) }
        }
        let perFile = ParallelMap.map(Array(index.files.indices), jobs: jobs) { [self, callingModules] in
            let analysis = copy()
            var calledFromRelated: [String: Bool] = [:]
            return { fileIndex in
                analysis.propertyReleases(ofFile: fileIndex, calledNamesByModule: calledNamesByModule,
                                          callingModules: callingModules, calledFromRelated: &calledFromRelated)
            }
        }
        for file in perFile {
            for release in file {
                if release.inDeinit {
                    releasedInDeinit[release.property] = releasedInDeinit[release.property] ?? release.location
                } else {
                    releasedElsewhere[release.property, default: []].insert(release.kind)
                }
            }
        }
    }

    /// A property that a scanned method of a file releases.
    private struct PropertyRelease {
        var property: PropertyRef
        var kind: ReleaseKind
        var location: SourceLocation
        var inDeinit: Bool
    }

    /// The releases of properties by the called (or teardown) methods of one file, in order.
    /// `calledFromRelated`: the thread's memo of whether a name is called from a module related
    /// to another (by `module + NUL + name`).
    private func propertyReleases(ofFile fileIndex: Int, calledNamesByModule: [String: Set<String>],
                                  callingModules: [String: [String]],
                                  calledFromRelated: inout [String: Bool]) -> [PropertyRelease] {
        let module = index.module(ofFile: fileIndex)
        var found: [PropertyRelease] = []
        for body in index.files[fileIndex].bodies where body.methodName != "init" {
            let owner = body.ownerType.flatMap { index.resolveTypeName($0, module: module) }
            if let name = body.methodName, name != "deinit",
               !(owner.map { isTeardown(name, of: $0) } ?? isCloseLike(name)) {
                // Called from its own module, from anywhere when the type's name is unique, or
                // from a module its manifest relates to its own by a dependency either way (a
                // framework calling its protocol's requirement: NIOCore's `decoder.decoderRemoved()`).
                var called = calledNamesByModule[module]?.contains(name) == true
                    || (owner.map { !$0.contains("/") } ?? true) && calledNames.contains(name)
                if !called {
                    let key = module + "\u{0}" + name
                    if let known = calledFromRelated[key] {
                        called = known
                    } else {
                        called = (callingModules[name] ?? []).contains { caller in
                            index.dependsOn(module: module, on: caller) || index.dependsOn(module: caller, on: module)
                        }
                        calledFromRelated[key] = called
                    }
                }
                if !called { continue }
            }
            let resolver = PathResolver(index: index, typeName: owner, module: module)
            let context = BodyContext(file: fileIndex, body: body)
            let facts = releases(in: body, context: context, resolver: resolver, type: owner,
                                 depth: Self.maximumCallDepth) { _ in true }
            for fact in facts {
                guard let property = resolver.declaredProperty(at: fact.path) else { continue }
                found.append(PropertyRelease(property: property, kind: fact.kind, location: fact.location,
                                             inDeinit: body.methodName == "deinit"))
            }
        }
        return found
    }

    /// The teardown methods of `type`: see `isTeardown`.
    func closeMethodNames(of type: String) -> [String] {
        guard let info = index.types[type] else { return [] }
        return info.methods.keys.filter { isTeardown($0, of: type) }.sorted()
    }

    /// Whether `method` of `type` ends an instance's life: a configured close-like name
    /// (`close`, `invalidate`), a method the framework calls to tear it down (`handlerRemoved`),
    /// or a configured verb followed by more words (`closeConnection`,
    /// `stopMonitoring`) when the method lets go of a reference (a `stopMeasurement` that reads a
    /// clock is not teardown). A `private` or `fileprivate` method that nothing calls is never
    /// called, so it is not teardown.
    func isTeardown(_ method: String, of type: String) -> Bool {
        if frameworkTeardown.contains(method) { return !index.methods(method, of: type).isEmpty }
        guard isCloseLike(method) else { return false }
        let declared = index.methods(method, of: type)
        if !declared.isEmpty, declared.allSatisfy(\.method.isFilePrivate), !calledNames.contains(method) { return false }
        return closeMethods.contains(method) || releases(of: type, method: method).contains(where: \.dropsReference)
    }

    /// Whether `name` is a configured close-like name, or one followed by more words; says
    /// nothing about what the method does (see `isTeardown`).
    func isCloseLike(_ name: String) -> Bool {
        if closeMethods.contains(name) { return true }
        // `closeConnection`, `stopMonitoring`; not `finishConnect` or `resetState`.
        return closeMethods.subtracting(["finish", "reset"]).contains { verb in
            name.hasPrefix(verb) && name.dropFirst(verb.count).first?.isUppercase == true
        }
    }

    /// Whether the registration made by the call at `location` (`Timer.scheduledTimer(timeInterval:
    /// target: self, selector: #selector(fire(_:)), …)`) ends itself: its selector method, a
    /// method of `type`, cancels or invalidates the object it is called with (`timer.invalidate()`).
    /// A selector method that invalidates the stored timer is found as a called method's release.
    func selectorCallbackEndsRegistration(madeAt location: SourceLocation, type: String) -> Bool {
        guard let selectors = selectorsByCall[location] else { return false }
        return selectors.contains { selector in
            releases(of: type, method: selector).contains { fact in
                guard fact.kind == .cancelled, case .scopedPath(_, _, .parameter, let members) = fact.path else { return false }
                return members.isEmpty
            }
        }
    }

    /// Releases done by `type`'s close-like methods.
    func closeReleases(of type: String) -> [ReleaseFact] {
        closeMethodNames(of: type).flatMap { releases(of: type, method: $0) }
    }

    /// Releases done by `type`'s deinit.
    func deinitReleases(of type: String) -> [ReleaseFact] {
        releases(of: type, method: "deinit")
    }

    /// Releases done by the statements inside one closure (a one-shot callback that clears
    /// itself), and whether it cancels or invalidates its own parameter (a timer block that
    /// invalidates its timer).
    func closureReleases(file: Int, body bodyID: Int, closure: Int, type: String?) -> (facts: [ReleaseFact], cancelsOwnParameter: Bool) {
        let body = index.body(bodyID, in: file)
        let inside = Set(body.closures.filter { isNested($0.id, in: closure, body: body) }.map(\.id))
        // A release in a callback handed on (`self.poll { … self.repeater = nil }`) may never run;
        // one dispatched to an API that runs it (`DispatchQueue.main.async { … }`) does.
        let runs = calledByName(from: inside.filter { runsWhenRun($0, closure: closure, in: body) }, in: body)
        let resolver = PathResolver(index: index, typeName: type, module: index.module(ofFile: file))
        let context = BodyContext(file: file, body: body)
        let facts = releases(in: body, context: context, resolver: resolver, type: type, depth: 0) {
            $0.map(runs.contains) ?? false
        }
        let cancelsOwnParameter = body.calls.contains { call in
            guard let enclosing = call.inClosure, inside.contains(enclosing),
                  Self.cancellingVerbs.contains(call.name),
                  case .path(let path)? = call.receiver, case .local(let local) = path.root else { return false }
            return body.locals[local].parameterOfClosure == closure
        }
        return (facts, cancelsOwnParameter)
    }

    /// Whether the closure `id`, nested in `closure`, is sure to run when `closure` runs: it is
    /// `closure`, or it is called at once or passed to an API that runs it (`transient` or
    /// `non-escaping` in the packs) from a closure that is.
    private func runsWhenRun(_ id: Int, closure: Int, in body: BodyFacts) -> Bool {
        if id == closure { return true }
        let facts = body.closures[id]
        if !facts.isImmediatelyCalled {
            guard let call = body.calls.first(where: { $0.arguments.contains { $0.contains(.closure(id)) } }),
                  let entry = knowledge.entry(typeName: call.typeName, method: call.name, labels: call.labels,
                                              trailingStart: call.trailingStart),
                  entry.retention == .transient || entry.retention == .nonEscaping else { return false }
        }
        return facts.parent.map { runsWhenRun($0, closure: closure, in: body) } ?? false
    }

    /// `running` with the local closures it calls by name (`let finish = { task.x = nil }` then
    /// `finish()` inside it), and what those run in turn: their bodies run when the caller does.
    private func calledByName(from running: Set<Int>, in body: BodyFacts) -> Set<Int> {
        var runs = running
        var pending = Array(running)
        while let caller = pending.popLast() {
            for call in body.calls where call.inClosure == caller {
                guard case .closure(let called)? = call.receiver, !runs.contains(called) else { continue }
                let runsWithIt = body.closures.map(\.id).filter {
                    isNested($0, in: called, body: body) && runsWhenRun($0, closure: called, in: body)
                }
                for id in runsWithIt where runs.insert(id).inserted { pending.append(id) }
            }
        }
        return runs
    }

    private func isNested(_ candidate: Int, in closure: Int, body: BodyFacts) -> Bool {
        var current: Int? = candidate
        while let id = current {
            if id == closure { return true }
            current = body.closures[id].parent
        }
        return false
    }

    /// Releases of one method of `type` (all overloads), following the calls it makes down to
    /// `maximumCallDepth`, memoised by method and depth. A recursive method is followed like any
    /// other until that depth; each release is listed once.
    func releases(of type: String, method: String, depth: Int = 0) -> [ReleaseFact] {
        guard depth < Self.maximumCallDepth else { return [] }
        let key = ReleaseQuery(type: type, method: method, depth: depth)
        if let cached = cache[key] { return cached }
        let resolver = PathResolver(index: index, typeName: type)
        var result: [ReleaseFact] = []
        var listed: Set<ReleaseFact> = []
        for (method, file) in index.methods(method, of: type) {
            guard let bodyID = method.body else { continue }
            let body = index.body(bodyID, in: file)
            let context = BodyContext(file: file, body: body)
            for fact in releases(in: body, context: context, resolver: resolver, type: type, depth: depth, includes: { _ in true })
            where listed.insert(fact).inserted {
                result.append(fact)
            }
        }
        cache[key] = result
        return result
    }

    /// The releases of the included statements of `body`, except those that a later statement
    /// undoes by storing a new reference at the same place (`view = nil; view = V()` resets
    /// `view`, it does not release it).
    private func releases(in body: BodyFacts, context: BodyContext, resolver: PathResolver, type: String?, depth: Int,
                          includes: (Int?) -> Bool) -> [ReleaseFact] {
        var result: [(fact: ReleaseFact, order: Int)] = []
        var retainingStores: [(path: NodeKey, order: Int)] = []
        for (order, event) in body.events.enumerated() {
            switch event {
            case .store(let store):
                guard includes(store.inClosure), let key = resolver.canonical(store.path, context) else { continue }
                let resetsOwnHandler = Self.resetsOwnHandler(store, at: key, in: body)
                if !resetsOwnHandler, store.values.contains(where: { isRetaining($0, in: body) }) {
                    retainingStores.append((key, order))
                    continue
                }
                // A number or a flag holds no reference: setting it releases nothing.
                guard store.kind == .assign, !store.values.allSatisfy(Self.isScalar) else { continue }
                let drops = resetsOwnHandler || store.values.allSatisfy { isEmptied($0, in: body, resolver: resolver) }
                result.append((ReleaseFact(path: key, kind: .cleared, location: store.location, dropsReference: drops), order))
            case .call(let id):
                let call = body.calls[id]
                guard includes(call.inClosure) else { continue }
                result += callReleases(call, body: body, context: context, resolver: resolver, type: type, depth: depth)
                    .map { ($0, order) }
            }
        }
        return result.filter { release in
            !retainingStores.contains { $0.order > release.order && (release.fact.path == $0.path || release.fact.path.isPrefix(of: $0.path)) }
        }.map(\.fact)
    }

    /// `nil`, `[]`, or a fresh container of the project's (`CallbackList()`, `.init()`): the old
    /// contents are let go. A fresh value of another library (`Date()`) only replaces a value.
    private func isEmptied(_ value: ValueExpr, in body: BodyFacts, resolver: PathResolver) -> Bool {
        switch value {
        case .nilLiteral, .emptyCollection: return true
        case .path(let path):
            guard case .callResult(let id) = path.root, path.members.isEmpty else { return false }
            let call = body.calls[id]
            if call.isImplicitMember, call.name == "init" { return true }
            return call.name == "init" && call.typeName.flatMap(resolver.resolve) != nil
        default: return false
        }
    }

    /// `self.onDone = { _ in }` in a method of the type: a closure that captures nothing holds
    /// no reference, so the object lets go of the handler it replaces (and of what that one
    /// captured), as with `nil`. Elsewhere such a store is setting a handler up, not releasing one.
    private static func resetsOwnHandler(_ store: StoreFacts, at key: NodeKey, in body: BodyFacts) -> Bool {
        guard store.kind == .assign, case .selfPath(let members) = key, members.count == 1, !store.values.isEmpty else { return false }
        return store.values.allSatisfy { value in
            guard case .closure(let id) = value else { return false }
            let closure = body.closures[id]
            return closure.strongSelfCapture == nil && closure.listedSelf == nil && closure.capturedPaths.isEmpty
        }
    }

    private static func isScalar(_ value: ValueExpr) -> Bool {
        if case .literal = value { return true }
        return false
    }

    private func callReleases(_ call: CallFacts, body: BodyFacts, context: BodyContext, resolver: PathResolver,
                              type: String?, depth: Int) -> [ReleaseFact] {
        var result: [ReleaseFact] = []
        let receiver: NodeKey?
        if case .path(let path)? = call.receiver {
            receiver = resolver.canonical(path, context)
        } else if call.receiver == nil, call.typeName == nil, !call.isImplicitMember {
            receiver = type == nil ? nil : .selfPath([])
        } else {
            receiver = nil
        }
        if call.name == "removeObserver" || call.name == "removeTimeObserver" {
            for case .path(let path) in call.arguments.first ?? [] {
                if let key = resolver.canonical(path, context) {
                    result.append(ReleaseFact(path: key, kind: .cancelled, location: call.location, dropsReference: true))
                }
            }
        }
        guard let receiver else { return result }
        // A project method on self or on an owned object: its releases, below the receiver. What
        // the method does is known, so its name says nothing more (a protocol requirement's
        // implementations are not known: its verb still counts).
        if let receiverType = resolver.typeRef(of: receiver)?.name, let resolved = resolver.resolve(receiverType),
           index.methods(call.name, of: resolved).contains(where: { $0.method.body != nil }) {
            for fact in releases(of: resolved, method: call.name, depth: depth + 1) {
                if let rebased = fact.path.rebased(onto: receiver) {
                    result.append(ReleaseFact(path: rebased, kind: fact.kind, location: call.location,
                                              dropsReference: fact.dropsReference))
                }
            }
            // A project collection (`PriorityQueue.pop()`) whose storage the analysis cannot
            // follow down to its elements: the removing verb still says an element goes.
            if result.isEmpty, receiver != .selfPath([]), Self.clearingVerbs.contains(call.name) {
                result.append(ReleaseFact(path: receiver, kind: .cleared, location: call.location, dropsReference: true))
            }
            return result
        }
        // A method of another library on an object `self` holds: known by its verb. `self`'s own
        // inherited `cancel()` (an `Operation`'s) clears none of its properties.
        guard receiver != .selfPath([]) else { return result }
        if Self.clearingVerbs.contains(call.name) {
            result.append(ReleaseFact(path: receiver, kind: .cleared, location: call.location, dropsReference: true))
        }
        if Self.cancellingVerbs.contains(call.name) {
            result.append(ReleaseFact(path: receiver, kind: .cancelled, location: call.location, dropsReference: true))
        }
        if call.name == "forEach", cancelsEachElement(call, body: body) {
            result.append(ReleaseFact(path: receiver, kind: .cancelled, location: call.location, dropsReference: true))
        }
        if Self.detachesHandler(call) {
            // `source.setEventHandler(handler: nil)`: the receiver lets go of what it kept.
            result.append(ReleaseFact(path: receiver, kind: .cleared, location: call.location, dropsReference: true))
        }
        return result
    }

    /// A call that hands `nil` where the receiver keeps a handler or delegate
    /// (`setEventHandler(handler: nil)`, `setDelegate(nil)`, `onClose(nil)`); a `nil` for any
    /// other argument (`write(part, promise: nil)`) releases nothing.
    static func detachesHandler(_ call: CallFacts) -> Bool {
        let keptWords = ["handler", "callback", "listener", "observer", "block", "closure", "delegate", "action", "target"]
        return zip(call.labels, call.arguments).contains { label, values in
            guard values == [.nilLiteral] else { return false }
            if let label { return keptWords.contains { label.lowercased().hasSuffix($0) } }
            return RegistrationNames.looksLikeRegistration(call.name)
                || call.name.hasPrefix("set") && keptWords.contains { call.name.lowercased().hasSuffix($0) }
        }
    }

    /// A new value that could re-create the reference (a closure, an existing object, a value
    /// built from either) is not a release; nil, empty collections, literals and values built
    /// from nothing but those (`CallbackList()`) are.
    private func isRetaining(_ value: ValueExpr, in body: BodyFacts) -> Bool {
        switch value {
        case .closure: return true
        case .path(let path):
            guard case .callResult(let id) = path.root, path.members.isEmpty else { return true }
            let call = body.calls[id]
            if case .path? = call.receiver { return true }
            // A new object can be the other end of a cycle; a fresh value (`CallbackList()`) cannot.
            if index.isReferenceType(call.typeName) { return true }
            return call.arguments.joined().contains { isRetaining($0, in: body) }
        case .array(let values): return values.contains { isRetaining($0, in: body) }
        case .nilLiteral, .emptyCollection, .literal, .other: return false
        }
    }

    /// `tasks.forEach { $0.cancel() }`.
    private func cancelsEachElement(_ call: CallFacts, body: BodyFacts) -> Bool {
        for case .closure(let id) in call.arguments.flatMap({ $0 }) {
            if body.calls.contains(where: { $0.inClosure == id && Self.cancellingVerbs.contains($0.name) }) { return true }
        }
        return false
    }
}

extension NodeKey {
    /// Paths that outlive a call: from `self` or a global.
    var isLongLived: Bool {
        switch self {
        case .selfPath, .globalPath: return true
        default: return false
        }
    }

    /// Whether `other` is this path followed by more members.
    func isPrefix(of other: NodeKey) -> Bool {
        switch (self, other) {
        case (.selfPath(let a), .selfPath(let b)): return b.count > a.count && Array(b.prefix(a.count)) == a
        case (.globalPath(let r1, let a), .globalPath(let r2, let b)):
            return r1 == r2 && b.count > a.count && Array(b.prefix(a.count)) == a
        case (.scopedPath(let f1, let b1, let r1, let a), .scopedPath(let f2, let b2, let r2, let b)):
            return f1 == f2 && b1 == b2 && r1 == r2 && b.count > a.count && Array(b.prefix(a.count)) == a
        default: return false
        }
    }

    /// A `self`-relative path of another type re-rooted at `receiver` (`self.handler` of the
    /// connection becomes `self.connection.handler`); globals stay as they are.
    func rebased(onto receiver: NodeKey) -> NodeKey? {
        switch self {
        case .selfPath(let members):
            var key: NodeKey? = receiver
            for member in members { key = key?.appending(member) }
            return key
        case .globalPath: return self
        default: return nil
        }
    }
}

/// One memoised query of `ReleaseAnalysis.releases(of:method:depth:)`.
private struct ReleaseQuery: Hashable {
    var type: String
    var method: String
    var depth: Int
}
