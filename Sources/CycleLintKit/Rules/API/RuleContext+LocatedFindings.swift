extension RuleContext {
    /// A finding that is not a retention: located at `location`, with `path` as related
    /// locations and a fingerprint from `components` (names, never line numbers, so that it
    /// survives unrelated edits).
    public func finding(_ rule: RuleDescription, at location: SourceLocation, message: String, path: [PathStep],
                        components: [String]) -> Finding {
        let fingerprint = StableHash.hex(([rule.id, location.file] + components).joined(separator: "|"))
        return Finding(ruleID: rule.id, severity: options.severityOverrides[rule.id] ?? rule.defaultSeverity,
                       location: location, message: message, path: path, fingerprint: fingerprint)
    }
}
