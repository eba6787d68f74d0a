/// `dangling-context`: `Unmanaged.passUnretained(self)` handed to an API that registers a
/// callback (a C function that takes a callback and a `void *` context, per the project's
/// headers or rule packs, or a registration by name) while neither `deinit` nor a close-like
/// method undoes the registration. The callback can then run after `self` is freed, with a
/// dangling context pointer.
public struct DanglingContextRule: Rule {
    /// The rule; it has no configuration of its own.
    public init() {}

    public let description = RuleDescription(
        id: "dangling-context",
        name: "Dangling callback context",
        summary: "Unmanaged.passUnretained(self) is registered as a callback context and never unregistered.",
        rationale: "An unretained context does not keep self alive, so the registration must end before self does; otherwise the library calls back with a pointer to freed memory.",
        fix: "Unregister (the API's remove/unregister/stop partner, or the same call with a NULL callback) in deinit or a close-like method, or pass the context retained and release it when unregistering.",
        triggeringExamples: [
            """
            final class Watcher {
                var loop: OpaquePointer?
                func start() {
                    ↓watch_add(loop, { pointer in
                        Unmanaged<Watcher>.fromOpaque(pointer!).takeUnretainedValue().fire()
                    }, Unmanaged.passUnretained(self).toOpaque())
                }
                func fire() {}
            }
            """,
            """
            final class Player {
                var engine: OpaquePointer?
                func play() {
                    let context = Unmanaged.passUnretained(self).toOpaque()
                    ↓engine_set_callback(engine, { _ in }, context)
                }
                func stop() { engine_pause(engine) }
            }
            """,
        ],
        nonTriggeringExamples: [
            """
            final class Broker {
                var connection: OpaquePointer?
                func observersChanged(count: Int) {
                    if count == 0 { uninstallHook() } else { installHook() }
                }
                private func installHook() {
                    let context = Unmanaged.passUnretained(self).toOpaque()
                    db_set_update_hook(connection, { pointer in
                        Unmanaged<Broker>.fromOpaque(pointer!).takeUnretainedValue().changed()
                    }, context)
                }
                private func uninstallHook() { db_set_update_hook(connection, nil, nil) }
                func changed() {}
            }
            """,
            """
            final class Watcher {
                var loop: OpaquePointer?
                func start() {
                    watch_add(loop, { pointer in
                        Unmanaged<Watcher>.fromOpaque(pointer!).takeUnretainedValue().fire()
                    }, Unmanaged.passUnretained(self).toOpaque())
                }
                deinit { watch_remove(loop) }
                func fire() {}
            }
            """,
            """
            final class Player {
                var engine: OpaquePointer?
                func play() {
                    engine_set_callback(engine, { _ in }, Unmanaged.passUnretained(self).toOpaque())
                }
                func stop() { engine_set_callback(engine, nil, nil) }
            }
            """,
            """
            final class Connection {
                var handle: OpaquePointer?
                func observe() {
                    db_set_update_hook(handle, { context in }, Unmanaged.passUnretained(self).toOpaque())
                }
                func close() { db_close(handle) }
            }
            """,
            """
            final class Hasher {
                func digest() -> Int {
                    hash_bytes(Unmanaged.passUnretained(self).toOpaque(), 16)
                }
            }
            """,
        ]
    )

    public func check(_ context: RuleContext) -> [Finding] {
        let sites = UnmanagedSites(index: context.index, closeMethods: context.options.closeMethods)
        let headers = HeaderCallbackKnowledge(files: context.files)
        var findings: [Finding] = []
        for site in sites.all() where !site.handOff.isRetained && UnmanagedSites.isSelf(site.handOff.object) {
            guard let owner = site.ownerType,
                  let registration = site.handOff.calls.last(where: { isRegistration($0.call, headers: headers, knowledge: context.knowledge) })?.call
            else { continue }
            let partners = HeaderCallbackKnowledge.partners(of: registration.name)
            // The registry itself (`sqlite3_update_hook(self.handle.raw, …)`): owned by self and
            // destroyed in teardown, it cannot call back after that.
            let registry: AccessPath? = {
                guard case .path(let path)? = registration.arguments.first?.first else { return nil }
                switch path.root {
                case .selfObject where !path.members.isEmpty: return path
                case .name: return path  // an implicit member of self
                default: return nil
                }
            }()
            // Undone in teardown, or by any method of the type: a type that unregisters the
            // callback itself manages the registration's life (hooks installed and removed as
            // observers come and go), and the rule stays silent rather than guess its order.
            let unregisters = sites.methodBodies(of: owner, excluding: []).contains { body in
                body.calls.contains { call in
                    partners.contains(call.name)
                        || (call.name == registration.name && call.arguments.contains { $0 == [.nilLiteral] })
                        || (registry.map { destroys(call, $0) } ?? false)
                }
            }
            if unregisters { continue }
            let typeName = context.index.displayName(ofType: owner)
            let message = "Unmanaged.passUnretained(self) is registered with \(registration.name)(…) and never unregistered: "
                + "the callback can run after \(typeName) is freed; unregister in deinit or a close-like method"
            let path = [PathStep(location: site.handOff.origin, description: "passUnretained(self) does not keep \(typeName) alive"),
                        PathStep(location: registration.location, description: "\(registration.name)(…) keeps the context pointer")]
            let file = registration.location.file.split(separator: "/").last.map(String.init) ?? ""
            findings.append(Finding(ruleID: description.id, severity: context.severity(of: description), location: registration.location,
                                    message: message, path: path,
                                    fingerprint: StableHash.hex([description.id, typeName, file, registration.name].joined(separator: "|"))))
        }
        return findings
    }

    /// `close(registry)`, `registry_destroy(registry)` or `registry.close()`: ends the registry.
    private func destroys(_ call: CallFacts, _ registry: AccessPath) -> Bool {
        let lower = call.name.lowercased()
        guard ["close", "destroy", "free", "release", "shutdown", "finalize", "delete", "dispose"].contains(where: { lower.contains($0) })
        else { return false }
        return call.receiver == .path(registry) || call.arguments.contains { $0.contains(.path(registry)) }
    }

    /// The call registers something that calls back later: per the headers, a rule pack, or its name.
    private func isRegistration(_ call: CallFacts, headers: HeaderCallbackKnowledge, knowledge: RetentionKnowledge) -> Bool {
        if headers.functions[call.name] != nil { return true }
        if let entry = knowledge.entry(typeName: call.typeName, method: call.name, labels: call.labels, trailingStart: call.trailingStart) {
            return entry.retention != .nonEscaping && entry.retention != .transient
        }
        if RegistrationNames.looksLikeRegistration(call.name) { return true }
        let lower = call.name.lowercased()
        return ["register", "callback", "watch", "listen", "subscribe", "observer", "handler"].contains { lower.contains($0) }
    }
}
