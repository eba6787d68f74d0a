/// What the arguments of a matched call must capture for a pattern rule (`when:` in a rule pack)
/// to report it.
public enum PatternCondition: String, CaseIterable, Sendable {
    /// A closure argument captures `self` strongly (explicitly, through `[self]`, an implicit
    /// member use or an inner closure), or a method reference of `self` is passed.
    case selfCapturedStrongly = "self-captured-strongly"
    /// Like `self-captured-strongly`, or a closure argument captures any other object strongly
    /// (a local, a parameter, an alias of an owned object).
    case capturesStrongly = "captures-strongly"
    /// Any call with a closure argument, whatever it captures.
    case closurePassed = "closure-passed"

    /// Whether `site` satisfies the condition.
    public func isSatisfied(by site: CallSite) -> Bool {
        switch self {
        case .selfCapturedStrongly: return site.strongSelfCapture != nil
        case .capturesStrongly: return site.strongSelfCapture != nil || !site.capturedPaths.isEmpty
        case .closurePassed: return !site.closureArguments.isEmpty || site.strongSelfCapture != nil
        }
    }
}
