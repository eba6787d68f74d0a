/// All files' facts merged: types (with their extensions, across files), their members and
/// supertypes, and the bodies to analyse. Answers name and type questions for the graph.
public final class ProjectIndex: @unchecked Sendable {
    // @unchecked: every stored property is written only while `init` runs; afterwards the index
    // is read from several threads, and its one cache (`resolutionCache`) is behind a lock.

    /// Every analysed file's facts.
    public let files: [FileFacts]
    /// A declared type with the members of all its declarations and extensions.
    public struct TypeInfo {
        /// The name as declared (`Outer.Inner`); the index key adds `Module/` when several
        /// modules declare the same name.
        public var name: String
        /// The module the type is declared in (from the SwiftPM layout; empty when unknown).
        public var module: String
        /// The kind of the first declaration; `extension` when only extensions were seen.
        public var kind: TypeKind
        /// Inherited types as written, from the first declaration and then every extension.
        public var inherited: [String]
        /// Where the first declaration (or, without one, the first extension) starts.
        public var location: SourceLocation
        /// Properties by name from all declarations and extensions (the last one seen wins).
        public var properties: [String: PropertyFacts] = [:]
        /// Methods by base name (overloads together), with the file each body is in.
        public var methods: [String: [(method: MethodFacts, file: Int)]] = [:]
        /// Enum case names from all declarations and extensions.
        public var enumCases: Set<String> = []
        /// Some declaration has a `static let shared = Self()`-style instance of the type, or a
        /// static instance built with arguments while every initializer is private.
        public var isSingleton = false
        /// Only extensions were seen, and they show that instances are references (see
        /// `ReferenceEvidence`).
        public var isInferredReference = false
    }

    /// Types by qualified name.
    public private(set) var types: [String: TypeInfo] = [:]
    /// Global functions by base name (overloads together), with their files.
    public private(set) var functionsByName: [String: [(method: MethodFacts, file: Int)]] = [:]
    /// The project types that conform to each protocol (by index key), directly or by inheritance.
    private var conformers: [String: [String]] = [:]
    private var typesBySimpleName: [String: [String]] = [:]
    /// `typealias` targets by the alias's qualified name, with the declaring module.
    private var aliases: [String: [(module: String, target: String)]] = [:]
    /// The method whose body each (file, body id) is.
    private var methodsByBody: [[Int: MethodFacts]] = []
    private let modules: [String]
    private let scope: ModuleScope

    /// Indexes `files`; file indices used by the other methods are positions in this array.
    /// `jobs`: threads for resolving the names types inherit from.
    public init(files: [FileFacts], jobs: Int = 1) {
        self.files = files
        scope = ModuleScope(paths: files.map(\.path))
        modules = scope.modules
        // Sized once: growing these tables one type at a time rehashed them a dozen times on a
        // large project, on the one thread the index is built on.
        let typeCount = files.reduce(0) { $0 + $1.types.count }
        types.reserveCapacity(typeCount)
        typesBySimpleName.reserveCapacity(typeCount)
        functionsByName.reserveCapacity(files.reduce(0) { $0 + $1.functions.count })
        methodsByBody.reserveCapacity(files.count)
        var declaringModules: [String: Set<String>] = [:]
        declaringModules.reserveCapacity(typeCount)
        for (fileIndex, file) in files.enumerated() {
            for type in file.types where type.kind != .extension {
                declaringModules[type.name, default: []].insert(modules[fileIndex])
            }
        }
        var extensions: [(TypeFacts, Int)] = []
        for (fileIndex, file) in files.enumerated() {
            var methods: [Int: MethodFacts] = [:]
            for type in file.types {
                for method in type.methods { if let body = method.body { methods[body] = method } }
            }
            for function in file.functions {
                if let body = function.body { methods[body] = function }
                functionsByName[function.name, default: []].append((function, fileIndex))
            }
            methodsByBody.append(methods)
            for alias in file.typeAliases {
                aliases[alias.name, default: []].append((modules[fileIndex], alias.target))
            }
            for type in file.types {
                guard type.kind != .extension else {
                    extensions.append((type, fileIndex))
                    continue
                }
                let module = modules[fileIndex]
                let key = (declaringModules[type.name]?.count ?? 0) > 1 ? "\(module)/\(type.name)" : type.name
                if types[key] == nil {
                    types[key] = TypeInfo(name: type.name, module: module, kind: type.kind, inherited: type.inherited,
                                          location: type.location)
                    typesBySimpleName[type.name.split(separator: ".").last.map(String.init) ?? type.name, default: []].append(key)
                }
                add(type, file: fileIndex, to: key)
            }
        }
        for (type, fileIndex) in extensions {
            // An extension of a type its module cannot see (`extension KeyPath` beside another
            // package's `KeyPath` class) extends a type of its own module.
            let name = resolveTypeName(type.name, module: modules[fileIndex])
                ?? (types[type.name] == nil ? type.name : "\(modules[fileIndex])/\(type.name)")
            if types[name] == nil {
                types[name] = TypeInfo(name: name, module: modules[fileIndex], kind: .extension, inherited: [], location: type.location)
            }
            types[name]?.inherited += type.inherited
            add(type, file: fileIndex, to: name)
        }
        // Names looked up while extensions were merged may have missed types only they declare.
        resolutionCache = LockedCache()
        inferReferenceKinds()
        markPrivatelyConstructedSingletons()
        conformers = Self.conformersByProtocol(types, jobs: jobs, resolve: { self.resolveTypeName($0, from: $1) })
    }

