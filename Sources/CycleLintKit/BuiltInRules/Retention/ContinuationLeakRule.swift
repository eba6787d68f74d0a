/// `continuation-leak`: a continuation stored in a property that is not resumed on every path.
public struct ContinuationLeakRule: Rule, ClaimFreeRule {
    public init() {}

    public let description = RuleDescription(
        id: "continuation-leak",
        name: "Stored continuation not resumed on every path",
        summary: "A `CheckedContinuation`/`UnsafeContinuation` (or a collection of them) kept in a property is never resumed "
            + "or removed, is dropped by a close-like method or deinit without being resumed, or is left waiting when its "
            + "task is cancelled (except in test code, where a mock that another method resumes on demand leaves "
            + "cancellation to the test that drives it).",
        rationale: "A suspended task waits until its continuation is resumed. A continuation that is stored and then "
            + "forgotten keeps the task suspended forever, and with it every object the task and its callers captured; "
            + "a dictionary of waiters that is never drained keeps growing.",
        fix: "Resume every stored continuation exactly once and remove it when you do: in the method that completes it, "
            + "in the `onCancel:` handler of `withTaskCancellationHandler` (throwing `CancellationError`), and in "
            + "`close()`/`deinit` (take the waiters out, clear the property, then resume each).",
        triggeringExamples: ContinuationLeakExamples.triggering,
        nonTriggeringExamples: ContinuationLeakExamples.nonTriggering
    )

    public func check(_ context: RuleContext) -> [Finding] {
        let view = context.concurrencyView
        let carriers = Self.continuationTypes(view)
        let wrappers = Self.continuationWrappers(view, carriers: carriers)
        var findings: [Finding] = []
        for key in view.propertiesByType.keys.sorted() {
            guard let info = context.index.types[key], info.kind == .class || info.kind == .actor else { continue }
            let properties = (view.propertiesByType[key] ?? [:]).values.filter { property in
                guard property.facts.isVar, !property.facts.isStatic, property.facts.isStored,
                      let typeText = property.facts.typeText else { return false }
                return ConcurrencyView.identifiers(in: typeText).contains { name in
                    carriers.contains(name)
                        || context.index.resolveTypeName(name, from: key).map(wrappers.contains) == true
                }
            }
            for property in properties.sorted(by: { $0.facts.name < $1.facts.name }) {
                findings += check(property, in: key, typeName: info.name, view: view, context: context)
            }
        }
        return findings
    }

    private static let storeKinds: Set<MemberAccessKind> = [.assign, .subscriptSet, .compoundAssign]

