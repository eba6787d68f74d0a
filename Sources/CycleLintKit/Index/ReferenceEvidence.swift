/// Whether a type seen only through its extensions (declared in a file that is not scanned, or in
/// another package) is a reference type, from what the extensions do with `self`:
/// - a non-`mutating` instance method assigns a member of `self` (`self.x = v`: a value type's
///   cannot; `self.x.y = v` proves nothing, `x` may be a reference);
/// - a closure captures `self` weakly or unowned (only references can be);
/// - `self` is compared by identity (`===`, `!==`);
/// - the type is one of a few well-known framework classes.
enum ReferenceEvidence {
    /// Framework classes that projects commonly extend.
    static let knownClasses: Set<String> = [
        "NSObject", "UIView", "UIViewController", "UIResponder", "UITableViewCell", "UICollectionViewCell",
        "UINavigationController", "UITableViewController", "UICollectionViewController", "NSView",
        "NSViewController", "NSWindowController", "NSResponder", "NSWindow", "UIWindow",
    ]

    static func showsReference(typeName: String, bodies: [(method: MethodFacts, body: BodyFacts)]) -> Bool {
        if knownClasses.contains(typeName) { return true }
        return bodies.contains { method, body in
            guard body.kind == .instance, method.kind != .initializer else { return false }
            if body.comparesSelfIdentity { return true }
            if body.closures.contains(where: { $0.listedSelf == .weak || $0.listedSelf == .unowned }) { return true }
            guard !method.isMutating else { return false }
            return body.events.contains { event in
                if case .store(let store) = event, store.kind == .assign, store.path.root == .selfObject,
                   store.path.members.count == 1 {
                    return true
                }
                return false
            }
        }
    }
}
