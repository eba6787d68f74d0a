/// A position in a Swift source file: 1-based line and column (UTF-8 columns, as compilers print).
public struct SourceLocation: Codable, Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The path as given on the command line or found under a given folder.
    public var file: String
    /// 1-based line number (0 only for synthetic locations with no place in source).
    public var line: Int
    /// 1-based column, counted in UTF-8 bytes from the start of the line.
    public var column: Int

    /// The location `file:line:column`.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }

    /// `file:line:column`.
    public var description: String { "\(file):\(line):\(column)" }

    /// `file name:line`, the short form used inside messages.
    public var shortDescription: String {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        return "\(name):\(line)"
    }
}
