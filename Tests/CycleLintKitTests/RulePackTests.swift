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
                                                        message: "unknown key; valid keys: api, argument, closure, kept_by, note, transient_when")) {
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

    @Test("an entry names the kept argument and its keeper by label or position, checked against the api")
    func argumentSelectors() throws {
        let entries = try RulePackLoader.load(name: "p.yml", yaml: """
        - {api: "f(_:_:)", closure: retained-by-receiver, argument: 1, kept_by: 0}
        - {api: "A.b(to:on:)", closure: retained-by-token, argument: "on"}
        """)
        #expect(entries[0].retainedArgument == .position(1))
        #expect(entries[0].keeper == .position(0))
        #expect(entries[1].retainedArgument == .label("on"))
        #expect(throws: CycleLintError.invalidRulePack(file: "p.yml", line: 1, key: "argument",
                                                        message: "'f(_:_:)' has no argument at position 2")) {
            try RulePackLoader.load(name: "p.yml", yaml: "- {api: \"f(_:_:)\", closure: transient, argument: 2}")
        }
        #expect(throws: CycleLintError.invalidRulePack(file: "p.yml", line: 1, key: "argument",
                                                        message: "'of' is not an argument label of 'A.b(to:on:)'")) {
            try RulePackLoader.load(name: "p.yml", yaml: "- {api: \"A.b(to:on:)\", closure: transient, argument: of}")
        }
        #expect(throws: CycleLintError.invalidRulePack(file: "p.yml", line: 1, key: "kept_by",
                                                        message: "'kept_by' applies to 'closure: retained-by-receiver' only")) {
            try RulePackLoader.load(name: "p.yml", yaml: "- {api: \"f(_:_:)\", closure: transient, kept_by: 0}")
        }
    }

    @Test("context entries load, and their mistakes name the line and key")
    func contextEntries() throws {
        let pack = try RulePackLoader.loadPack(name: "p.yml", yaml: """
        - {context: ChannelHandlerContext, owns: receiver, until: "handlerRemoved(context:)"}
        """)
        #expect(pack.contextOwnerships.map(\.contextType) == ["ChannelHandlerContext"])
        #expect(pack.contextOwnerships.first?.releasingMethod == "handlerRemoved")
        #expect(throws: CycleLintError.invalidRulePack(file: "p.yml", line: 1, key: "owns",
                                                        message: "unknown value 'pipeline'; valid values: receiver")) {
            try RulePackLoader.loadPack(name: "p.yml", yaml: "- {context: C, owns: pipeline, until: \"f(_:)\"}")
        }
        #expect(throws: CycleLintError.invalidRulePack(file: "p.yml", line: 1, key: "until",
                                                        message: "'C.f(_:)' is not of the form method(label:_:)")) {
            try RulePackLoader.loadPack(name: "p.yml", yaml: "- {context: C, owns: receiver, until: \"C.f(_:)\"}")
        }
        #expect(throws: CycleLintError.invalidRulePack(file: "p.yml", line: 1, key: "closure",
                                                        message: "unknown key in a context entry; valid keys: context, note, owns, receivers, until")) {
            try RulePackLoader.loadPack(name: "p.yml", yaml: "- {context: C, owns: receiver, until: \"f(_:)\", closure: transient}")
        }
    }

    @Test("a context parameter stored by the object it is passed to is a cycle until the pack's teardown method lets go")
    func contextOwnershipFromPack() throws {
        let pack = "- {context: BusContext, owns: receiver, until: \"detached(from:)\"}"
        let leak = """
        final class Listener {
            var context: BusContext?
            var bus: Bus?
            func attached(to context: BusContext) {
                self.context = context
                bus = context.bus
            }
        }
        """
        let options = AnalysisOptions(extraRulePacks: [("bus.yml", pack)])
        #expect(try CycleLint.check(sources: [("L.swift", leak)]).findings.isEmpty)
        #expect(try CycleLint.check(sources: [("L.swift", leak)], options: options).findings.map(\.ruleID) == ["backref-cycle"])
        let fixed = leak.replacingOccurrences(of: "    var bus: Bus?", with: "    var bus: Bus?\n    func detached(from context: BusContext) { self.context = nil }")
        #expect(try CycleLint.check(sources: [("L.swift", fixed)], options: options).findings.isEmpty)
    }
}
