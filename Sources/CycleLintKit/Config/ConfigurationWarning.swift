/// A problem in a configuration file that does not stop the run (unknown key or rule id).
public struct ConfigurationWarning: Hashable, Sendable, CustomStringConvertible {
    /// The configuration file the warning is about.
    public var file: String
    /// The 1-based line of the offending key or value; `nil` when unknown.
    public var line: Int?
    /// The 1-based column of the offending key or value; `nil` when unknown.
    public var column: Int?
    /// What is wrong, with the nearest valid spelling when there is one.
    public var message: String

    /// A warning at `file:line:column`.
    public init(file: String, line: Int?, column: Int?, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: warning: message`, as compilers print it.
    public var description: String {
        let place = [file, line.map(String.init), column.map(String.init)].compactMap { $0 }
            .joined(separator: ":")
        return "\(place): warning: \(message)"
    }
}
