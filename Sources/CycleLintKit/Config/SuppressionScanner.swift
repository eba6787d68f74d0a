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
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        for index in result.indices where result[index].scope == .next {
            result[index].coveredLine = nextCodeLine(after: result[index].location.line, in: lines)
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

    /// The first line after `line` that is not blank and not only a `//` comment.
    private static func nextCodeLine(after line: Int, in lines: [Substring]) -> Int {
        var candidate = line + 1
        while candidate - 1 < lines.count {
            let text = lines[candidate - 1].drop { $0 == " " || $0 == "\t" }
            if !text.isEmpty && !text.hasPrefix("//") && text != "\r" { return candidate }
            candidate += 1
        }
        return line + 1
    }
}