    /// `Sources/NIOCore/Channel.swift` → `NIOCore`: the folder below `Sources` or `Tests`.
    static func moduleName(ofPath path: String) -> String {
        let components = path.split(separator: "/").map(String.init)
        guard let index = components.lastIndex(where: { $0 == "Sources" || $0 == "Tests" }),
              index + 2 < components.count else { return "" }
        return components[index + 1]
    }

    /// The module of file `file`.
    public func module(ofFile file: Int) -> String { modules[file] }

    /// Whether the package manifests say module `viewer` depends on module `declaring`.
    func dependsOn(module viewer: String, on declaring: String) -> Bool {
        scope.dependsOn(viewer, declaring)
    }

    /// Whether code in module `viewer` can name declarations of module `declaring` (see `ModuleScope`).
    func canSee(module viewer: String, declaredIn declaring: String) -> Bool { scope.canSee(from: viewer, declaredIn: declaring) }

    /// How a type is named in messages (without the module qualifier of its key).
    public func displayName(ofType key: String) -> String { types[key]?.name ?? key }

    private func add(_ type: TypeFacts, file: Int, to name: String) {
        // One lookup of `name`; the entry is then changed in place by position.
        guard let position = types.index(forKey: name) else { return }
        for property in type.properties { types.values[position].properties[property.name] = property }
        for method in type.methods { types.values[position].methods[method.name, default: []].append((method, file)) }
        types.values[position].enumCases.formUnion(type.enumCases)
        if type.isSingleton { types.values[position].isSingleton = true }
    }

    // MARK: Names

    /// The index key of a type written as `name` (qualified or simple), if it is declared here:
    /// first in the module of `context` (or `module`), then anywhere when unambiguous.
    public func resolveTypeName(_ name: String, from context: String? = nil, module: String? = nil) -> String? {
        let key = ResolutionKey(name: name, context: context, module: module)
        if let cached = resolutionCache.value(for: key) { return cached }
        let resolved = uncachedResolveTypeName(name, from: context, module: module)
        resolutionCache.store(resolved, for: key)
        return resolved
    }

    private struct ResolutionKey: Hashable {
        var name: String
        var context: String?
        var module: String?
    }

    private var resolutionCache = LockedCache<ResolutionKey, String?>()

    /// A declared type first; failing that, what a `typealias` of that name stands for (an
    /// alias of an alias too, a few levels deep).
    private func uncachedResolveTypeName(_ name: String, from context: String?, module: String?) -> String? {
        let module = module ?? context.flatMap { types[$0]?.module }
        var current = name
        for _ in 0..<8 {
            if let declared = resolveDeclaredType(current, from: context, module: module) { return declared }
            guard let target = aliasTarget(current, from: context, module: module), target != current else { return nil }
            current = target
        }
        return nil
    }

    /// The target of the alias `name` names from `context` (nested scopes first), when one
    /// alias of that name is visible, or several that agree.
    private func aliasTarget(_ name: String, from context: String?, module: String?) -> String? {
        guard !aliases.isEmpty else { return nil }
        var candidates = [name]
        if let context, let contextName = types[context]?.name {
            var scope = contextName.split(separator: ".").map(String.init)
            while !scope.isEmpty {
                candidates.insert((scope + [name]).joined(separator: "."), at: candidates.count - 1)
                scope.removeLast()
            }
        }
        for candidate in candidates {
            guard let declared = aliases[candidate] else { continue }
            let visible = declared.filter { scope.canSee(from: module, declaredIn: $0.module) }
            let local = visible.filter { $0.module == module }
            let targets = Set((local.isEmpty ? visible : local).map(\.target))
            if targets.count == 1 { return targets.first }
        }
        return nil
    }

