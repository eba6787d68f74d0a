import Foundation

/// GitHub Actions workflow commands: one `::warning file=…,line=…,col=…,title=…::message`
/// (`::error`, `::notice` for notes) per finding, so findings appear as annotations on the
/// pull request. The cycle path follows the message on separate (escaped) lines.
public struct GitHubReporter: Reporter {
    /// How `file=` paths are shown (relative to `basePath` when inside it).
    public var options: ReportOptions

    /// A reporter with the given options.
    public init(options: ReportOptions = ReportOptions()) {
        self.options = options
    }

    public func render(_ report: CheckReport) -> String {
        var out = ""
        for finding in report.findings {
            let command: String
            switch finding.severity {
            case .error: command = "error"
            case .warning: command = "warning"
            case .note: command = "notice"
            }
            let properties = [
                ("file", options.displayPath(finding.location.file)),
                ("line", String(finding.location.line)),
                ("col", String(finding.location.column)),
                ("title", "cyclelint \(finding.ruleID)"),
            ].map { "\($0.0)=\(Self.escapeProperty($0.1))" }.joined(separator: ",")
            var message = "\(finding.message) [\(finding.ruleID)]"
            for step in finding.path {
                let location = "\(options.displayPath(step.location.file)):\(step.location.line):\(step.location.column)"
                message += "\n\(location): \(step.description)"
            }
            out += "::\(command) \(properties)::\(Self.escapeData(message))\n"
        }
        return out
    }

    /// Escapes a workflow command's message: `%`, CR and LF.
    public static func escapeData(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Escapes a workflow command property value: as `escapeData`, plus `:` and `,`.
    public static func escapeProperty(_ value: String) -> String {
        escapeData(value).replacingOccurrences(of: ":", with: "%3A")
            .replacingOccurrences(of: ",", with: "%2C")
    }
}
