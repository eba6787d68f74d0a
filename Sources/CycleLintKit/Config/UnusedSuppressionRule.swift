/// The rule the suppression layer reports itself: a `cyclelint:disable` comment that
/// suppressed nothing.
public enum UnusedSuppressionRule {
    /// The rule id, `unused-suppression`, as used in configuration and suppression comments.
    public static let id = "unused-suppression"

    /// The rule's catalog entry: summary, rationale, fix, default severity and examples.
    public static let description = RuleDescription(
        id: id,
        name: "Unused suppression",
        summary: "A cyclelint:disable comment that suppresses no finding.",
        rationale: "Stale suppression comments pile up after the code they excused is fixed, and later hide new problems on the same lines.",
        fix: "Remove the comment, or the rule id in it that no longer applies.",
        defaultSeverity: .warning,
        triggeringExamples: [
            """
            final class Counter {
                var value = 0
                ↓// cyclelint:disable:next capture-cycle
                func increment() { value += 1 }
            }
            """,
        ],
        nonTriggeringExamples: [
            """
            final class Session {
                var onClose: (() -> Void)?
                func start() {
                    // cyclelint:disable:next capture-cycle - closed explicitly by close()
                    onClose = { self.finish() }
                }
                func finish() {}
            }
            """,
        ])
}
