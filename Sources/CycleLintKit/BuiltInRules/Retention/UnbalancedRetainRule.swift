/// `unbalanced-retain`: `Unmanaged.passRetained(x)` handed to code that keeps the pointer (a C
/// callback registration, a context struct, a stored property) with no matching `release()` or
/// `takeRetainedValue()` where it could run: in a close-like method, in a one-shot callback of
/// the same call, or in a file-scope callback. `x` then lives for ever. No exemption applies
/// (singletons included): a retain nobody balances is a leak whatever the object.
public struct UnbalancedRetainRule: Rule {
    /// The rule; it has no configuration of its own.
    public init() {}

    public let description = RuleDescription(
        id: "unbalanced-retain",
        name: "Unbalanced Unmanaged retain",
        summary: "Unmanaged.passRetained(x) is handed to an API that keeps the pointer, and nothing releases it.",
        rationale: "passRetained adds a reference that ARC never gives back: only a matching release() or takeRetainedValue() does, so an unbalanced one keeps x (and all it references) alive for the life of the process.",
        fix: "Balance it: Unmanaged<T>.fromOpaque(pointer).release() in a close-like method (after unregistering), in the API's destroy/release callback, or takeRetainedValue() in a one-shot callback; or pass it unretained and unregister before x goes away.",
        triggeringExamples: [
            """
            final class Watcher {
                var loop: OpaquePointer?
                func start() {
                    let context = Unmanaged.passRetained(self).toOpaque()
                    ↓watch_add(loop, { pointer in
                        Unmanaged<Watcher>.fromOpaque(pointer!).takeUnretainedValue().fire()
                    }, context)
                }
                func fire() {}
            }
            """,
            """
            final class Monitor {
                static let shared = Monitor()
                func install() {
                    var context = source_context(info: nil, retain: nil, release: nil)
                    ↓context.info = Unmanaged.passRetained(self).toOpaque()
                    source_install(&context)
                }
            }
            """,
            """
            final class Session {
                var token: UnsafeMutableRawPointer?
                func open() {
                    ↓token = Unmanaged.passRetained(self).toOpaque()
                }
                deinit { Unmanaged<Session>.fromOpaque(token!).release() }
            }
            """,
        ],
        nonTriggeringExamples: [
            """
            final class Watcher {
                var loop: OpaquePointer?
                var context: UnsafeMutableRawPointer?
                func start() {
                    context = Unmanaged.passRetained(self).toOpaque()
                    watch_add(loop, { pointer in
                        Unmanaged<Watcher>.fromOpaque(pointer!).takeUnretainedValue().fire()
                    }, context)
                }
                func close() {
                    watch_remove(loop)
                    if let context { Unmanaged<Watcher>.fromOpaque(context).release() }
                }
                func fire() {}
            }
            """,
            """
            final class Request {
                func send() {
                    request_send(Unmanaged.passRetained(self).toOpaque()) { pointer in
                        Unmanaged<Request>.fromOpaque(pointer!).takeRetainedValue().finish()
                    }
                }
                func finish() {}
            }
            """,
            """
            final class Probes {
                private var retained: [Unmanaged<Probe>] = []
                func keep(_ probe: Probe) {
                    retained.append(Unmanaged.passRetained(probe))
                }
                func releaseAll() {
                    for probe in retained { probe.release() }
                    retained.removeAll()
                }
            }
            """,
            """
            enum Aggregates {
                static func context(in buffer: UnsafeMutableRawPointer) -> Unmanaged<AggregateContext> {
                    let context = Unmanaged.passRetained(AggregateContext())
                    buffer.storeBytes(of: context.toOpaque(), as: UnsafeMutableRawPointer.self)
                    return context
                }
            }
            """,
            """
            final class Probe {
                func measure() {
                    let retained = Unmanaged.passRetained(self)
                    probe_run(retained.toOpaque())
                    retained.release()
                }
            }
            """,
        ]
    )

    public func check(_ context: RuleContext) -> [Finding] {
        let sites = UnmanagedSites(index: context.index, closeMethods: context.options.closeMethods)
        var findings: [Finding] = []
        for site in sites.all() where site.handOff.isRetained && !site.handOff.balancedInBody {
            // The +1 goes to the caller, who balances it (`func context() -> Unmanaged<Context>`).
            if site.handOff.isReturned || sites.returnsOwnership(site) { continue }
            let isSelf = UnmanagedSites.isSelf(site.handOff.object)
            // Kept by `self` and given back by one of its own methods other than deinit
            // (`for probe in retained { probe.release() }`).
            if site.handOff.isStoredOnSelf, let owner = site.ownerType,
               sites.methodBodies(of: owner, excluding: isSelf ? ["deinit"] : []).contains(where: UnmanagedFlow.releasesUnmanaged) {
                continue
            }
            if let owner = site.ownerType,
               sites.teardownBodies(of: owner, includingDeinit: !isSelf).contains(where: UnmanagedFlow.releasesUnmanaged) {
                continue
            }
            // A file-scope callback (a global or static closure) that gives the reference back.
            if context.files[site.file].bodies.contains(where: { $0.kind != .instance && UnmanagedFlow.releasesUnmanaged($0) }) {
                continue
            }
            if let handedTo = site.handOff.calls.last, Self.isTransient(handedTo.call, knowledge: context.knowledge) { continue }
            let object = isSelf ? "self" : Self.spelling(of: site.handOff.object, in: site.body)
            let typeName = site.ownerType.map { context.index.displayName(ofType: $0) }
            let kept = isSelf ? (typeName ?? "self") : object
            let destination = site.handOff.calls.last.map { "\($0.call.name)(…)" } ?? "a stored pointer"
            let message = "Unmanaged.passRetained(\(object)) is handed to \(destination) and never released: it keeps \(kept) alive for ever; "
                + "release it in a close-like method or the API's destroy callback"
            var path = [PathStep(location: site.handOff.origin, description: "passRetained(\(object)) adds a reference to \(kept)")]
            for (call, _) in site.handOff.calls {
                path.append(PathStep(location: call.location, description: "\(call.name)(…) keeps the pointer"))
            }
            let file = site.handOff.location.file.split(separator: "/").last.map(String.init) ?? ""
            let fingerprint = StableHash.hex([description.id, typeName ?? "", file, object, destination].joined(separator: "|"))
            findings.append(Finding(ruleID: description.id, severity: context.severity(of: description), location: site.handOff.location,
                                    message: message, path: path, fingerprint: fingerprint))
        }
        return findings
    }

    /// Knowledge says the API only uses what it is given during the call.
    /// `object` as the source spells it: a call result is the call (`Foo()`, `make(…)`), not its id.
    static func spelling(of object: AccessPath, in body: BodyFacts) -> String {
        guard case .callResult(let id) = object.root, body.calls.indices.contains(id) else { return object.description }
        let call = body.calls[id]
        let callee = call.name == "init" ? (call.typeName ?? "init") : call.name
        let arguments = call.arguments.isEmpty ? "()" : "(…)"
        return ([callee + arguments] + object.members).joined(separator: ".")
    }

    static func isTransient(_ call: CallFacts, knowledge: RetentionKnowledge) -> Bool {
        guard let entry = knowledge.entry(typeName: call.typeName, method: call.name, labels: call.labels,
                                          trailingStart: call.trailingStart) else { return false }
        return entry.retention == .nonEscaping || entry.retention == .transient
    }
}
