@testable import CycleLintKit
import Foundation
import Testing

@Suite("Rule packs")
struct RulePackTests {
    private static let rulesFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("rules").path

    @Test("the embedded packs are exactly rules/*.yml")
    func embeddedPacksMatchRulesFolder() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.rulesFolder).filter { $0.hasSuffix(".yml") }.sorted()
        #expect(BuiltinRulePacks.all.map(\.name) == names,
                "run: swift run EmbedRulePacksTool Sources/CycleLintKit/Index/BuiltinRulePacks.swift rules/*.yml")
        for (name, yaml) in BuiltinRulePacks.all {
            let onDisk = try String(contentsOfFile: "\(Self.rulesFolder)/\(name)", encoding: .utf8)
            #expect(yaml + "\n" == onDisk || yaml == onDisk, "\(name) differs from rules/\(name)")
        }
    }

    @Test("every built-in pack loads")
    func builtinPacksLoad() throws {
        let knowledge = try RetentionKnowledge.load()
        #expect(knowledge.entries.count > 60)
    }

    @Test("signatures parse into type, method and labels")
    func signatureParsing() {
        let parsed = APIRetentionEntry.parseSignature("NotificationCenter.addObserver(forName:object:queue:using:)")
        #expect(parsed?.type == "NotificationCenter")
        #expect(parsed?.method == "addObserver")
        #expect(parsed?.labels == ["forName", "object", "queue", "using"])
        #expect(APIRetentionEntry.parseSignature("DispatchQueue.async(_:)")?.labels == [nil])
        #expect(APIRetentionEntry.parseSignature("not a signature") == nil)
    }

    @Test("a transient entry makes a stored-closure verdict clean; retained-by-receiver makes it a finding")
    func packChangesVerdict() throws {
        let source = """
        final class Client {
            let bus = ExternalBus()
            func start() { bus.deliver { self.handle() } }
            func handle() {}
        }
        """
        let clean = try CycleLint.check(sources: [("C.swift", source)]).findings
        #expect(clean.isEmpty)
        let retained = "- {api: \"ExternalBus.deliver(_:)\", closure: retained-by-receiver}"
        let found = try CycleLint.check(sources: [("C.swift", source)], options: AnalysisOptions(extraRulePacks: [("bus.yml", retained)])).findings
        #expect(found.map(\.ruleID) == ["capture-cycle"])

        let registering = source.replacingOccurrences(of: "deliver", with: "onEvent")
        #expect(try CycleLint.check(sources: [("C.swift", registering)]).findings.map(\.ruleID) == ["capture-cycle"])
        let transient = "- {api: \"ExternalBus.onEvent(_:)\", closure: transient}"
        let overridden = try CycleLint.check(sources: [("C.swift", registering)], options: AnalysisOptions(extraRulePacks: [("bus.yml", transient)])).findings
        #expect(overridden.isEmpty)
    }

    @Test("malformed packs name the file, line and key")
    func malformedPacks() {
        #expect(throws: CycleLintError.invalidRulePack(file: "p.yml", line: 1, key: "colsure",
                                                        message: "unknown key; valid keys: api, argument, closure, note, transient_when")) {
            try RulePackLoader.load(name: "p.yml", yaml: "- {api: \"A.b(_:)\", colsure: transient}")
        }
        #expect(throws: CycleLintError.invalidRulePack(file: "p.yml", line: 1, key: "api",
                                                        message: "'A.b' is not of the form Type.method(label:_:)")) {
            try RulePackLoader.load(name: "p.yml", yaml: "- {api: \"A.b\", closure: transient}")
        }
        #expect(throws: (any Error).self) {
            try RulePackLoader.load(name: "p.yml", yaml: "- {api: [unclosed")
        }
    }
}
