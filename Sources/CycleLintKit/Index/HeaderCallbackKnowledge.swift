/// C callback registrations read from the project's headers (`CFunctionFacts`), as API
/// knowledge: each registering function becomes a rule-pack-like entry (kept by the library
/// until its partner is called), and its unregister partners are found by name pairing
/// (`watch_add`/`watch_remove`, `uv_timer_start`/`uv_timer_stop`) or by calling the same
/// function again with a NULL callback. Rule packs still take precedence over these entries.
public struct HeaderCallbackKnowledge: Sendable {
    /// Registering functions by name (the first declaration seen wins).
    public private(set) var functions: [String: CFunctionFacts] = [:]

    /// The registrations declared in `files`.
    public init(files: [FileFacts]) {
        for file in files {
            for function in file.cFunctions ?? [] where function.registersCallback && functions[function.name] == nil {
                functions[function.name] = function
            }
        }
    }

    /// The entries to add to the API knowledge, below every rule pack's.
    public var entries: [APIRetentionEntry] {
        functions.values.sorted { $0.name < $1.name }.map { function in
            APIRetentionEntry(typeName: nil, methodName: function.name, labels: Array(repeating: nil, count: function.parameterCount),
                              retention: .retainedUntilInvalidate, source: function.location.shortDescription)
        }
    }

    /// Verb pairs: the second word undoes the first.
    private static let pairs: [(String, [String])] = [
        ("add", ["remove", "del", "delete"]), ("register", ["unregister", "deregister"]), ("set", ["unset", "clear", "remove"]),
        ("watch", ["unwatch"]), ("subscribe", ["unsubscribe"]), ("attach", ["detach"]), ("install", ["uninstall"]),
        ("start", ["stop", "cancel"]), ("create", ["destroy", "free", "delete", "release"]), ("new", ["free", "destroy", "delete"]),
        ("connect", ["disconnect"]), ("open", ["close"]), ("insert", ["remove"]), ("push", ["pop"]), ("enable", ["disable"]),
        ("schedule", ["unschedule", "cancel"]), ("begin", ["end"]), ("listen", ["unlisten"]), ("arm", ["disarm"]), ("bind", ["unbind"]), ("hook", ["unhook"]), ("init", ["destroy", "deinit", "free", "close"]),
    ]

    /// Names of functions that undo a registration through `name`, by replacing its verb
    /// (a `_`-separated or camel-case word) with its opposite.
    public static func partners(of name: String) -> Set<String> {
        var result: Set<String> = []
        let words = splitWords(name)
        for (index, word) in words.enumerated() {
            let lower = word.text.lowercased()
            for (verb, opposites) in pairs where lower == verb {
                for opposite in opposites {
                    let replacement = word.text.first?.isUppercase == true ? opposite.prefix(1).uppercased() + opposite.dropFirst() : opposite
                    var copy = words
                    copy[index].text = replacement
                    result.insert(copy.map { $0.separator + $0.text }.joined())
                }
            }
        }
        return result
    }

    /// `uv_timer_start` → (``, `uv`), (`_`, `timer`), (`_`, `start`); `addWatch` → (``, `add`), (``, `Watch`).
    private static func splitWords(_ name: String) -> [(separator: String, text: String)] {
        var words: [(separator: String, text: String)] = []
        var pendingSeparator = ""
        var current = ""
        var currentSeparator = ""
        func flush() {
            if !current.isEmpty { words.append((currentSeparator, current)) }
            current = ""
        }
        for character in name {
            if character == "_" {
                flush()
                pendingSeparator.append("_")
                continue
            }
            if character.isUppercase, let last = current.last, last.isLowercase || last.isNumber { flush() }
            if current.isEmpty {
                currentSeparator = pendingSeparator
                pendingSeparator = ""
            }
            current.append(character)
        }
        flush()
        if !pendingSeparator.isEmpty { words.append((pendingSeparator, "")) }
        return words
    }
}

extension RetentionKnowledge {
    /// This knowledge with `fallbacks` added below every existing entry (an entry from a pack
    /// for the same API still wins). Pattern rules are not carried over: they are read once,
    /// when a run's rules are prepared.
    func addingFallbacks(_ fallbacks: [APIRetentionEntry]) -> RetentionKnowledge {
        guard !fallbacks.isEmpty else { return self }
        var merged = RetentionKnowledge()
        for entry in fallbacks + entries { merged.add(entry) }
        return merged
    }
}
