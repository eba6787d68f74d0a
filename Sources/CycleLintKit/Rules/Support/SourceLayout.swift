/// What a file's place in a package says about its code.
enum SourceLayout {
    /// Whether `path` is test code in SwiftPM's layout: below `Tests/` rather than `Sources/`
    /// (the last of the two folders on the path decides).
    static func isTestCode(_ path: String) -> Bool {
        path.split(separator: "/").last { $0 == "Sources" || $0 == "Tests" } == "Tests"
    }
}
