/// Pure path arithmetic for reporters and configuration (no file system access), so results
/// do not depend on symlinks or on the machine that renders them.
public enum ReportPaths {
    /// `path` made absolute against `directory` and normalised (`.`, `..` and `//` removed).
    public static func absolute(_ path: String, against directory: String) -> String {
        let joined = path.hasPrefix("/") ? path : directory + "/" + path
        return normalize(joined)
    }

    /// Removes `.` and empty components and resolves `..` lexically; keeps a leading `/`.
    public static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if let last = parts.last, last != ".." { parts.removeLast() }
                else if !path.hasPrefix("/") { parts.append(part) }
                continue
            }
            parts.append(part)
        }
        let body = parts.joined(separator: "/")
        if path.hasPrefix("/") { return "/" + body }
        return body.isEmpty ? "." : body
    }

    /// The absolute `path` relative to the absolute folder `base`, or `nil` if outside it.
    /// A path equal to `base` gives `"."`.
    public static func relative(_ path: String, to base: String) -> String? {
        let path = normalize(path), base = normalize(base)
        if path == base { return "." }
        let prefix = base.hasSuffix("/") ? base : base + "/"
        guard path.hasPrefix(prefix) else { return nil }
        return String(path.dropFirst(prefix.count))
    }
}
