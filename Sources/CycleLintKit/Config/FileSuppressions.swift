/// The suppression state of one file: answers "is this rule disabled on this line?" and
/// remembers which directive (and which of its rule ids) did the suppressing.
struct FileSuppressions {
    /// One rule id (or `all`) of one directive.
    struct Token: Hashable {
        var directive: Int
        var rule: Int
    }

    let directives: [SuppressionDirective]
    private(set) var used: Set<Token> = []

    init(directives: [SuppressionDirective]) {
        self.directives = directives
    }

    /// Whether a finding of `rule` on `line` is suppressed; marks the responsible token used.
    mutating func suppress(rule: String, line: Int) -> Bool {
        if let token = lineToken(rule: rule, line: line) ?? regionToken(rule: rule, line: line) {
            used.insert(token)
            return true
        }
        return false
    }

    /// `disable` tokens that suppressed nothing.
    var unusedTokens: [Token] {
        directives.indices.flatMap { index -> [Token] in
            guard directives[index].action == .disable else { return [] }
            return directives[index].rules.indices.map { Token(directive: index, rule: $0) }
                .filter { !used.contains($0) }
        }
    }

    private func lineToken(rule: String, line: Int) -> Token? {
        for (index, directive) in directives.enumerated() where directive.action == .disable && directive.coveredLine == line {
            guard let ruleIndex = Self.ruleIndex(of: rule, in: directive) else { continue }
            return Token(directive: index, rule: ruleIndex)
        }
        return nil
    }

    /// Replays region directives up to `line`: `disable all` then `enable RULE` leaves every
    /// rule but RULE disabled.
    private func regionToken(rule: String, line: Int) -> Token? {
        var byRule: [String: Token] = [:]
        var all: Token?
        var reenabled: Set<String> = []
        for (index, directive) in directives.enumerated()
        where directive.scope == .region && directive.location.line <= line {
            for (ruleIndex, name) in directive.rules.enumerated() {
                let token = Token(directive: index, rule: ruleIndex)
                switch (directive.action, name == "all") {
                case (.disable, true): all = token; reenabled = []; byRule = [:]
                case (.disable, false): byRule[name] = token; reenabled.remove(name)
                case (.enable, true): all = nil; byRule = [:]
                case (.enable, false): byRule[name] = nil; reenabled.insert(name)
                }
            }
        }
        if let token = byRule[rule] { return token }
        if let all, !reenabled.contains(rule) { return all }
        return nil
    }

    private static func ruleIndex(of rule: String, in directive: SuppressionDirective) -> Int? {
        directive.rules.firstIndex(of: rule) ?? directive.rules.firstIndex(of: "all")
    }
}
