import CycleLintKit
import Foundation
import Testing

/// `samples/`: every `*Leak` scenario that names a rule (`// cyclelint sample: RULE`) is
/// reported by that rule, and no `*Fixed` twin is reported at all.
@Suite("Samples")
struct SamplesTests {
    private static let samples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("samples/Sources").path

    private static var scenarios: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: samples).sorted()) ?? []
    }

    @Test("leaks are reported by their rule, fixed twins are clean")
    func samplesMatchTheirRules() throws {
        let result = try CycleLint.check(paths: [Self.samples])
        #expect(result.diagnostics.isEmpty)
        var checked = 0
        for scenario in Self.scenarios {
            let source = try String(contentsOfFile: "\(Self.samples)/\(scenario)/main.swift", encoding: .utf8)
            let found = result.findings.filter { $0.location.file.contains("/\(scenario)/") }
            if scenario.hasSuffix("Fixed") {
                #expect(found.isEmpty, "\(scenario): \(found.map(\.message))")
            } else if let marker = source.range(of: "cyclelint sample: ") {
                let rule = source[marker.upperBound...].prefix { $0.isLetter || $0 == "-" }
                #expect(found.map(\.ruleID) == [String(rule)], "\(scenario)")
                checked += 1
            }
        }
        #expect(checked >= 7)
    }
}
