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
        var words: [Substring] = []
        for piece in trivia {
            switch piece {
            case .lineComment(let comment), .docLineComment(let comment), .blockComment(let comment),
                 .docBlockComment(let comment):
                words += Self.words(of: comment)
            default: continue
            }
        }
        guard !words.isEmpty else { return false }
        // Whole words only: `read-only` says nothing of confinement, `DispatchQueue.test` names no queue.
        if statementPhrases.occurs(in: words) { return true }
        return executorPhrases.occurs(in: words) && confiningPhrases.occurs(in: words)
    }

    /// The lowercased words of `comment`: runs of letters, digits and `-`. An ASCII comment (most
    /// are) is split by bytes, where each byte is a character; any other by characters.
    private static func words(of comment: String) -> [Substring] {
        let lowered = comment.lowercased()
        guard lowered.utf8.allSatisfy({ $0 < 0x80 }) else {
            return lowered.split { !($0.isLetter || $0.isNumber || $0 == "-") }
        }
        return lowered.utf8.split { byte in
            // Lowercased: no `A`–`Z` is left.
            !(byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") || byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
                || byte == UInt8(ascii: "-"))
        }.map { Substring($0) }
    }

    private static let statementPhrases = PhraseSet(statements)
    private static let executorPhrases = PhraseSet(executors)
    private static let confiningPhrases = PhraseSet(confiningWords)
}

/// Phrases of whole words, found in a comment's words with one lookup per word (most comments
/// are long and say none of them).
private struct PhraseSet {
    /// The phrases, as words, by their first word.
    private let byFirstWord: [Substring: [[Substring]]]

    init(_ phrases: [String]) {
        var byFirstWord: [Substring: [[Substring]]] = [:]
        for phrase in phrases {
            let words = phrase.split(separator: " ")
            byFirstWord[words[0], default: []].append(words)
        }
        self.byFirstWord = byFirstWord
    }

    /// Whether one of the phrases occurs in `words` as consecutive words.
    func occurs(in words: [Substring]) -> Bool {
        for start in words.indices {
            guard let candidates = byFirstWord[words[start]] else { continue }
            for phrase in candidates where start + phrase.count <= words.count {
                if zip(phrase, words[start...]).allSatisfy({ $0 == $1 }) { return true }
            }
        }
        return false
    }
}
