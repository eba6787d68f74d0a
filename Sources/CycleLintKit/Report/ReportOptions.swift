import Foundation

/// How reporters render paths and whether they may use colour.
public struct ReportOptions: Sendable {
    /// Absolute folder that SARIF, GitHub, GitLab and JUnit paths are made relative to.
    public var basePath: String
    /// Absolute folder that relative finding paths are resolved against.
    public var workingDirectory: String
    /// Whether the text reporter may emit ANSI colour escapes.
    public var color: Bool

    /// Options for the given folders; both default to the current directory, and a relative `basePath` is resolved against `workingDirectory`.
    public init(basePath: String? = nil, workingDirectory: String? = nil, color: Bool = false) {
        let cwd = workingDirectory ?? FileManager.default.currentDirectoryPath
        self.workingDirectory = cwd
        self.basePath = ReportPaths.absolute(basePath ?? cwd, against: cwd)
        self.color = color
    }

    /// `file` relative to `basePath` with `/` separators, or `nil` when it lies outside it.
    public func relativePath(_ file: String) -> String? {
        ReportPaths.relative(ReportPaths.absolute(file, against: workingDirectory), to: basePath)
    }

    /// `file` relative to `basePath` when inside it, else the absolute path.
    public func displayPath(_ file: String) -> String {
        relativePath(file) ?? ReportPaths.absolute(file, against: workingDirectory)
    }
}
