import Foundation

/// Compiler-style lines that editors and Xcode understand:
/// `path:line:column: warning: message [rule-id]`, then one `note:` line per cycle edge.
public struct TextReporter: Reporter {
    /// Only `color` is used: paths are printed as the findings spell them.
    public var options: ReportOptions

    /// A reporter with the given options.
    public init(options: ReportOptions = ReportOptions()) {
        self.options = options
    }

    public func render(_ report: CheckReport) -> String {
        var out = ""
        for finding in report.findings {
            out += line(finding.location, severity: finding.severity.rawValue,
                        text: "\(finding.message) [\(finding.ruleID)]")
            for step in finding.path {
                out += line(step.location, severity: "note", text: step.description)
            }
        }
        return out
    }

    private func line(_ location: SourceLocation, severity: String, text: String) -> String {
        // Messages are single-line by contract; fold any newline so one finding stays one line.
        let text = text.replacingOccurrences(of: "\r\n", with: " ")
            .replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        guard options.color else { return "\(location): \(severity): \(text)\n" }
        return "\(ANSI.bold)\(location):\(ANSI.reset) \(ANSI.color(for: severity))\(severity):\(ANSI.reset) \(text)\n"
    }
}

/// ANSI escape sequences used by the text reporter.
enum ANSI {
    static let reset = "\u{1B}[0m"
    static let bold = "\u{1B}[1m"

    static func color(for severity: String) -> String {
        switch severity {
        case "error": return "\u{1B}[1;31m"
        case "warning": return "\u{1B}[1;35m"
        default: return "\u{1B}[1;36m"
        }
    }
}
