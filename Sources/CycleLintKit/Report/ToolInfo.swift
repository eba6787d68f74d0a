/// Name and version written into machine-readable reports.
public enum ToolInfo {
    public static let name = "cyclelint"
    public static let version = "0.1.0"
}
