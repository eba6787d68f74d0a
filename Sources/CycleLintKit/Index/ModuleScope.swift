import Foundation

/// Which module each analysed file belongs to and which modules each module can see, the way
/// the compiler resolves names: a module sees itself and the modules it depends on (read from
/// each SwiftPM `Package.swift`: target dependencies, and products of other packages in the
/// run), never an unrelated package. A file with no manifest above it, or outside every target
/// folder, belongs to its folder module (the folder below `Sources` or `Tests`), which sees
/// and is seen by every module, as when nothing is known.
struct ModuleScope {
    /// The module of each file, in the order the paths were given.
    let modules: [String]
    /// Module → the modules it can see (itself included); modules without an entry are
    /// unscoped.
    private let visible: [String: Set<String>]

    /// The scope of `paths`; `manifest` reads the `Package.swift` at a path (nil when absent).
    init(paths: [String], manifest: (String) -> String? = ModuleScope.readManifest) {
        var packages: [String: PackageManifest] = [:]
        var rootOfFolder: [String: String?] = [:]
        func packageRoot(ofFolder folder: String) -> String? {
            if let known = rootOfFolder[folder] { return known }
            var result: String?
            if let text = manifest(folder == "." ? "Package.swift" : folder + "/Package.swift") {
                result = folder
                packages[folder] = PackageManifest(text: text)
            } else if let parent = Self.parent(of: folder) {
                result = packageRoot(ofFolder: parent)
            }
            rootOfFolder[folder] = result
            return result
        }
        var modules: [String] = []
        for path in paths {
            let folderModule = ProjectIndex.moduleName(ofPath: path)
            // Sources given in memory (not on disk) have no manifest to read.
            guard FileManager.default.fileExists(atPath: path), let folder = Self.parent(of: path),
                  let root = packageRoot(ofFolder: folder), let package = packages[root] else {
                modules.append(folderModule)
                continue
            }
            let relative = root == "." ? String(path.drop { $0 == "." || $0 == "/" }) : String(path.dropFirst(root.count + 1))
            let target = package.targets
                .filter { relative.hasPrefix($0.path.hasSuffix("/") ? $0.path : $0.path + "/") }
                .max { $0.path.count < $1.path.count }
            modules.append(Self.moduleID(package: root, target: target?.name ?? (folderModule.isEmpty ? "-" : folderModule)))
        }
        self.modules = modules
        visible = Self.visibility(packages)
    }

    /// The folder holding `path`; nil at the top.
    private static func parent(of path: String) -> String? {
        if path == "." || path == "/" { return nil }
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `corpus/swift-nio-2.101.3::NIOCore`: the package root folder and the target.
    static func moduleID(package: String, target: String) -> String { "\(package)::\(target)" }

    /// Whether code in module `viewer` can name declarations of module `declaring`.
    func canSee(from viewer: String?, declaredIn declaring: String?) -> Bool {
        guard let viewer, let declaring, viewer != declaring, let seen = visible[viewer], visible[declaring] != nil else {
            return true
        }
        return seen.contains(declaring)
    }

    /// Whether the manifests say module `viewer` depends on module `declaring`, directly or
    /// through others; false when either is unscoped (nothing is known).
    func dependsOn(_ viewer: String, _ declaring: String) -> Bool {
        viewer != declaring && visible[declaring] != nil && visible[viewer]?.contains(declaring) == true
    }

    /// The contents of the manifest at `path`, if there is one.
    static func readManifest(_ path: String) -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try? String(contentsOfFile: path, encoding: .utf8)
    }

    /// Each target's module with the modules it reaches through its dependencies.
    private static func visibility(_ manifests: [String: PackageManifest]) -> [String: Set<String>] {
        let packages = manifests.map { (manifest: $0.value, id: $0.key) }
        var direct: [String: [String]] = [:]
        // Product (or target) name → the modules it stands for, with the package identities that provide it.
        var providers: [String: [(package: [String], modules: [String])]] = [:]
        for package in packages {
            let names = [URL(fileURLWithPath: package.id).lastPathComponent, package.manifest.name].compactMap { $0?.lowercased() }
            let targetNames = Set(package.manifest.targets.map(\.name))
            for (product, targets) in package.manifest.products {
                providers[product, default: []].append((names, targets.map { moduleID(package: package.id, target: $0) }))
            }
            for target in targetNames where package.manifest.products[target] == nil {
                providers[target, default: []].append((names, [moduleID(package: package.id, target: target)]))
            }
        }
        for package in packages {
            let targetNames = Set(package.manifest.targets.map(\.name))
            for target in package.manifest.targets {
                var dependencies = target.targetDependencies.map { moduleID(package: package.id, target: $0) }
                for name in target.namedDependencies {
                    if targetNames.contains(name) {
                        dependencies.append(moduleID(package: package.id, target: name))
                    } else {
                        dependencies += (providers[name] ?? []).flatMap(\.modules)
                    }
                }
                for (product, packageName) in target.productDependencies {
                    let candidates = providers[product] ?? []
                    let named = candidates.filter { provider in
                        provider.package.contains { $0 == packageName.lowercased() || $0.hasPrefix(packageName.lowercased() + "-") }
                    }
                    dependencies += (named.isEmpty ? candidates : named).flatMap(\.modules)
                }
                direct[moduleID(package: package.id, target: target.name)] = dependencies
            }
        }
        var result: [String: Set<String>] = [:]
        for module in direct.keys {
            var seen: Set<String> = [module]
            var queue = [module]
            while let next = queue.popLast() {
                for dependency in direct[next] ?? [] where seen.insert(dependency).inserted { queue.append(dependency) }
            }
            result[module] = seen
        }
        return result
    }
}
