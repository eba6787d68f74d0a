/// A path glob from `included`/`excluded`: `*` and `?` match within one path component,
/// `**` matches any number of components, and a pattern without wildcards matches that path
/// and everything below it. Patterns and paths are compared as absolute, normalised paths.
public struct GlobPattern: Hashable, Sendable, CustomStringConvertible {
    /// The absolute pattern.
    public let pattern: String
    private let components: [Substring]

    /// `pattern` as written in a configuration file, resolved against its folder.
    public init(_ pattern: String, relativeTo directory: String) {
        var trimmed = pattern
        while trimmed.hasSuffix("/") && trimmed.count > 1 { trimmed.removeLast() }
        self.pattern = ReportPaths.absolute(trimmed, against: directory)
        self.components = self.pattern.split(separator: "/")
    }

    public var description: String { pattern }

    /// Whether the pattern contains a wildcard.
    public var hasWildcards: Bool { pattern.contains { $0 == "*" || $0 == "?" } }

    /// The longest leading part without wildcards: the folder where matches can start.
    public var literalPrefix: String {
        "/" + components.prefix { !$0.contains("*") && !$0.contains("?") }.joined(separator: "/")
    }

    /// Whether the absolute `path` (or a folder above it) matches.
    public func matches(_ path: String) -> Bool {
        let parts = ReportPaths.normalize(path).split(separator: "/")
        // A match of any leading part of the path covers everything below it.
        return Self.match(components[...], parts[...], allowPrefix: true)
    }

    private static func match(_ pattern: ArraySlice<Substring>, _ path: ArraySlice<Substring>,
                              allowPrefix: Bool) -> Bool {
        guard let head = pattern.first else { return path.isEmpty || allowPrefix }
        if head == "**" {
            let rest = pattern.dropFirst()
            var tail = path
            while true {
                if match(rest, tail, allowPrefix: allowPrefix) { return true }
                guard !tail.isEmpty else { return false }
                tail = tail.dropFirst()
            }
        }
        guard let first = path.first, matchComponent(head.unicodeScalars[...], first.unicodeScalars[...]) else {
            return false
        }
        return match(pattern.dropFirst(), path.dropFirst(), allowPrefix: allowPrefix)
    }

    private static func matchComponent(_ pattern: Substring.UnicodeScalarView.SubSequence,
                                       _ name: Substring.UnicodeScalarView.SubSequence) -> Bool {
        guard let head = pattern.first else { return name.isEmpty }
        switch head {
        case "*":
            var tail = name
            while true {
                if matchComponent(pattern.dropFirst(), tail) { return true }
                guard !tail.isEmpty else { return false }
                tail = tail.dropFirst()
            }
        case "?":
            return !name.isEmpty && matchComponent(pattern.dropFirst(), name.dropFirst())
        default:
            return name.first == head && matchComponent(pattern.dropFirst(), name.dropFirst())
        }
    }
}
