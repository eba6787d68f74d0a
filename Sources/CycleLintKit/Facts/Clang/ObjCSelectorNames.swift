import Foundation

/// How Swift names Objective-C methods and types it imports, closely enough to match Swift call
/// sites to Objective-C declarations: `initWithOwner:` is `init(owner:)`, `startWithOwner:queue:`
/// is `start(withOwner:queue:)`, `dealloc` is the deinitializer.
enum ObjCSelectorNames {
    /// Prepositions Swift splits a selector's first piece at (the last one found).
    private static let prepositions = ["With", "For", "Using", "From", "To", "In", "On", "At", "By", "Of"]

    /// The Swift base name, method kind and argument labels of `selector`.
    static func swiftName(_ selector: String) -> (name: String, kind: MethodKind, labels: [String?]) {
        if selector == "dealloc" { return ("deinit", .deinitializer, []) }
        let pieces = selector.split(separator: ":", omittingEmptySubsequences: false).dropLast().map(String.init)
        guard let first = pieces.first ?? (selector.contains(":") ? nil : selector) else { return (selector, .function, []) }
        let rest: [String?] = pieces.dropFirst().map { $0.isEmpty ? nil : $0 }
        if pieces.isEmpty { return (first == "init" || first == "new" ? "init" : first, first == "init" ? .initializer : .function, []) }
        if first.hasPrefix("initWith"), first.count > 8 {
            return ("init", .initializer, [lowercasedFirst(String(first.dropFirst(8)))] + rest)
        }
        if first == "init" { return ("init", .initializer, [nil] + rest) }
        for preposition in prepositions {
            guard let range = first.range(of: preposition, options: .backwards), range.lowerBound != first.startIndex,
                  range.upperBound < first.endIndex, first[range.upperBound].isUppercase else { continue }
            return (String(first[..<range.lowerBound]), .function, [lowercasedFirst(String(first[range.lowerBound...]))] + rest)
        }
        return (first, .function, [nil] + rest)
    }

    /// The class (or, for `id<P>`, the protocol) an object pointer's pointee spelling names.
    static func className(fromPointee pointee: String) -> String? {
        var text = pointee
        for qualifier in ["__strong", "__weak", "__unsafe_unretained", "__autoreleasing", "const", "__kindof", "_Nonnull", "_Nullable"] {
            text = text.replacingOccurrences(of: qualifier, with: "")
        }
        text = text.trimmingCharacters(in: .whitespaces)
        if let open = text.firstIndex(of: "<") {
            let base = text[..<open].trimmingCharacters(in: .whitespaces)
            let protocols = text[text.index(after: open)...].split(whereSeparator: { $0 == "," || $0 == ">" })
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if base == "id" || base == "NSObject" { return protocols.first }
            return base
        }
        return text.isEmpty || text == "id" || text == "objc_object" ? nil : text
    }

    private static func lowercasedFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.lowercased() + text.dropFirst()
    }
}
