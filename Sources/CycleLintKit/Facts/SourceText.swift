import SwiftSyntax

extension SyntaxProtocol {
    /// The node's source text without its outer trivia, like `trimmedDescription`, but read
    /// from the tokens: `trimmed` rebuilds the tree above the node, which costs time in
    /// proportion to the file's size on every call.
    var sourceText: String {
        var text = ""
        var pendingTrivia = ""
        var first = true
        for token in tokens(viewMode: .sourceAccurate) {
            if !first {
                text += pendingTrivia
                text += token.leadingTrivia.description
            }
            text += token.text
            pendingTrivia = token.trailingTrivia.description
            first = false
        }
        return text
    }
}