    private func resolveDeclaredType(_ name: String, from context: String?, module: String?) -> String? {
        let visible = { (key: String) in self.scope.canSee(from: module, declaredIn: self.types[key]?.module) }
        if let module, types["\(module)/\(name)"] != nil { return "\(module)/\(name)" }
        if types[name] != nil, visible(name) { return name }
        if let context, let contextName = types[context]?.name {
            // Nested lookup: Outer.Inner referenced as Inner from inside Outer.
            var scope = contextName.split(separator: ".").map(String.init)
            while !scope.isEmpty {
                let candidate = (scope + [name]).joined(separator: ".")
                if let module, types["\(module)/\(candidate)"] != nil { return "\(module)/\(candidate)" }
                if types[candidate] != nil, visible(candidate) { return candidate }
                scope.removeLast()
            }
        }
        let simple = name.split(separator: ".").last.map(String.init) ?? name
        guard let candidates = typesBySimpleName[simple]?.filter(visible) else { return nil }
        if candidates.count == 1 { return candidates[0] }
        let local = candidates.filter { types[$0]?.module == module }
        return local.count == 1 ? local[0] : nil
    }

    /// The declared type that `name` resolves to from `context` (see `resolveTypeName`); nil when none.
    public func type(named name: String?, from context: String? = nil) -> TypeInfo? {
        guard let name, let resolved = resolveTypeName(name, from: context) else { return nil }
        return types[resolved]
    }

    /// The project superclass of a class (its first inherited type, when that is a class).
    public func superclass(of name: String) -> String? {
        guard let info = types[name], info.kind == .class, let first = info.inherited.first,
              let resolved = resolveTypeName(first, from: name), types[resolved]?.kind == .class else { return nil }
        return resolved
    }

    /// Instances are references: classes, actors, class-bound protocols, and types known only
    /// from extensions that show it.
    public func isReferenceType(_ name: String?, from context: String? = nil) -> Bool {
        isReferenceType(name, from: context, depth: 0)
    }

    private func isReferenceType(_ name: String?, from context: String?, depth: Int) -> Bool {
        guard depth < 16, let info = type(named: name, from: context) else { return false }
        if info.kind.isReference || info.isInferredReference { return true }
        if info.kind == .protocol {
            return info.inherited.contains {
                $0 == "AnyObject" || $0 == "class" || $0 == "Actor" || isReferenceType($0, from: info.name, depth: depth + 1)
            }
        }
        return false
    }

    /// Conforms to `Error` (directly, through a project protocol or superclass), or is `Error` itself.
    public func isErrorType(_ name: String?, from context: String? = nil, depth: Int = 0) -> Bool {
        guard let name, depth < 8 else { return false }
        if ["Error", "any Error", "LocalizedError", "CustomNSError", "NSError", "DecodingError", "EncodingError",
            "CancellationError", "URLError", "CocoaError", "POSIXError"].contains(name) { return true }
        guard let info = type(named: name, from: context) else { return false }
        return info.inherited.contains { isErrorType($0, from: info.name, depth: depth + 1) }
    }

    /// Whether the instance bodies of `key` share a `self` that can be part of a cycle: a
    /// reference type, a class-bound protocol (its extensions' `self`), or a type seen only
    /// through extensions that show it is a reference.
    public func isAnalysisContext(_ key: String) -> Bool {
        guard let info = types[key] else { return false }
        return info.kind.isReference || info.isInferredReference || (info.kind == .protocol && isReferenceType(key))
    }

    /// Marks extension-only types whose extensions show they are references.
    private func inferReferenceKinds() {
        for (key, info) in types where info.kind == .extension {
            let bodies = info.methods.values.joined().compactMap { entry in
                entry.method.body.map { (method: entry.method, body: files[entry.file].bodies[$0]) }
            }
            let inheritsReference = info.inherited.contains { name in
                name == "AnyObject" || (resolveTypeName(name, from: key).map { $0 != key && isReferenceType($0) } ?? false)
            }
            types[key]?.isInferredReference = inheritsReference
                || ReferenceEvidence.showsReference(typeName: info.name, bodies: bodies)
        }
    }

