/// Where the project hands `Unmanaged` pointers to other code, and the teardown methods that
/// could balance them: what `unbalanced-retain` and `dangling-context` read.
struct UnmanagedSites {
    /// One hand-off, with its body and the resolved type whose member the body is.
    struct Site {
        var file: Int
        var body: BodyFacts
        var handOff: UnmanagedFlow.HandOff
        var ownerType: String?
    }

    let index: ProjectIndex
    let closeMethods: Set<String>

    /// Every hand-off in the project, in file and body order.
    func all() -> [Site] {
        var sites: [Site] = []
        for (fileIndex, file) in index.files.enumerated() {
            for body in file.bodies where ByteSearchless.mentionsUnmanaged(body) {
                let owner = body.ownerType.flatMap { index.resolveTypeName($0, module: index.module(ofFile: fileIndex)) }
                for handOff in UnmanagedFlow.handOffs(in: body) {
                    sites.append(Site(file: fileIndex, body: body, handOff: handOff, ownerType: owner))
                }
            }
        }
        return sites
    }

    /// Bodies of the close-like methods of `type` (and its `deinit` when `includingDeinit`),
    /// with the project methods of the same type they call directly.
    func teardownBodies(of type: String, includingDeinit: Bool) -> [BodyFacts] {
        guard let info = index.types[type] else { return [] }
        var result: [BodyFacts] = []
        for (name, methods) in info.methods where closeMethods.contains(name) || (includingDeinit && name == "deinit") {
            for (method, file) in methods {
                guard let id = method.body else { continue }
                let body = index.body(id, in: file)
                result.append(body)
                for call in body.calls where call.receiver == nil || call.receiver == .path(AccessPath(.selfObject)) {
                    for (callee, calleeFile) in info.methods[call.name] ?? [] where callee.name != name {
                        if let calleeBody = callee.body { result.append(index.body(calleeBody, in: calleeFile)) }
                    }
                }
            }
        }
        return result
    }

    /// Bodies of every method of `type` except those named in `excluded`.
    func methodBodies(of type: String, excluding excluded: Set<String>) -> [BodyFacts] {
        guard let info = index.types[type] else { return [] }
        return info.methods.filter { !excluded.contains($0.key) }.flatMap { _, methods in
            methods.compactMap { method, file in method.body.map { index.body($0, in: file) } }
        }
    }

    /// The site's body is a method declared to return an `Unmanaged` reference or a raw
    /// pointer: the retain it makes is the caller's to balance.
    func returnsOwnership(_ site: Site) -> Bool {
        let ownershipTypes: Set<String> = ["Unmanaged", "UnsafeMutableRawPointer", "UnsafeRawPointer", "OpaquePointer"]
        return index.files[site.file].types.contains { type in
            type.methods.contains { method in
                method.body == site.body.id && method.returnType?.name.map(ownershipTypes.contains) == true
            }
        }
    }

    /// `self` as the path of the body's own instance.
    static func isSelf(_ path: AccessPath) -> Bool { path.root == .selfObject && path.members.isEmpty }
}

/// A cheap test before following a body's values: only bodies that call `Unmanaged` matter.
private enum ByteSearchless {
    static func mentionsUnmanaged(_ body: BodyFacts) -> Bool {
        body.calls.contains { $0.typeName?.hasPrefix("Unmanaged") == true }
    }
}
