import SwiftSyntax

/// Turns syntax positions into `SourceLocation`s of one file.
struct LocationMaker {
    let file: String
    let converter: SourceLocationConverter

    func location(of node: Syntax) -> SourceLocation {
        let position = converter.location(for: node.positionAfterSkippingLeadingTrivia)
        return SourceLocation(file: file, line: position.line, column: position.column)
    }
}