    /// A type whose static stored instance of itself is built with arguments is a singleton
    /// when no other code can construct it: it declares initializers, all `private`.
    private func markPrivatelyConstructedSingletons() {
        for (key, info) in types where !info.isSingleton && info.kind.isReference {
            let hasStaticInstance = info.properties.values.contains {
                $0.isStatic && $0.initializerBody != nil && $0.type.map { $0.name == info.name && !$0.isCollection } == true
            }
            guard hasStaticInstance, let initializers = info.methods["init"], !initializers.isEmpty else { continue }
            if initializers.allSatisfy({ $0.method.isFilePrivate }) { types[key]?.isSingleton = true }
        }
    }

    /// Project types conforming to each protocol: those listing it (or a protocol refining it).
    private static func conformersByProtocol(_ types: [String: TypeInfo], jobs: Int,
                                             resolve: @escaping @Sendable (String, String) -> String?) -> [String: [String]] {
        // Resolving the inherited names is most of the cost; it reads the index only.
        let inheriting = types.compactMap { key, info in info.inherited.isEmpty ? nil : (key: key, inherited: info.inherited) }
        let resolvedByType = ParallelMap.map(inheriting, jobs: jobs) { type in
            type.inherited.compactMap { resolve($0, type.key) }.filter { $0 != type.key }
        }
        var direct: [String: Set<String>] = [:]
        for (type, resolved) in zip(inheriting, resolvedByType) {
            for name in resolved { direct[name, default: []].insert(type.key) }
        }
        var result: [String: [String]] = [:]
        for (proto, info) in types where info.kind == .protocol {
            var seen: Set<String> = []
            var queue = Array(direct[proto] ?? [])
            while let next = queue.popLast() {
                guard seen.insert(next).inserted else { continue }
                if types[next]?.kind == .protocol || types[next]?.kind == .class { queue += direct[next] ?? [] }
            }
            result[proto] = seen.filter { types[$0]?.kind != .protocol }.sorted()
        }
        return result
    }

    /// The project types that conform to protocol `key`.
    public func conformers(of key: String) -> [String] { conformers[key] ?? [] }

    /// Whether `property` of `owner` keeps its value alive. A protocol requirement does when a
    /// conforming type stores it strongly, or, with no conformer that declares it, when it is a
    /// settable non-`weak` requirement.
    public func holdsStrongly(_ property: PropertyFacts, of owner: String) -> Bool {
        guard property.strength == .strong else { return false }
        guard property.isRequirement else { return property.isStored }
        let implementations = conformers(of: owner).compactMap { self.property(property.name, of: $0)?.property }
            .filter { !$0.isRequirement }
        if implementations.isEmpty { return property.isSettable }
        return implementations.contains { $0.isStored && $0.strength == .strong }
    }

    // MARK: Members

    /// A stored or computed property of `typeName` or of one of its project superclasses.
    public func property(_ name: String, of typeName: String) -> (property: PropertyFacts, owner: String)? {
        var current: String? = typeName
        var hops = 0
        while let type = current, hops < 16 {
            if let property = types[type]?.properties[name] { return (property, type) }
            current = superclass(of: type)
            hops += 1
        }
        return nil
    }

    /// Methods named `name` of `typeName` or its project superclasses.
    public func methods(_ name: String, of typeName: String) -> [(method: MethodFacts, file: Int)] {
        var current: String? = typeName
        var hops = 0
        while let type = current, hops < 16 {
            if let methods = types[type]?.methods[name], !methods.isEmpty { return methods }
            current = superclass(of: type)
            hops += 1
        }
        return []
    }

    /// The overload of `name` on `typeName` whose parameters accept a call with `labels`.
    public func method(_ name: String, of typeName: String, labels: [String?], trailingStart: Int) -> (method: MethodFacts, file: Int)? {
        let candidates = methods(name, of: typeName)
        let exact = candidates.filter {
            CallMatcher.exactParameterIndices(labels: labels, trailingStart: trailingStart, parameters: $0.method.parameters) != nil
        }
        let matching = !exact.isEmpty ? exact : candidates.filter {
            CallMatcher.parameterIndices(labels: labels, trailingStart: trailingStart, parameters: $0.method.parameters) != nil
        }
        // An implementation over a declaration (an Objective-C `@interface` method, a requirement).
        return matching.first { $0.method.body != nil } ?? matching.first
            ?? (candidates.count == 1 ? candidates[0] : nil)
    }

    /// The method (with its parameters) whose body this is.
    public func method(ofBody body: Int, in file: Int) -> MethodFacts? { methodsByBody[file][body] }

    /// The body with this id in file `file`.
    public func body(_ id: Int, in file: Int) -> BodyFacts { files[file].bodies[id] }
}
