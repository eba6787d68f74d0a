/// Where `Unmanaged.passRetained(x)` / `passUnretained(x)` values go in one body, read from its
/// calls and stores: the pointer (through `toOpaque()`, `retain()` and locals) is handed to a
/// call or stored, and `release()`/`takeRetainedValue()` balance a retain.
struct UnmanagedFlow {
    /// One `passRetained`/`passUnretained` whose pointer leaves the body.
    struct HandOff {
        /// `passRetained` (true) or `passUnretained`.
        var isRetained: Bool
        /// The object passed (`self`, or another path).
        var object: AccessPath
        /// Where `passRetained(…)`/`passUnretained(…)` is.
        var origin: SourceLocation
        /// The calls the pointer is handed to, with the argument position, in source order (a
        /// struct initializer that wraps it, then the call the struct goes to).
        var calls: [(call: CallFacts, argument: Int)]
        /// Where it is first handed over or stored.
        var location: SourceLocation
        /// The same body balances it (`release()`/`takeRetainedValue()` on the same value, or in
        /// one of the body's closures: a one-shot callback that consumes the retain).
        var balancedInBody: Bool
        /// The pointer is stored in a property of `self` (directly or appended to a collection),
        /// so `self`'s own methods are where it can be given back.
        var isStoredOnSelf: Bool
        /// The body produces the pointer as its result: the reference goes to the caller.
        var isReturned: Bool
    }

    /// Methods of `Unmanaged` that derive another view of the same reference.
    private static let derivations: Set<String> = ["toOpaque", "retain", "autorelease"]
    /// Methods that give up a +1 reference.
    static let releases: Set<String> = ["release", "takeRetainedValue"]

    /// The hand-offs in `body`.
    static func handOffs(in body: BodyFacts) -> [HandOff] {
        var result: [HandOff] = []
        for origin in body.calls where isUnmanaged(origin) && (origin.name == "passRetained" || origin.name == "passUnretained") {
            guard case .path(let object)? = origin.arguments.first?.first else { continue }
            // Call ids follow the start of each call, so `passRetained(x).toOpaque()` has the
            // outer call first: grow the set until nothing changes.
            var derived: Set<Int> = [origin.id]
            var grew = true
            while grew {
                grew = false
                for call in body.calls where !derived.contains(call.id) && Self.derivations.contains(call.name) {
                    if let root = receiverRoot(call), derived.contains(root) {
                        derived.insert(call.id)
                        grew = true
                    }
                }
            }
            let balanced = body.calls.contains { call in
                guard releases.contains(call.name) else { return false }
                if let root = receiverRoot(call), derived.contains(root) { return true }
                return call.inClosure != nil && isFromOpaque(call, in: body)
            }
            // A struct built around the pointer carries it on (`Context(info: pointer, …)`).
            grew = true
            while grew {
                grew = false
                for call in body.calls where !derived.contains(call.id) && call.typeName != nil && call.name == "init"
                    && call.arguments.contains(where: { $0.contains { refers($0, to: derived) } }) {
                    derived.insert(call.id)
                    grew = true
                }
            }
            var handedTo: [(call: CallFacts, argument: Int)] = []
            var locations: [SourceLocation] = []
            for call in body.calls where (!derived.contains(call.id) || call.name == "init") && !isUnmanaged(call)
                && !releases.contains(call.name) && !derivations.contains(call.name) {
                guard let position = call.arguments.firstIndex(where: { $0.contains { refers($0, to: derived) } }) else { continue }
                handedTo.append((call, position))
                locations.append(call.location)
            }
            // Wrapping structs first, then what they are handed to.
            handedTo.sort { ($0.call.name == "init" ? 0 : 1, $0.call.id) < ($1.call.name == "init" ? 0 : 1, $1.call.id) }
            for case .store(let store) in body.events where store.values.contains(where: { refers($0, to: derived) }) {
                locations.append(store.location)
            }
            var storedOnSelf = false
            for case .store(let store) in body.events where store.values.contains(where: { refers($0, to: derived) }) {
                switch store.path.root {
                case .selfObject, .name: storedOnSelf = true  // `self.p` or an implicit member `p`
                default: break
                }
            }
            let returned = body.resultValues.contains { refers($0, to: derived) }
            guard let first = locations.min() else { continue }
            result.append(HandOff(isRetained: origin.name == "passRetained", object: object, origin: origin.location,
                                  calls: handedTo, location: first, balancedInBody: balanced,
                                  isStoredOnSelf: storedOnSelf, isReturned: returned))
        }
        return result
    }

    /// Whether `body` gives up an `Unmanaged` reference: `release()` or `takeRetainedValue()`
    /// on `Unmanaged…fromOpaque(…)` or on any other value.
    static func releasesUnmanaged(_ body: BodyFacts) -> Bool {
        body.calls.contains { releases.contains($0.name) && $0.receiver != nil }
    }

    private static func isUnmanaged(_ call: CallFacts) -> Bool {
        call.typeName?.hasPrefix("Unmanaged") == true
    }

    private static func isFromOpaque(_ call: CallFacts, in body: BodyFacts) -> Bool {
        guard let root = receiverRoot(call), root < body.calls.count else { return false }
        return body.calls[root].name == "fromOpaque"
    }

    /// The call whose result the receiver is (`call#3.release()`).
    private static func receiverRoot(_ call: CallFacts) -> Int? {
        if case .path(let path)? = call.receiver, path.members.isEmpty, case .callResult(let id) = path.root { return id }
        return nil
    }

    private static func refers(_ value: ValueExpr, to calls: Set<Int>) -> Bool {
        switch value {
        case .path(let path):
            if case .callResult(let id) = path.root { return path.members.isEmpty && calls.contains(id) }
            return false
        case .array(let elements):
            return elements.contains { refers($0, to: calls) }
        default:
            return false
        }
    }
}
