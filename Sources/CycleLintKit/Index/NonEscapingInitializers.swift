/// Initializers of types outside the scanned sources whose closure parameters do not escape:
/// the object they build does not keep the closure. Any other initializer of an unseen type
/// that is given a closure, and whose result is stored, is taken to keep that closure
/// (`poller = Poller(interval: 1) { self.tick() }`). Rule-pack entries (`AsyncStream.init`,
/// `Future.init`, `Timer.init`, …) are consulted first and take precedence over both.
enum NonEscapingInitializers {
    /// Types whose initializers run the closures they are given before returning (collections
    /// built eagerly, `Result(catching:)`).
    static let types: Set<String> = ["Array", "ContiguousArray", "Set", "Dictionary", "String", "Result", "Data",
                                     "Optional"]

    /// Whether an initializer of `typeName` is known not to keep its closure arguments.
    static func contains(typeName: String) -> Bool {
        types.contains(String(typeName.split(separator: ".").last ?? Substring(typeName)))
    }
}
