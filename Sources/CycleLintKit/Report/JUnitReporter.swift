/// JUnit XML for CI test-report views: one test case per analysed file, one `<failure>` per
/// finding in it (files without findings pass).
public struct JUnitReporter: Reporter {
    /// How file names of test cases are shown (relative to `basePath` when inside it).
    public var options: ReportOptions

    /// A reporter with the given options.
    public init(options: ReportOptions = ReportOptions()) {
        self.options = options
    }

    public func render(_ report: CheckReport) -> String {
        let byFile = Dictionary(grouping: report.findings, by: \.location.file)
        let files = report.allFiles
        let failing = files.filter { byFile[$0] != nil }.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"cyclelint\" tests=\"\(files.count)\" failures=\"\(failing)\" errors=\"0\">\n"
        out += "  <testsuite name=\"cyclelint\" tests=\"\(files.count)\" failures=\"\(failing)\" errors=\"0\" skipped=\"0\">\n"
        for file in files {
            let name = XML.escape(options.displayPath(file))
            let findings = byFile[file] ?? []
            if findings.isEmpty {
                out += "    <testcase classname=\"cyclelint\" name=\"\(name)\"/>\n"
                continue
            }
            out += "    <testcase classname=\"cyclelint\" name=\"\(name)\">\n"
            for finding in findings {
                var body = "\(finding.location): \(finding.severity.rawValue): \(finding.message) [\(finding.ruleID)]"
                for step in finding.path {
                    body += "\n\(step.location): note: \(step.description)"
                }
                out += "      <failure type=\"\(XML.escape(finding.ruleID))\" message=\"\(XML.escape(finding.message))\">"
                out += XML.escape(body) + "</failure>\n"
            }
            out += "    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }
}

/// XML 1.0 text and attribute escaping.
enum XML {
    /// Escapes markup characters and line breaks (kept in attributes), and drops characters
    /// XML 1.0 cannot represent at all.
    static func escape(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            case "\t": out += "&#9;"
            default:
                let v = scalar.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF { out += "\u{FFFD}" }
                else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
