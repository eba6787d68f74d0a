/// One call expression in the analysed project, with the type it is made on and what its
/// arguments capture: what `RuleContext.calls(to:)` returns.
public struct CallSite: Sendable {
    /// Index of the file in `ProjectIndex.files`.
    public let file: Int
    /// The body (method, initializer, global code) that contains the call.
    public let body: BodyFacts
    /// The call itself: name, labels, arguments, location.
    public let call: CallFacts
    /// The type the call is made on, as declared (`EventBus` for `bus.on { … }` when `bus` is
    /// declared `EventBus`); nil when it is not known.
    public let calleeType: String?
    /// Supertypes and protocols of `calleeType` declared in the project (transitively), so a
    /// rule for a base type or protocol matches calls on its subtypes.
    public let calleeSupertypes: [String]
    /// The closure literals passed as arguments (including trailing closures).
    public let closureArguments: [ClosureFacts]
    /// Where an argument captures `self` strongly: the first strong use of `self` in a closure
    /// argument, or the call itself for a method reference (`bus.on(handle)`); nil when none does.
    public let strongSelfCapture: SourceLocation?
    /// Objects other than `self` that closure arguments capture strongly.
    public let capturedPaths: [CapturedPath]

    /// Whether the call is to `method` with arguments that bind to `labels` (nil for `_`), on
    /// `type` (compared by last component, also against `calleeSupertypes`; nil: any receiver).
    public func matches(type: String?, method: String, labels: [String?]) -> Bool {
        guard call.name == method else { return false }  // `T(…)` is recorded as `init`
        guard CallMatcher.parameterIndices(labels: call.labels, trailingStart: call.trailingStart, signature: labels) != nil else {
            return false
        }
        guard let type else { return true }
        let wanted = Self.lastComponent(type)
        guard let calleeType else { return false }
        return ([calleeType] + calleeSupertypes).contains { Self.lastComponent($0) == wanted }
    }

    private static func lastComponent(_ name: String) -> String {
        let base = name.split(separator: "<").first.map(String.init) ?? name
        return base.split(separator: ".").last.map(String.init) ?? base
    }
}
