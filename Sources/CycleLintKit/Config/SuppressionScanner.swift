import SwiftSyntax

/// Finds the `// cyclelint:` directives of a parsed Swift file (its comment trivia), so text
/// inside string literals is never mistaken for a comment. Part of each file's facts.
enum SuppressionScanner {
    /// Directives in `tree`, parsed from `source` (the contents of `file`), in source order,
    /// with the line each `disable:next` covers resolved.
    static func directives(in tree: SourceFileSyntax, source: String, file: String) -> [SuppressionDirective] {
        guard ByteSearch.contains(source, "cyclelint:") else { return [] }  // most files
        let converter = SourceLocationConverter(fileName: file, tree: tree)
        var result: [SuppressionDirective] = []
        for token in tree.tokens(viewMode: .sourceAccurate) {
            var position = token.position
            for piece in token.leadingTrivia {
                collect(piece, at: position, converter: converter, file: file, into: &result)
                position = position.advanced(by: piece.sourceLength.utf8Length)
            }
            position = token.endPositionBeforeTrailingTrivia
            for piece in token.trailingTrivia {
                collect(piece, at: position, converter: converter, file: file, into: &result)
                position = position.advanced(by: piece.sourceLength.utf8Length)
            }
        }
        guard result.contains(where: { $0.scope == .next }) else { return result }
        let following = nextCodeLines(in: source)
        for index in result.indices where result[index].scope == .next {
            let line = result[index].location.line
            result[index].coveredLine = following.indices.contains(line) ? following[line] ?? line + 1 : line + 1
        }
        return result
    }

    private static func collect(_ piece: TriviaPiece, at position: AbsolutePosition,
                                converter: SourceLocationConverter, file: String,
                                into result: inout [SuppressionDirective]) {
        guard case .lineComment(let text) = piece else { return }
        let location = converter.location(for: position)
        let body = String(text.dropFirst(2))
        if let directive = SuppressionDirective.parse(
            comment: body, location: SourceLocation(file: file, line: location.line, column: location.column)) {
            result.append(directive)
        }
    }

    /// For each line number (1-based, index 0 unused), the first line after it that is not blank
    /// and not only a `//` comment; nil when there is none. One pass from the end, so a file of
    /// stacked `disable:next` comments costs its length, not its length squared.
    private static func nextCodeLines(in source: String) -> [Int?] {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        var following = [Int?](repeating: nil, count: lines.count + 1)
        var next: Int?
        for number in stride(from: lines.count, through: 1, by: -1) {
            following[number] = next
            let text = lines[number - 1].drop { $0 == " " || $0 == "\t" }
            if !text.isEmpty && !text.hasPrefix("//") && text != "\r" { next = number }
        }
        return following
    }
}
