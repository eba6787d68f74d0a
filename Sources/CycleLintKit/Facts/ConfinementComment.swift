import SwiftSyntax

/// Whether the comment above a declaration states that the state it declares is confined — to
/// an actor, a serial queue, one thread — or is not thread-safe and must not be shared: the
/// author's contract for `@unchecked Sendable` state whose synchronisation the code does not
/// show (`/// All mutable state is accessed exclusively through the transport actor`,
/// `/// Protected by the serialized writer dispatch queue`), or is set up once before it is
/// shared and only read afterwards (`/// must be set before any connection is opened`,
/// `/// may be mutated during setup`). A comment naming a lock
/// (`/// Guarded by lock`) states nothing of the kind: that lock is checked like any other.
enum ConfinementComment {
    /// Phrases, lowercased with single spaces, that say so on their own.
    static let statements = [
        "not thread-safe", "not thread safe", "not threadsafe", "thread-unsafe", "non-thread-safe",
        "should not be shared", "must not be shared", "never shared", "confined to",
        "not really sendable", "not actually sendable", "not truly sendable",
        // Set up once, then only read: the contract is the order of the phases.
        "during setup", "must be set before", "should be set before", "must be configured before",
        "not be modified once", "not be modified after", "not be mutated once", "not be mutated after",
    ]
    /// An executor, and a word that confines state to it: together they state a confinement.
    static let executors = ["queue", "actor", "event loop", "eventloop", "main thread", "one thread", "single thread",
                            "single-threaded", "same thread"]
    static let confiningWords = ["only", "exclusively", "protected by", "confined", "serialized", "serialised", "isolated"]

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
        let words = " " + normalizedWords(text) + " "
        // Whole words only: `read-only` says nothing of confinement, `DispatchQueue.test` names no queue.
        func says(_ phrase: String) -> Bool { words.contains(" " + phrase + " ") }
        if statements.contains(where: says) { return true }
        return executors.contains(where: says) && confiningWords.contains(where: says)
    }

    /// Lowercased words (letters, digits and hyphens) separated by single spaces.
    private static func normalizedWords(_ text: String) -> String {
        text.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "-") }.joined(separator: " ")
    }
}
