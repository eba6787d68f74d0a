/// How serious a finding is. Ordered: `note < warning < error`.
public enum Severity: String, Codable, CaseIterable, Sendable, Comparable {
    /// The levels, least serious first; `--strict` turns warnings into errors.
    case note, warning, error

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One edge of a cycle (or of a retention path from a global root), with where it comes from.
public struct PathStep: Codable, Hashable, Sendable {
    /// The statement or declaration that creates the edge.
    public var location: SourceLocation
    /// What makes this edge strong, e.g. `Session.onClose holds closure` or `closure captures self`.
    public var description: String

    /// A step at `location` described by `description`.
    public init(location: SourceLocation, description: String) {
        self.location = location
        self.description = description
    }
}

/// A reported problem: a rule id, the statement that closes the cycle, and the cycle path.
public struct Finding: Codable, Hashable, Sendable {
    /// The id of the rule that reported it (`capture-cycle`).
    public var ruleID: String
    /// The rule's severity, after configuration overrides and `--strict`.
    public var severity: Severity
    /// The statement that closes the cycle (assignment, registration or capture).
    public var location: SourceLocation
    /// One line describing the problem, without the rule id.
    public var message: String
    /// Every edge of the cycle, in order, starting after the owner object.
    public var path: [PathStep]
    /// Stable across unrelated edits and line moves: rule, types and members on the cycle, file.
    public var fingerprint: String
    /// What `cyclelint verify` showed at run time (`confirmed`, `not-reproduced`,
    /// `not-exercised`), when `check` was given its report (`--runtime-report`).
    public var runtimeStatus: String? = nil

    /// A finding with the given fields, stored as given.
    public init(ruleID: String, severity: Severity, location: SourceLocation, message: String,
                path: [PathStep], fingerprint: String) {
        self.ruleID = ruleID
        self.severity = severity
        self.location = location
        self.message = message
        self.path = path
        self.fingerprint = fingerprint
    }
}
