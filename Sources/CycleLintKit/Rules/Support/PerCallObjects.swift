/// Objects made per call: instances of a type constructed in function bodies and never held by a
/// property, static or global. Such an object ends with the call (or the closure it returns) that
/// made it; when, in addition, each instance is used on one path only, its methods run one after
/// another and its state needs no lock.
struct PerCallObjects {
    /// A construction `T(…)`: the body it is in, the call's id there and the type as written.
    private struct Construction {
        var file: Int
        var body: Int
        var call: Int
        var typeName: String
    }

    private let index: ProjectIndex
    /// Constructions by the simple name of the type written, for the names asked about.
    private var constructions: [String: [Construction]] = [:]
    /// The types (index keys) some declared property, static or global holds, among those asked about.
    private var heldTypes: Set<String> = []
    /// The types (index keys) some project class inherits from.
    private let superclasses: Set<String>

    /// Calls whose closure arguments (or method references) run on the caller's path, one call at
    /// a time: sequence and async-sequence algorithms, whose element closures are called by the
    /// one iteration that consumes them, and the initialisers of `AsyncStream`/`AsyncThrowingStream`,
    /// whose build closure runs at once and whose `unfolding` closure is called by its one consumer.
    static let serialConsumers: Set<String> = [
        "map", "compactMap", "flatMap", "filter", "forEach", "reduce", "first", "contains", "allSatisfy", "prefix",
        "drop", "sorted", "min", "max", "firstIndex", "lastIndex", "last",
    ]
    static let streamTypes: Set<String> = ["AsyncStream", "AsyncThrowingStream"]

