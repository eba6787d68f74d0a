/// Static state that only code on the XCTest runner's thread touches: the methods of a test case
/// (XCTest runs `setUp`, each test and `tearDown` one after another on one thread) and the members of
/// a helper type whose instances only those methods make. A counter bumped by a test helper's
/// `==` and `hash(into:)` and reset and read by the test is not shared with another thread.
struct TestRunnerConfinement {
    let view: ConcurrencyView
    let perCall: PerCallObjects

    /// Whether every access runs on the test runner's thread: each is outside escaping closures,
    /// in an instance method of a test case or in a member of a runner-confined `type` (an instance
    /// method, or a static one taking an instance, like `==`).
    func confinesAll(_ accesses: [ConcurrencyView.Access], of type: String) -> Bool {
        var helperConfined: Bool?
        return !accesses.isEmpty && accesses.allSatisfy { access in
            let function = access.function
            guard !access.facts.inCallback, function.facts.kind != .topLevel, let owner = function.type else { return false }
            if isTestCase(owner) { return !function.facts.isStatic }
            guard owner == type, takesAnInstance(function, of: type) else { return false }
            if helperConfined == nil { helperConfined = instancesStayOnRunner(type) }
            return helperConfined == true
        }
    }

    /// A subclass of `XCTestCase` (through project superclasses).
    func isTestCase(_ type: String) -> Bool {
        view.lineage(of: type).contains { (view.index.types[$0]?.inherited ?? []).contains { $0.hasSuffix("XCTestCase") } }
    }

    /// An instance method, or a static one with a parameter of the type (`static func ==`).
    private func takesAnInstance(_ function: ConcurrencyView.Function, of type: String) -> Bool {
        guard function.facts.kind == .function else { return false }
        guard function.facts.isStatic else { return true }
        guard let info = view.index.types[type] else { return false }
        return (info.methods[function.facts.name] ?? []).contains { entry in
            entry.method.isStatic && entry.method.parameters.contains { parameter in
                parameter.type?.name == "Self" || parameter.type?.name == info.name
            }
        }
    }

    /// The type is not `Sendable`, no property, static or global holds it, and it is constructed
    /// only by instance methods of test cases, on their own path, in bodies that hand nothing to
    /// another thread (no escaping closure, no awaited call) and store no fresh instance.
    private func instancesStayOnRunner(_ type: String) -> Bool {
        guard let info = view.index.types[type], info.kind == .class || info.kind == .struct || info.kind == .enum,
              !view.lineage(of: type).contains(where: { (view.index.types[$0]?.inherited ?? []).contains { $0.hasSuffix("Sendable") } })
        else { return false }
        guard perCall.isMadePerCall(type, info: info) else { return false }
        let sites = perCall.constructionSites(of: type, info: info)
        return !sites.isEmpty && sites.allSatisfy { site in
            guard site.onBodysPath, site.body.kind == .instance, let owner = site.body.ownerType,
                  let key = view.index.resolveTypeName(owner, module: view.index.module(ofFile: site.file)), isTestCase(key)
            else { return false }
            return !site.body.calls.contains(where: \.isAwaited)
                && site.body.closures.allSatisfy { perCall.runsOnCallersPath($0.id, in: site.body) }
        }
    }
}
