/// A resolved `.cyclelint.yml` (merged with its `parent_config` chain). Every path in it is
/// absolute, resolved against the folder of the file that named it.
public struct Configuration: Sendable, Equatable {
    /// Paths or globs to analyse when no path is given on the command line.
    public var included: [GlobPattern] = []
    /// Paths or globs never analysed or reported.
    public var excluded: [GlobPattern] = []
    /// Ids of rules whose findings are not reported (`disabled_rules`).
    public var disabledRules: Set<String> = []
    /// Ids of opt-in rules whose findings are reported (`opt_in_rules`).
    public var optInRules: Set<String> = []
    /// Per-rule severity overrides.
    public var severity: [String: Severity] = [:]
    /// Close-like method names in addition to `AnalysisOptions.defaultCloseMethods`.
    public var closeMethods: Set<String> = []
    /// Extra rule pack files, in load order.
    public var rulePacks: [String] = []
    /// Baseline file used when `--baseline` is not given.
    public var baseline: String?
    /// The configuration files read, the given one first, then its parents.
    public var files: [String] = []

    /// The empty configuration: analyse everything given, default rules and severities.
    public init() {}

    /// This configuration (the child) layered over `parent`: the child's `included` and
    /// `baseline` win when set, lists are merged, and a rule the child opts into is no longer
    /// disabled (and vice versa).
    public func merged(over parent: Configuration) -> Configuration {
        var result = Configuration()
        result.included = included.isEmpty ? parent.included : included
        result.excluded = parent.excluded + excluded.filter { !parent.excluded.contains($0) }
        result.disabledRules = parent.disabledRules.subtracting(optInRules).union(disabledRules)
        result.optInRules = parent.optInRules.subtracting(disabledRules).union(optInRules)
        result.severity = parent.severity.merging(severity) { _, child in child }
        result.closeMethods = parent.closeMethods.union(closeMethods)
        result.rulePacks = parent.rulePacks + rulePacks.filter { !parent.rulePacks.contains($0) }
        result.baseline = baseline ?? parent.baseline
        result.files = files + parent.files
        return result
    }

    /// Whether the absolute `path` is analysed: inside `included` (when set) and not excluded.
    public func includes(path: String) -> Bool {
        if excluded.contains(where: { $0.matches(path) }) { return false }
        return included.isEmpty || included.contains { $0.matches(path) }
    }

    /// Whether findings of `rule` are reported under this configuration.
    public func isEnabled(rule: String) -> Bool {
        if disabledRules.contains(rule) { return false }
        if RuleCatalog.description(id: rule)?.isOptIn == true { return optInRules.contains(rule) }
        return true
    }
}
