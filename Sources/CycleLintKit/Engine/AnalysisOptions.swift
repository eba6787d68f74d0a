/// What `CycleLint.check` should do. The CLI and `.cyclelint.yml` map onto this.
public struct AnalysisOptions: Sendable {
    /// Worker threads for per-file fact extraction (default: all cores).
    public var jobs: Int
    /// Method names whose body ends an object's life (their releases break cycles).
    public var closeMethods: Set<String>
    /// Extra rule packs (YAML text with the name to cite in errors), after the built-in ones.
    public var extraRulePacks: [(name: String, yaml: String)]
    /// Rule ids not to run.
    public var disabledRules: Set<String>
    /// Opt-in rule ids to run.
    public var optInRules: Set<String>
    /// Per-rule severity overrides.
    public var severityOverrides: [String: Severity]
    /// Glob patterns (relative to the scanned folder) of files to skip.
    public var excludedPatterns: [String]
    /// Custom rules for this run, executed before registered and built-in rules (so they can
    /// claim retentions first); their `knowledge` is merged into the rule packs'. A custom rule
    /// with a built-in rule's id replaces it.
    public var extraRules: [any Rule]
    /// The libclang to load for C and Objective-C sources; nil: `CYCLELINT_LIBCLANG`, then the
    /// usual Debian/LLVM and toolchain locations.
    public var libclangPath: String? = nil
    /// Where per-file facts are looked up before extracting them, and stored after; nil
    /// extracts every file.
    public var factsCache: FactsCache?
    /// Where whole-run results are looked up before analysing, and stored after; nil analyses
    /// every run. A run with `extraRules` is never cached.
    public var resultCache: ResultCache?

    /// The close-like methods used when none are configured.
    public static let defaultCloseMethods: Set<String> = [
        "close", "cancel", "invalidate", "shutdown", "stop", "disconnect", "finish", "tearDown",
        "dispose", "teardown", "terminate", "handlerRemoved", "channelInactive", "unsubscribe",
        "detach", "cleanup", "cleanUp",
        // UIKit and AppKit call these as a view or view controller leaves its hierarchy
        // (`willMove(toSuperview: nil)`, `willMove(toWindow:)`, `willMove(toParent: nil)`).
        "willMove", "removeFromSuperview", "viewWillDisappear", "viewDidDisappear",
    ]

    /// Options with these values; every parameter has the default a plain `cyclelint check` uses.
    public init(jobs: Int = 0, closeMethods: Set<String> = AnalysisOptions.defaultCloseMethods,
                extraRulePacks: [(name: String, yaml: String)] = [], disabledRules: Set<String> = [],
                optInRules: Set<String> = [], severityOverrides: [String: Severity] = [:],
                excludedPatterns: [String] = [], extraRules: [any Rule] = [], factsCache: FactsCache? = nil,
                resultCache: ResultCache? = nil) {
        self.jobs = jobs
        self.closeMethods = closeMethods
        self.extraRulePacks = extraRulePacks
        self.disabledRules = disabledRules
        self.optInRules = optInRules
        self.severityOverrides = severityOverrides
        self.excludedPatterns = excludedPatterns
        self.extraRules = extraRules
        self.factsCache = factsCache
        self.resultCache = resultCache
    }
}
