/// A built-in rule that reads only the project index and the concurrency view and claims no
/// retention: its findings do not depend on which rules ran before it, so it may run on a
/// thread of its own beside the rules that claim retentions in order.
protocol ClaimFreeRule: Rule {}

/// Runs a run's rules on `jobs` threads: every rule that claims retentions (custom rules
/// included) in one lane, in order, so claims are made as in a serial run, and each claim-free
/// rule as a lane of its own.
enum RuleLanes {
    /// The findings of each rule of `rules`, in their order.
    static func findings(of rules: [any Rule], context: RuleContext, jobs: Int) -> [[Finding]] {
        let claimFree = rules.indices.filter { rules[$0] is any ClaimFreeRule }
        guard jobs > 1, !claimFree.isEmpty else { return rules.map { $0.check(context) } }
        _ = context.concurrencyView  // built here, once: the lanes only read it
        let ordered = rules.indices.filter { !(rules[$0] is any ClaimFreeRule) }
        let shared = SharedContext(context)
        let lanes = ParallelMap.map([ordered] + claimFree.map { [$0] }, jobs: jobs) { lane in
            lane.map { (rule: $0, findings: rules[$0].check(shared.context)) }
        }
        var byRule = [[Finding]](repeating: [], count: rules.count)
        for lane in lanes {
            for result in lane { byRule[result.rule] = result.findings }
        }
        return byRule
    }

    /// The context, handed to the lanes' threads: its claims are made by one lane only, and what
    /// the others read (the index, the built concurrency view, the options) is not written any more.
    private final class SharedContext: @unchecked Sendable {
        // cyclelint:disable unchecked-sendable - read by the claim-free lanes, claimed only by the ordered one (see above)
        let context: RuleContext

        init(_ context: RuleContext) { self.context = context }
    }
}
