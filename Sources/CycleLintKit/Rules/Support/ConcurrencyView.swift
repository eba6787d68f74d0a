/// The project's `ConcurrencyFacts` grouped by type: the properties, functions and property
/// accesses of each type (resolved to its index key), plus every access by property name
/// across the project for conservative "is it ever removed anywhere" questions.
struct ConcurrencyView {
    /// A function with the file it is in. A reference: the function's accesses, and the tables
    /// by type and by name, share one copy (the facts are large and a project has many).
    final class Function {
        let file: Int
        let facts: ConcurrencyFunctionFacts
        /// The resolved owner type key, if any.
        let type: String?

        init(file: Int, facts: ConcurrencyFunctionFacts, type: String?) {
            self.file = file
            self.facts = facts
            self.type = type
        }
    }

    /// An access with the function it is in; a reference shared by the tables by type and by name.
    final class Access {
        let file: Int
        let facts: MemberAccessFacts
        let function: Function

        init(file: Int, facts: MemberAccessFacts, function: Function) {
            self.file = file
            self.facts = facts
            self.function = function
        }
    }

    /// A property with the file it is declared in.
    struct Property {
        var file: Int
        var facts: ConcurrencyPropertyFacts
        var type: String?
    }

    let index: ProjectIndex
    private(set) var functions: [[Function]] = []
    private(set) var propertiesByType: [String: [String: Property]] = [:]
    private(set) var functionsByType: [String: [Function]] = [:]
    /// Accesses through `self` (explicit or implicit) inside each type's functions.
    private(set) var ownAccessesByType: [String: [Access]] = [:]
    /// Every recorded access, by property name, whatever the receiver.
    private(set) var accessesByName: [String: [Access]] = [:]
    /// Globals (`ownerType` nil) by file.
    private(set) var globals: [Property] = []
    /// Names of project functions that run their closure argument under a lock (directly or
    /// through another such helper): a closure handed to one of them is protected.
    private(set) var lockHelpers: Set<String> = []
    /// The `const T *` parameter positions of the C functions the project's headers declare.
    private(set) var readOnlyPointerParameters: [String: Set<Int>] = [:]

    /// `jobs`: threads for making each file's records; the tables are filled in file order.
    init(index: ProjectIndex, jobs: Int = 1) {
        self.index = index
        let records = ParallelMap.map(Array(index.files.indices), jobs: jobs) { [index] fileIndex in
            FileRecords(index: index, file: fileIndex)
        }
        for (fileIndex, file) in records.enumerated() {
            for function in index.files[fileIndex].cFunctions ?? [] where !function.readOnlyPointerParameters.isEmpty {
                readOnlyPointerParameters[function.name, default: []].formUnion(function.readOnlyPointerParameters)
            }
            functions.append(file.functions)
            for function in file.functions {
                if let type = function.type { functionsByType[type, default: []].append(function) }
            }
            for entry in file.properties {
                if let type = entry.type {
                    propertiesByType[type, default: [:]][entry.facts.name] = entry
                } else if entry.facts.ownerType == nil {
                    globals.append(entry)
                }
            }
            for entry in file.accesses {
                accessesByName[entry.facts.name, default: []].append(entry)
                if let type = entry.function.type, entry.facts.receiver == .explicitSelf || entry.facts.receiver == .implicit {
                    ownAccessesByType[type, default: []].append(entry)
                }
            }
        }
        lockHelpers = Self.lockHelpers(functions.joined())
    }

    /// One file's functions, properties and accesses, with their owners resolved to index keys.
    private struct FileRecords {
        var functions: [Function]
        var properties: [Property]
        var accesses: [Access]

        init(index: ProjectIndex, file fileIndex: Int) {
            let module = index.module(ofFile: fileIndex)
            var resolved: [String: String?] = [:]
            func key(_ owner: String?) -> String? {
                guard let owner else { return nil }
                if let known = resolved[owner] { return known }
                let result = index.resolveTypeName(owner, module: module)
                resolved[owner] = result
                return result
            }
            let facts = index.files[fileIndex].concurrency
            let functions = facts.functions.map { Function(file: fileIndex, facts: $0, type: key($0.ownerType)) }
            self.functions = functions
            properties = facts.properties.map { Property(file: fileIndex, facts: $0, type: key($0.ownerType)) }
            accesses = facts.accesses.map { Access(file: fileIndex, facts: $0, function: functions[$0.function]) }
        }
    }