    private func check(_ property: ConcurrencyView.Property, in type: String, typeName: String, view: ConcurrencyView,
                       context: RuleContext) -> [Finding] {
        let name = property.facts.name
        let displayName = "\(typeName).\(name)"
        let own = view.ownAccesses(of: name, in: type)
        let stores = own.filter { Self.storeKinds.contains($0.facts.kind) || ($0.facts.kind == .call && $0.facts.isInsertion) }
            .filter { $0.function.facts.kind != .initializer && $0.function.facts.kind != .propertyInitializer }
        guard let firstStore = stores.min(by: { $0.facts.location < $1.facts.location }) else { return [] }
        let isCollection = ConcurrencyView.isCollection(property.facts.typeText)
        let everywhere = (view.accessesByName[name] ?? []).filter {
            $0.function.facts.kind != .initializer && $0.function.facts.kind != .propertyInitializer
        }
        var findings: [Finding] = []

        // 1. Never resumed or removed anywhere.
        let removed = everywhere.contains { access in
            let facts = access.facts
            switch facts.kind {
            case .clear, .subscriptClear, .inout: return true
            case .assign: return isCollection  // `waiters = waiters.filter { … }` replaces the collection
            case .call: return facts.calledMethod.map(MemberAccessFacts.removingMethods.contains) == true
            case .read: return !isCollection && access.function.facts.resumesSomething
            default: return false
            }
        }
        if !removed {
            let resumed = everywhere.contains { $0.function.facts.resumesSomething }
            let problem = resumed && isCollection
                ? "is resumed but never removed: the collection keeps every continuation (and its task's captures), and a second resume traps"
                : "is never resumed or removed: each waiting task stays suspended forever with everything it captured"
            findings.append(context.finding(
                description, at: firstStore.facts.location,
                message: "the continuation stored in `\(displayName)` \(problem); resume and remove it on every path",
                path: [PathStep(location: property.facts.location, description: "`\(displayName)` holds continuations")],
                components: [displayName, "never-removed"]))
            return findings
        }

        // 2. A close-like method or deinit that drops waiters without resuming them.
        for access in own where access.facts.kind == .clear || (access.facts.kind == .call && access.facts.calledMethod == "removeAll") {
            let function = access.function.facts
            guard function.kind == .function || function.kind == .deinitializer, !function.resumesSomething else { continue }
            let takesThemFirst = own.contains {
                $0.function.file == access.function.file && $0.function.facts.id == function.id
                    && $0.facts.location != access.facts.location && $0.facts.kind != .clear
            }
            if takesThemFirst { continue }
            let calledResumers = function.ownCalls.contains { call in
                resumesOrRemoves(name, startingAt: call.name, in: type, view: view, depth: 0)
            }
            if calledResumers { continue }
            let method = ConcurrencyView.displayName(function)
            findings.append(context.finding(
                description, at: access.facts.location,
                message: "\(method) drops the continuation(s) in `\(displayName)` without resuming them: "
                    + "the waiting tasks never resume; take them out, clear the property, then resume each",
                path: [PathStep(location: firstStore.facts.location, description: "continuation stored in `\(displayName)`")],
                components: [displayName, "dropped", method]))
        }

        // 3. A cancellation handler that leaves the stored continuation waiting. In test code, a
        // continuation that another method resumes when called (a mock's
        // `resumeRunContinuation(with:)`) is the test's to resume: the test ends the mocked
        // operation, cancelled or not.
        let resumedOnDemand = own.contains { access in
            access.function.facts.kind == .function && access.function.facts.resumesSomething
                && !stores.contains { $0.function.file == access.function.file && $0.function.facts.id == access.function.facts.id }
        }
        var seenHandlers: Set<String> = []
        for store in stores {
            guard let handlerID = store.facts.operationOf else { continue }
            let file = store.function.file
            if resumedOnDemand && SourceLayout.isTestCode(context.index.files[file].path) { continue }
            guard seenHandlers.insert("\(file)#\(handlerID)").inserted else { continue }
            let handler = context.index.files[file].concurrency.cancellationHandlers[handlerID]
            if handler.onCancelResumes { continue }
            let touches = own.contains { $0.function.file == file && $0.facts.onCancelOf == handlerID && !$0.facts.isInsertion }
            if touches { continue }
            let calls = view.functions[file][handler.function].facts.ownCalls.filter { $0.onCancelOf == handlerID }
            if calls.contains(where: { resumesOrRemoves(name, startingAt: $0.name, in: type, view: view, depth: 0) }) { continue }
            findings.append(context.finding(
                description, at: handler.onCancelLocation,
                message: "the cancellation handler does not resume the continuation stored in `\(displayName)`: "
                    + "a cancelled task stays suspended until something else resumes it; remove it and resume it with "
                    + "`CancellationError()` in `onCancel:`",
                path: [PathStep(location: store.facts.location, description: "continuation stored in `\(displayName)`")],
                components: [displayName, "cancellation", ConcurrencyView.displayName(view.functions[file][handler.function].facts)]))
        }
        return findings
    }

    /// Method `method` of `type` (or one it calls, a few levels deep) resumes or removes what
    /// `property` holds.
    private func resumesOrRemoves(_ property: String, startingAt method: String, in type: String, view: ConcurrencyView,
                                  depth: Int) -> Bool {
        guard depth < 4 else { return false }
        let candidates = view.functions(of: type).filter { $0.facts.name == method && $0.facts.kind == .function }
        for function in candidates {
            let accesses = view.ownAccesses(of: property, in: type).filter {
                $0.function.file == function.file && $0.function.facts.id == function.facts.id
            }
            if accesses.contains(where: { $0.facts.isRemoval && !$0.facts.isInsertion }) { return true }
            if function.facts.resumesSomething && !accesses.isEmpty { return true }
            for call in function.facts.ownCalls where call.name != method {
                if resumesOrRemoves(property, startingAt: call.name, in: type, view: view, depth: depth + 1) { return true }
            }
        }
        return false
    }

    /// `CheckedContinuation`, `UnsafeContinuation` and project type aliases of them.
    static func continuationTypes(_ view: ConcurrencyView) -> Set<String> {
        var carriers: Set<String> = ["CheckedContinuation", "UnsafeContinuation"]
        for file in view.index.files { carriers.formUnion(file.concurrency.continuationAliases) }
        return carriers
    }

    /// Index keys of project structs that wrap a continuation in a stored property
    /// (`struct Waiter { let continuation: CheckedContinuation<…> }`). One level only: enums are
    /// state machines whose cases the rule does not follow, and classes are checked themselves.
    static func continuationWrappers(_ view: ConcurrencyView, carriers: Set<String>) -> Set<String> {
        var wrappers: Set<String> = []
        for (key, properties) in view.propertiesByType {
            guard view.index.types[key]?.kind == .struct else { continue }
            let holds = properties.values.contains { property in
                !property.facts.isStatic && property.facts.isStored
                    && property.facts.typeText.map { ConcurrencyView.identifiers(in: $0).contains(where: carriers.contains) } == true
            }
            if holds { wrappers.insert(key) }
        }
        return wrappers
    }
}
