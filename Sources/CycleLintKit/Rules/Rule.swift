/// A check over the whole analysed project. Built-in rules and custom rules implement this one
/// protocol; `RuleRegistry.builtin` lists the built-in ones.
public protocol Rule: Sendable {
    /// Id, texts, default severity and examples.
    var description: RuleDescription { get }
    /// Findings for the project in `context`. A rule claims the retentions it reports
    /// (`context.claim`) so that later rules do not report the same cycle again.
    func check(_ context: RuleContext) -> [Finding]
}
