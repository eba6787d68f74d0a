import CycleLintKit
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite struct GitHubReporterTests {
    @Test func oneEscapedWorkflowCommandPerFinding() {
        let output = GitHubReporter(options: Fixtures.options).render(Fixtures.report)
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)  // message newlines are escaped, so one line each
        #expect(lines[0] == "::warning file=Sources/App Core/Sess%2Cion%3A100%25&<x>.swift,line=9,col=19,title=cyclelint capture-cycle::"
                + "closure stored in 'onClose' captures 'self' strongly: 100%25 \"leaky\", <never> freed%0Asecond line [capture-cycle]"
                + "%0ASources/App Core/Sess,ion:100%25&<x>.swift:3:9: Session.onClose holds closure"
                + "%0ASources/App Core/Sess,ion:100%25&<x>.swift:8:19: closure (Sess,ion:100%25.swift:8) captures self"
                + "%0ASources/Other.swift:2:5: Other.session holds Session & <friends>")
        #expect(lines[1].hasPrefix("::error file=Sources/Other.swift,line=12,col=5,title=cyclelint backref-cycle::"))
        #expect(lines[2].hasPrefix("::notice file=/outside/Elsewhere.swift,line=1,col=1,"))
    }

    @Test func escaping() {
        #expect(GitHubReporter.escapeData("a%b\r\nc:d,e") == "a%25b%0D%0Ac:d,e")
        #expect(GitHubReporter.escapeProperty("a%b\r\nc:d,e") == "a%25b%0D%0Ac%3Ad%2Ce")
    }
}

@Suite struct GitLabReporterTests {
    @Test func codeQualityIssues() throws {
        var report = Fixtures.report
        report.findings.append(Fixtures.cycle)  // same fingerprint twice in one report
        let issues = try #require(try Fixtures.json(GitLabReporter(options: Fixtures.options).render(report)) as? [[String: Any]])
        #expect(issues.count == 4)
        let first = issues[0]
        #expect(first["check_name"] as? String == "capture-cycle")
        #expect(first["severity"] as? String == "minor")
        #expect(first["fingerprint"] as? String == Fixtures.cycle.fingerprint)
        let description = try #require(first["description"] as? String)
        #expect(description.hasPrefix(Fixtures.cycle.message))
        #expect(description.contains("Session.onClose holds closure (Sess,ion:100%&<x>.swift:3)"))
        let location = try #require(first["location"] as? [String: Any])
        #expect(location["path"] as? String == Fixtures.oddFile)
        #expect((location["lines"] as? [String: Any])?["begin"] as? Int == 9)
        #expect(issues.compactMap { $0["severity"] as? String } == ["minor", "critical", "info", "minor"])
        let fingerprints = issues.compactMap { $0["fingerprint"] as? String }
        #expect(Set(fingerprints).count == 4)  // unique within the report
    }
}

@Suite struct JUnitReporterTests {
    /// Collects test cases and their failures with Foundation's XML parser (which also proves
    /// the document is well-formed).
    final class Collector: NSObject, XMLParserDelegate {
        var cases: [(name: String, failures: [(type: String, message: String, body: String)])] = []
        var suites: [[String: String]] = []
        private var text = ""
        private var failure: (type: String, message: String)?

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            switch name {
            case "testsuite", "testsuites": suites.append(attributes)
            case "testcase": cases.append((attributes["name"] ?? "", []))
            case "failure": failure = (attributes["type"] ?? "", attributes["message"] ?? ""); text = ""
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "failure", let failure {
                cases[cases.count - 1].failures.append((failure.type, failure.message, text))
                self.failure = nil
            }
        }
    }

    @Test func oneTestCasePerFileWithFailuresPerFinding() throws {
        let output = JUnitReporter(options: Fixtures.options).render(Fixtures.report)
        let parser = XMLParser(data: Data(output.utf8))
        let collector = Collector()
        parser.delegate = collector
        #expect(parser.parse(), "not well-formed: \(String(describing: parser.parserError))\n\(output)")
        #expect(collector.cases.map(\.name) == ["/outside/Elsewhere.swift", Fixtures.oddFile, "Sources/Clean.swift", "Sources/Other.swift"])
        let odd = try #require(collector.cases.first { $0.name == Fixtures.oddFile })
        #expect(odd.failures.count == 1)
        #expect(odd.failures[0].type == "capture-cycle")
        #expect(odd.failures[0].message == Fixtures.cycle.message)  // quotes, <, & and newline survive
        #expect(odd.failures[0].body.contains("note: Other.session holds Session & <friends>"))
        #expect(collector.cases.first { $0.name == "Sources/Clean.swift" }?.failures.isEmpty == true)
        #expect(collector.suites.first?["tests"] == "4")
        #expect(collector.suites.first?["failures"] == "3")
    }
}
