import CycleLintKit

/// `event-bus-subscription`: a handler passed to our `EventBus.on(_:handler:)` captures `self`
/// strongly, and the `Subscription` it returns is not cancelled in a close-like method.
///
/// `EventBus` (a framework outside the analysed sources) keeps every handler until its
/// subscription is cancelled. A rule pack could only say "any strong capture is a finding";
/// this rule also reads the facts to accept a subscription that is stored in a property and
/// cancelled in `close()` (or another close-like method).
public struct EventBusSubscriptionRule: Rule {
    /// The rule; it has no settings.
    public init() {}

    /// Id `event-bus-subscription`, texts and examples (run as tests by `RuleExampleRunner`).
    public let description = RuleDescription(
        id: "event-bus-subscription",
        name: "EventBus handler keeps self",
        summary: "A handler passed to EventBus.on captures self strongly and its subscription is never cancelled.",
        rationale: "EventBus keeps every handler until its Subscription is cancelled. A handler that captures self "
            + "keeps self alive for as long, and deinit (where cancelling often is) never runs.",
        fix: "Capture [weak self], or store the subscription and cancel it in a close-like method.",
        triggeringExamples: [
            """
            final class ProfileScreen {
                let bus: EventBus
                init(bus: EventBus) {
                    self.bus = bus
                    ↓bus.on("profile.changed") { self.reload() }
                }
                func reload() {}
            }
            """,
            """
            final class InboxScreen {
                let bus: EventBus
                var subscription: Subscription?
                init(bus: EventBus) {
                    self.bus = bus
                    subscription = ↓bus.on("inbox.new", handler: reload)
                }
                func reload() {}
                deinit { subscription?.cancel() }
            }
            """,
        ],
        nonTriggeringExamples: [
            """
            final class ProfileScreen {
                let bus: EventBus
                init(bus: EventBus) {
                    self.bus = bus
                    bus.on("profile.changed") { [weak self] in self?.reload() }
                }
                func reload() {}
            }
            """,
            """
            final class InboxScreen {
                let bus: EventBus
                var subscription: Subscription?
                init(bus: EventBus) {
                    self.bus = bus
                    subscription = bus.on("inbox.new") { self.reload() }
                }
                func reload() {}
                func close() { subscription?.cancel() }
            }
            """,
            """
            final class Logger {
                let queue: WorkQueue
                init(queue: WorkQueue) {
                    self.queue = queue
                    queue.on("flush") { self.flush() }
                }
                func flush() {}
            }
            """,
        ])

    /// A finding at every `EventBus.on` call whose handler captures self strongly and whose
    /// subscription no close-like method cancels; claims the cycles through those calls.
    public func check(_ context: RuleContext) -> [Finding] {
        let leaking = context.calls(to: "EventBus.on(_:handler:)").filter { site in
            site.strongSelfCapture != nil && !isCancelledOnClose(site, context: context)
        }
        // Claim the cycles the engine sees through these calls, so no built-in rule reports them again.
        let locations = Set(leaking.map(\.call.location))
        for (id, retention) in context.unclaimed where retention.edges.contains(where: { locations.contains($0.location) }) {
            context.claim(id)
        }
        return leaking.map { site in
            context.finding(
                description, at: site.call.location,
                message: "EventBus keeps this handler, which captures self strongly, until its subscription is cancelled; "
                    + "capture [weak self] or cancel the subscription in a close-like method",
                path: [PathStep(location: site.call.location, description: "EventBus keeps the handler"),
                       PathStep(location: site.strongSelfCapture!, description: "the handler captures self")],
                components: [site.body.ownerType ?? "", site.body.name, "EventBus.on"])
        }
    }

    /// Whether the call's result is stored in a property of `self` that one of the owner's
    /// close-like methods cancels (`subscription?.cancel()`).
    private func isCancelledOnClose(_ site: CallSite, context: RuleContext) -> Bool {
        guard let owner = site.body.ownerType,
              let ownerKey = context.index.resolveTypeName(owner, module: context.index.module(ofFile: site.file)),
              let type = context.index.types[ownerKey] else { return false }
        var stored: Set<String> = []
        for event in site.body.events {
            guard case .store(let store) = event,
                  store.values.contains(.path(AccessPath(.callResult(site.call.id)))),
                  let property = Self.selfProperty(store.path) else { continue }
            stored.insert(property)
        }
        guard !stored.isEmpty else { return false }
        for closeMethod in context.options.closeMethods {
            for (method, file) in type.methods[closeMethod] ?? [] {
                guard let bodyID = method.body else { continue }
                let body = context.index.body(bodyID, in: file)
                let cancels = body.calls.contains { call in
                    guard call.name == "cancel", case .path(let receiver)? = call.receiver,
                          let property = Self.selfProperty(receiver) else { return false }
                    return stored.contains(property)
                }
                if cancels { return true }
            }
        }
        return false
    }

    /// `p` for `self.p` or an implicit-self `p`.
    private static func selfProperty(_ path: AccessPath) -> String? {
        switch path.root {
        case .selfObject: return path.members.count == 1 ? path.members[0] : nil
        case .name(let name): return path.members.isEmpty ? name : nil
        default: return nil
        }
    }
}
