/// Method names that, by near-universal convention, register a callback the receiver keeps
/// (`onMessage { }`, `addHandler { }`, `setEventCallback { }`, `subscribe { }`). Used only for
/// receivers owned by `self` whose type is outside the analysed sources.
enum RegistrationNames {
    static func looksLikeRegistration(_ name: String) -> Bool {
        if name == "on" || name == "register" || name == "subscribe" || name == "observe" || name == "listen" { return true }
        if name.hasPrefix("on"), name.dropFirst(2).first?.isUppercase == true { return true }
        let suffixes = ["Handler", "Callback", "Listener", "Observer", "Block", "Closure"]
        for prefix in ["add", "set", "register", "subscribe"] where name.hasPrefix(prefix) {
            if suffixes.contains(where: { name.hasSuffix($0) }) { return true }
        }
        return false
    }
}