    /// Functions that run a closure parameter under a lock, and those that hand it to one.
    private static func lockHelpers(_ functions: some Sequence<Function>) -> Set<String> {
        var helpers: Set<String> = []
        var forwarding: [(name: String, callees: [String])] = []
        // A project `map` that locks must not make every `map { … }` of the run protected.
        let sequenceAlgorithms: Set<String> = ["map", "flatMap", "compactMap", "filter", "forEach", "reduce", "contains",
                                               "first", "firstIndex", "last", "lastIndex", "allSatisfy", "sorted", "sort",
                                               "min", "max", "removeAll", "partition", "drop", "prefix"]
        for function in functions where function.facts.kind == .function && !sequenceAlgorithms.contains(function.facts.name) {
            if function.facts.runsClosureUnderLock {
                helpers.insert(function.facts.name)
            } else if !function.facts.forwardsClosureTo.isEmpty {
                forwarding.append((function.facts.name, function.facts.forwardsClosureTo))
            }
        }
        var changed = true
        while changed {
            changed = false
            for entry in forwarding where !helpers.contains(entry.name) && entry.callees.contains(where: helpers.contains) {
                helpers.insert(entry.name)
                changed = true
            }
        }
        return helpers
    }

    /// Made holding a lock: inside a locked region or lock closure, or in the closure handed
    /// to a project lock helper.
    func isProtected(_ access: MemberAccessFacts) -> Bool {
        access.isProtected || access.lockHelperCallees.contains(where: lockHelpers.contains)
    }

    /// Writes the property: `&x` handed to a C function's `const T *` parameter only lets it read.
    func isWrite(_ access: MemberAccessFacts) -> Bool {
        guard access.isWrite else { return false }
        guard access.kind == .inout, let function = access.calledMethod, let position = access.argumentPosition else { return true }
        return !(readOnlyPointerParameters[function]?.contains(position) ?? false)
    }

    /// The call is made holding a lock (see `isProtected(_:)` for accesses).
    func isProtected(_ call: OwnMethodCall) -> Bool {
        call.isProtected || call.lockHelperCallees.contains(where: lockHelpers.contains)
    }

    /// A stored property of `type` or of one of its project superclasses, with the type declaring it.
    func property(_ name: String, of type: String) -> Property? {
        var current: String? = type
        var hops = 0
        while let candidate = current, hops < 16 {
            if let property = propertiesByType[candidate]?[name] { return property }
            current = index.superclass(of: candidate)
            hops += 1
        }
        return nil
    }

    /// `type` and its project superclasses.
    func lineage(of type: String) -> [String] {
        var result: [String] = []
        var current: String? = type
        while let candidate = current, result.count < 16, !result.contains(candidate) {
            result.append(candidate)
            current = index.superclass(of: candidate)
        }
        return result
    }

    /// Functions of `type` (with its superclasses' and subclasses' bodies not included).
    func functions(of type: String) -> [Function] { functionsByType[type] ?? [] }

    /// Accesses of property `name` through `self` in the functions of `type`.
    func ownAccesses(of name: String, in type: String) -> [Access] {
        (ownAccessesByType[type] ?? []).filter { $0.facts.name == name }
    }

    /// Identifiers in a type as written (`[UUID: CheckedContinuation<Void, Never>]` gives
    /// `UUID`, `CheckedContinuation`, `Void`, `Never`).
    static func identifiers(in typeText: String) -> [String] {
        typeText.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init)
    }

    /// `[T]`, `[K: V]`, `Array<T>`, `Deque<T>`, `Dictionary<K, V>`, `ContiguousArray<T>` (optional or not).
    static func isCollection(_ typeText: String?) -> Bool {
        guard var text = typeText else { return false }
        if text.hasSuffix("?") || text.hasSuffix("!") { text.removeLast() }
        if text.hasPrefix("[") { return true }
        let head = text.prefix { $0 != "<" }
        return ["Array", "Deque", "Dictionary", "ContiguousArray", "OrderedDictionary", "CircularBuffer", "MarkedCircularBuffer"]
            .contains(String(head))
    }

    /// The method name as shown in messages.
    static func displayName(_ function: ConcurrencyFunctionFacts) -> String {
        switch function.kind {
        case .function: return "\(function.name)()"
        case .accessor: return "the accessor of \(function.name)"
        case .propertyInitializer: return "the initializer of \(function.name)"
        case .initializer: return "init"
        case .deinitializer: return "deinit"
        case .topLevel: return "top-level code"
        }
    }
}
