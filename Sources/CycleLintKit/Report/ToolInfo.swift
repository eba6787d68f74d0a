/// Name and version written into machine-readable reports.
public enum ToolInfo {
    /// The tool name, `cyclelint`.
    public static let name = "cyclelint"
    /// The tool's version string.
    public static let version = "0.1.0"
}
