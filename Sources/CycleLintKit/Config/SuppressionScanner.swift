import SwiftParser
import SwiftSyntax

/// Finds the `// cyclelint:` directives in Swift source. Uses the Swift parser so that text
/// inside string literals is never mistaken for a comment.
public enum SuppressionScanner {
    /// Directives in `source` (the contents of `file`), in source order.
    public static func directives(in source: String, file: String) -> [SuppressionDirective] {
        guard ByteSearch.contains(source, "cyclelint:") else { return [] }  // skip parsing most files
        let tree = Parser.parse(source: source)
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
}