    /// Indexes the constructions of the types named in `typeNames` (as `TypeInfo.name` spells them).
    init(index: ProjectIndex, typeNames: Set<String>) {
        self.index = index
        superclasses = Set(index.types.keys.compactMap { index.superclass(of: $0) })
        let simpleNames = Set(typeNames.map(Self.simpleName))
        guard !simpleNames.isEmpty else { return }
        for (fileIndex, file) in index.files.enumerated() {
            let module = index.module(ofFile: fileIndex)
            for property in file.concurrency.properties {
                let names = property.typeText?.split { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") } ?? []
                for name in names where simpleNames.contains(Self.simpleName(String(name))) {
                    if let key = index.resolveTypeName(String(name), from: property.ownerType, module: module) { heldTypes.insert(key) }
                }
            }
            for body in file.bodies {
                for call in body.calls where call.name == "init" {
                    guard let name = call.typeName, simpleNames.contains(Self.simpleName(name)) else { continue }
                    constructions[Self.simpleName(name), default: []].append(
                        Construction(file: fileIndex, body: body.id, call: call.id, typeName: name))
                }
            }
        }
    }

    private static func simpleName(_ name: String) -> String {
        name.split(separator: ".").last.map(String.init) ?? name
    }

    /// Whether every instance of the type is made per call: it is constructed in function bodies,
    /// and no property, static or global anywhere is declared to hold one and no stored value is a
    /// fresh one.
    func isMadePerCall(_ key: String, info: ProjectIndex.TypeInfo) -> Bool {
        guard !heldTypes.contains(key) else { return false }
        let made = constructions(of: key, info: info)
        return !made.isEmpty && made.allSatisfy { construction in
            let body = index.body(construction.body, in: construction.file)
            return !body.events.contains { event in
                guard case .store(let store) = event else { return false }
                return store.values.contains { Self.isRooted($0, at: construction.call) }
            }
        }
    }

    /// Whether each instance of the type stays on the path that made it: it is made per call, and
    /// the body that makes it only calls its methods, or hands it to a serial consumer (a method
    /// reference or a closure capturing it, given to `compactMap` or `AsyncStream(unfolding:)`),
    /// never passing, storing or returning it; no subclass shares its state, and its own methods
    /// neither hand `self` out nor capture it in closures that may run elsewhere.
    func staysOnOnePath(_ key: String, info: ProjectIndex.TypeInfo) -> Bool {
        guard info.kind == .class, isMadePerCall(key, info: info), !hasSubclass(key), !handsOutSelf(info) else { return false }
        return constructions(of: key, info: info).allSatisfy { construction in
            usedOnOnePath(index.body(construction.body, in: construction.file), construction: construction.call, info: info)
        }
    }

    /// The bodies that construct the type (with the file they are in), and whether each
    /// construction runs on its body's own path (not inside a closure that may run elsewhere).
    func constructionSites(of key: String, info: ProjectIndex.TypeInfo)
        -> [(file: Int, body: BodyFacts, call: Int, onBodysPath: Bool)] {
        constructions(of: key, info: info).map { construction in
            let body = index.body(construction.body, in: construction.file)
            return (construction.file, body, construction.call, runsOnCallersPath(body.calls[construction.call].inClosure, in: body))
        }
    }

    /// A property, static or global somewhere is declared to hold the type.
    func isHeldByAProperty(_ key: String) -> Bool { heldTypes.contains(key) }

    private func constructions(of key: String, info: ProjectIndex.TypeInfo) -> [Construction] {
        (constructions[Self.simpleName(info.name)] ?? []).filter { construction in
            let owner = index.body(construction.body, in: construction.file).ownerType
            return index.resolveTypeName(construction.typeName, from: owner, module: index.module(ofFile: construction.file)) == key
        }
    }

    /// Some project class inherits from the type.
    func hasSubclass(_ key: String) -> Bool { superclasses.contains(key) }

    /// One of the type's own bodies passes, stores or returns `self`, builds another instance of
    /// itself (`Self()`, `.init()`), or captures `self` in a closure that is not run at once or by a
    /// serial consumer.
    func handsOutSelf(_ info: ProjectIndex.TypeInfo) -> Bool {
        info.methods.values.joined().contains { entry in
            guard let id = entry.method.body else { return false }
            let body = index.body(id, in: entry.file)
            let bareSelf = ValueExpr.path(AccessPath(.selfObject))
            if body.resultValues.contains(bareSelf) && entry.method.kind != .initializer { return true }
            for event in body.events {
                if case .store(let store) = event, store.values.contains(bareSelf) { return true }
            }
            for call in body.calls {
                if call.name == "init" && (call.typeName == "Self" || call.isImplicitMember) {
                    return true
                }
                if call.arguments.joined().contains(bareSelf) { return true }
            }
            return body.closures.contains { closure in
                (closure.strongSelfCapture != nil || closure.listedSelf != nil) && !runsOnCallersPath(closure.id, in: body)
            }
        }
    }

    /// The body only calls methods on the instance made by call `id`, or hands it to one serial
    /// consumer and uses it nowhere else (a consumer may run its closure later, on another thread:
    /// `future.map { box.add(1) }` beside a direct `box.add(2)` races).
    private func usedOnOnePath(_ body: BodyFacts, construction id: Int, info: ProjectIndex.TypeInfo) -> Bool {
        // Made in a closure, it may be the closure's result (`items.map { Box() }`), which the
        // facts do not follow.
        guard body.calls[id].inClosure == nil,
              !body.resultValues.contains(where: { Self.isRooted($0, at: id) }) else { return false }
        var referenced = body.calls[id].isResultDiscarded
        var direct = false
        var consumers: Set<Int> = []
        func note(_ use: Use) -> Bool {
            switch use {
            case .direct: direct = true
            case .consumer(let call): consumers.insert(call)
            case .elsewhere: return false
            }
            referenced = true
            return true
        }
        for call in body.calls {
            if let receiver = call.receiver, Self.isRooted(receiver, at: id), !note(use(ofCodeIn: call.inClosure, in: body)) {
                return false
            }
            for value in call.arguments.joined() where Self.isRooted(value, at: id) {
                // `seq.compactMap(buffer.validate)`: a method reference given to a serial consumer.
                guard case .path(let path) = value, path.members.count == 1, info.methods[path.members[0]] != nil,
                      isSerialConsumer(call), use(ofCodeIn: call.inClosure, in: body) == .direct,
                      note(.consumer(call.id)) else { return false }
            }
        }
        for closure in body.closures where closure.capturedPaths.contains(where: { Self.isRooted(.path($0.path), at: id) }) {
            guard note(use(ofCodeIn: closure.id, in: body)) else { return false }
        }
        // Used in a way the facts do not show (an element of a literal, a property read): unknown.
        return referenced && (consumers.isEmpty || (consumers.count == 1 && !direct))
    }

    /// Where code inside a closure runs relative to its body.
    private enum Use: Equatable {
        /// On the body's path: at body level or in closures called at once.
        case direct
        /// In the closures of this serial-consumer call (the outermost one).
        case consumer(Int)
        /// Possibly elsewhere, at another time.
        case elsewhere
    }

    private func use(ofCodeIn closure: Int?, in body: BodyFacts) -> Use {
        var result = Use.direct
        var current = closure
        var hops = 0
        while let id = current, hops < 64 {
            if !body.closures[id].isImmediatelyCalled {
                guard let call = body.calls.first(where: { isSerialConsumer($0) && $0.arguments.joined().contains(.closure(id)) })
                else { return .elsewhere }
                result = .consumer(call.id)
            }
            current = body.closures[id].parent
            hops += 1
        }
        return result
    }

    /// The closure (and each closure around it) runs at once or is handed to a serial consumer: it
    /// never runs on another path than the body's.
    func runsOnCallersPath(_ closure: Int?, in body: BodyFacts) -> Bool {
        var current = closure
        var hops = 0
        while let id = current, hops < 64 {
            let facts = body.closures[id]
            let handedToSerialConsumer = body.calls.contains { call in
                isSerialConsumer(call) && call.arguments.joined().contains(.closure(id))
            }
            guard facts.isImmediatelyCalled || handedToSerialConsumer else { return false }
            current = facts.parent
            hops += 1
        }
        return true
    }

    private func isSerialConsumer(_ call: CallFacts) -> Bool {
        if call.name == "init" { return call.typeName.map(Self.streamTypes.contains) ?? false }
        return call.receiver != nil && Self.serialConsumers.contains(call.name)
    }

    /// `value` is the object made by call `id`, something reached from it, or an array holding one.
    static func isRooted(_ value: ValueExpr, at id: Int) -> Bool {
        switch value {
        case .path(let path):
            if case .callResult(let root) = path.root { return root == id }
            return false
        case .array(let elements): return elements.contains { isRooted($0, at: id) }
        default: return false
        }
    }
}
