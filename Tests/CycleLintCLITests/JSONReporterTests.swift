import CycleLintKit
import Foundation
import Testing

@Suite struct JSONReporterTests {
    @Test func documentFollowsTheContract() throws {
        let output = JSONReporter().render(Fixtures.report)
        let root = try #require(try Fixtures.json(output) as? [String: Any])
        #expect(root["version"] as? Int == 1)
        let findings = try #require(root["findings"] as? [[String: Any]])
        #expect(findings.count == 3)
        let first = findings[0]
        #expect(Set(first.keys) == ["rule", "severity", "file", "line", "column", "message", "path", "fingerprint"])
        #expect(first["rule"] as? String == "capture-cycle")
        #expect(first["severity"] as? String == "warning")
        #expect(first["file"] as? String == Fixtures.oddFile)  // the path as given, not rewritten
        #expect(first["line"] as? Int == 9)
        #expect(first["column"] as? Int == 19)
        #expect(first["message"] as? String == Fixtures.cycle.message)  // quotes and newline round-trip
        #expect(first["fingerprint"] as? String == Fixtures.cycle.fingerprint)
        let path = try #require(first["path"] as? [[String: Any]])
        #expect(path.count == 3)
        #expect(Set(path[2].keys) == ["file", "line", "column", "description"])
        #expect(path[2]["file"] as? String == "Sources/Other.swift")
        #expect(path[2]["description"] as? String == "Other.session holds Session & <friends>")
        let summary = try #require(root["summary"] as? [String: Any])
        #expect(summary["findings"] as? Int == 3)
        #expect(summary["errors"] as? Int == 1)
        #expect(summary["warnings"] as? Int == 1)
        #expect(summary["notes"] as? Int == 1)
        #expect(summary["files"] as? Int == 4)
        #expect(summary["suppressed"] as? Int == 2)
        #expect(summary["baselined"] as? Int == 1)
    }

    @Test func emptyReportIsStillADocument() throws {
        let root = try #require(try Fixtures.json(JSONReporter().render(CheckReport(findings: []))) as? [String: Any])
        #expect((root["findings"] as? [Any])?.isEmpty == true)
    }
}
