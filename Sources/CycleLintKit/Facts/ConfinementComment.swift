import SwiftSyntax

/// Whether the comment above a type states that its instances are confined — to an actor, a
/// queue, one thread or task — or are not thread-safe and must not be shared: the author's
/// stated contract for an `@unchecked Sendable` whose synchronisation the code does not show
/// (`/// All mutable state is accessed exclusively through the transport actor`).
enum ConfinementComment {
    /// Phrases, lowercased with single spaces, that state a confinement or a lack of thread safety.
    static let phrases = [
        "not thread-safe", "not thread safe", "not threadsafe", "thread-unsafe", "non-thread-safe",
        "should not be shared", "must not be shared", "confined to", "accessed exclusively", "exclusively through",
        "exclusively on", "exclusively from", "only accessed", "only be accessed", "only ever accessed",
        "serializes every", "serialises every", "serializes all", "serialises all",
    ]

    /// Whether the comments in `trivia` (the leading trivia of a declaration) state one.
    static func statesConfinement(_ trivia: Trivia) -> Bool {
        var text = ""
        for piece in trivia {
            switch piece {
            case .lineComment(let comment), .docLineComment(let comment), .blockComment(let comment),
                 .docBlockComment(let comment):
                text += " " + comment
            default: continue
            }
        }
        guard !text.isEmpty else { return false }
        let normalized = text.lowercased().split(whereSeparator: { $0.isWhitespace || $0 == "/" || $0 == "*" })
            .joined(separator: " ")
        return phrases.contains { normalized.contains($0) }
    }
}
