import Foundation

/// One `// cyclelint:` comment: `disable` or `enable`, for the next line, this line, the
/// previous line or a region, naming rule ids or `all`, with an optional `- reason`.
public struct SuppressionDirective: Codable, Hashable, Sendable {
    /// Whether the directive turns the named rules off (`disable`) or back on (`enable`, regions only).
    public enum Action: String, Codable, Sendable { case disable, enable }
    /// What the directive covers: a region until a matching `enable` (no suffix), or the
    /// `next` code line, `this` line or the `previous` line.
    public enum Scope: String, Codable, Sendable { case region, next, this, previous }

    /// `disable` or `enable`, the word before the optional `:scope`.
    public var action: Action
    /// The `:next`, `:this` or `:previous` suffix; `region` when there is none.
    public var scope: Scope
    /// Rule ids as written; `all` stands for every rule.
    public var rules: [String]
    /// The text after ` - ` (or ` -- `), trimmed; `nil` when absent or empty.
    public var reason: String?
    /// Where the comment starts.
    public var location: SourceLocation
    /// The comment text after `//`, trimmed.
    public var text: String
    /// The one line a `next`, `this` or `previous` directive covers; nil for a region. For
    /// `next` it is the first line below that is neither blank nor only a `//` comment, so
    /// stacked `disable:next` comments all apply to the code below them (`parse` can only
    /// assume the line below; `SuppressionScanner` finds the right one).
    public var coveredLine: Int?

    /// Parses the body of a line comment (the text after `//`), or returns `nil` when it is not
    /// a cyclelint directive. A directive without rule ids is malformed and also gives `nil`.
    public static func parse(comment body: String, location: SourceLocation) -> SuppressionDirective? {
        let text = body.trimmingCharacters(in: .whitespaces)
        guard text.hasPrefix("cyclelint:") else { return nil }
        var rest = Substring(text.dropFirst("cyclelint:".count))
        var reason: String?
        if let dash = rest.range(of: " - ") ?? rest.range(of: " -- ") {
            reason = rest[dash.upperBound...].trimmingCharacters(in: .whitespaces)
            rest = rest[..<dash.lowerBound]
        }
        let words = rest.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map(String.init)
        guard let command = words.first, words.count > 1 else { return nil }
        let parts = command.split(separator: ":").map(String.init)
        guard let action = parts.first.flatMap(Action.init(rawValue:)), parts.count <= 2 else { return nil }
        let scope: Scope
        if parts.count == 2 {
            guard let named = Scope(rawValue: parts[1]), named != .region else { return nil }
            scope = named
        } else {
            scope = .region
        }
        let coveredLine: Int?
        switch scope {
        case .region: coveredLine = nil
        case .this: coveredLine = location.line
        case .previous: coveredLine = location.line - 1
        case .next: coveredLine = location.line + 1
        }
        return SuppressionDirective(action: action, scope: scope, rules: Array(words.dropFirst()),
                                    reason: reason?.isEmpty == true ? nil : reason, location: location, text: text,
                                    coveredLine: coveredLine)
    }
}
