/// A problem in a configuration file that does not stop the run (unknown key or rule id).
public struct ConfigurationWarning: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String

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
