/// Applies inline `// cyclelint:disable…` comments to findings and reports the comments that
/// suppressed nothing as `unused-suppression` findings.
public struct SuppressionFilter {
    /// What applying the suppressions produced.
    public struct Outcome: Sendable {
        /// Findings not suppressed, in input order.
        public var findings: [Finding]
        /// How many findings comments suppressed.
        public var suppressedCount: Int
        /// One `unused-suppression` finding per rule id (or `all`) that suppressed nothing.
        public var unused: [Finding]
    }

    private var files: [String: (path: String, suppressions: FileSuppressions)] = [:]
    private let workingDirectory: String

    /// `directives` maps each file (as its findings name it, relative paths resolved against
    /// `workingDirectory`) to its directives (`FileFacts.suppressions`).
    public init(directives: [String: [SuppressionDirective]], workingDirectory: String) {
        self.workingDirectory = workingDirectory
        for (path, directives) in directives where !directives.isEmpty {
            files[ReportPaths.absolute(path, against: workingDirectory)] = (path, FileSuppressions(directives: directives))
        }
    }

    /// All directives found, by file as given.
    public var directives: [SuppressionDirective] {
        files.values.flatMap(\.suppressions.directives)
    }

    /// Suppresses `findings`; `reportsUnused(rule)` says whether an unused suppression of
    /// `rule` should be reported (false for rules that configuration turned off).
    public func apply(to findings: [Finding], reportsUnused: (String) -> Bool = { _ in true }) -> Outcome {
        var files = self.files
        var kept: [Finding] = []
        var suppressed = 0
        for finding in findings {
            let key = ReportPaths.absolute(finding.location.file, against: workingDirectory)
            if finding.ruleID != UnusedSuppressionRule.id,
               files[key]?.suppressions.suppress(rule: finding.ruleID, line: finding.location.line) == true {
                suppressed += 1
            } else {
                kept.append(finding)
            }
        }
        var unused: [Finding] = []
        for (path, suppressions) in files.values.sorted(by: { $0.path < $1.path }) {
            for token in suppressions.unusedTokens {
                let directive = suppressions.directives[token.directive]
                let rule = directive.rules[token.rule]
                guard rule == "all" || reportsUnused(rule) else { continue }
                unused.append(Self.unusedFinding(directive, rule: rule, path: path))
            }
        }
        return Outcome(findings: kept, suppressedCount: suppressed,
                       unused: unused.sorted { ($0.location, $0.message) < ($1.location, $1.message) })
    }

    private static func unusedFinding(_ directive: SuppressionDirective, rule: String, path: String) -> Finding {
        var message = directive.rules.count == 1
            ? "'// \(directive.text)' suppresses no finding; remove it"
            : "'\(rule)' in '// \(directive.text)' suppresses no finding; remove it"
        if rule != "all" && !RuleCatalog.ids.contains(rule) {
            message += "; unknown rule id '\(rule)'" + NameSuggestion.hint(for: rule, in: RuleCatalog.ids)
        }
        let key = [UnusedSuppressionRule.id, path, directive.action.rawValue, directive.scope.rawValue,
                   rule, directive.text].joined(separator: "\u{1F}")
        return Finding(ruleID: UnusedSuppressionRule.id, severity: .warning,
                       location: SourceLocation(file: path, line: directive.location.line,
                                                column: directive.location.column),
                       message: message, path: [], fingerprint: StableHash.hex(key))
    }
}
