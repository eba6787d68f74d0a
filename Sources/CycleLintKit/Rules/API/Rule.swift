/// A check over the whole analysed project. Built-in rules and custom rules implement this one
/// protocol; `RuleRegistry.builtin` lists the built-in ones.
///
/// A run (`CycleLint.check`) first merges every rule's ``knowledge`` into the rule packs' API
/// knowledge, builds the ownership graphs, then calls ``check(_:)`` on custom rules (in the order
/// given) and then on the built-in rules, and finally passes the findings of all enabled rules
/// through every rule's ``review(_:context:)``.
public protocol Rule: Sendable {
    /// Id, texts, default severity and examples.
    var description: RuleDescription { get }

    /// API retention entries this rule contributes, merged after the rule packs (so they take
    /// precedence): how functions the engine cannot read treat the closures passed to them. This
    /// is how a rule adds ownership edges the engine cannot see. Defaults to none.
    var knowledge: [APIRetentionEntry] { get }

    /// Findings for the project in `context`. A rule claims the retentions it reports
    /// (`context.claim`) so that later rules do not report the same cycle again.
    func check(_ context: RuleContext) -> [Finding]

    /// Called after every rule has run, with the findings of all enabled rules so far (built-in
    /// and custom, in rule order); returns the findings to keep. A rule can drop findings (e.g.
    /// of a type it knows to be torn down elsewhere), re-grade them (change `severity`) or
    /// rewrite their messages. Runs for enabled rules only, custom rules first. Defaults to
    /// returning `findings` unchanged.
    func review(_ findings: [Finding], context: RuleContext) -> [Finding]
}

extension Rule {
    /// No extra knowledge.
    public var knowledge: [APIRetentionEntry] { [] }

    /// Keeps every finding as it is.
    public func review(_ findings: [Finding], context: RuleContext) -> [Finding] { findings }
}
