import CycleLintKit
import Testing

@Suite("Pattern rules in rule packs")
struct PatternRuleTests {
    static let pack = """
        # A team's own framework.
        - {api: "ExternalBus.deliver(_:)", closure: retained-by-receiver}
        - rule: bus-keeps-self
          message: "ExternalBus keeps its handlers; capture self weakly"
          severity: error
          call: "ExternalBus.deliver(_:)"
          when: self-captured-strongly
        - {rule: bus-captures, message: "captures", call: "ExternalBus.post(_:)", when: captures-strongly}

        """

    static let client = """
        final class Client {
            let bus = ExternalBus()
            func start(logger: Logger) {
                bus.deliver { self.handle() }
                bus.deliver { [weak self] in self?.handle() }
                bus.post { logger.log() }
                bus.post { print("static") }
            }
            func handle() {}
        }
        """

    @Test("a pack declares API entries and pattern rules side by side")
    func loadsBoth() throws {
        let pack = try RulePackLoader.loadPack(name: "team.yml", yaml: Self.pack)
        #expect(pack.entries.map(\.api) == ["ExternalBus.deliver(_:)"])
        #expect(pack.patternRules.map(\.description.id) == ["bus-keeps-self", "bus-captures"])
        #expect(pack.patternRules.map(\.condition) == [.selfCapturedStrongly, .capturesStrongly])
        #expect(pack.patternRules[0].description.defaultSeverity == .error)
        #expect(pack.patternRules[0].description.rationale.contains("team.yml:3"))
        #expect(try RulePackLoader.load(name: "team.yml", yaml: Self.pack).count == 1)
    }

    @Test("a pattern rule reports matching calls only, and claims the cycle through the call")
    func reports() throws {
        let found = try findings([("Client.swift", Self.client)], options: AnalysisOptions(extraRulePacks: [("team.yml", Self.pack)]))
        #expect(found.map { "\($0.ruleID) \($0.location.line):\($0.location.column) \($0.severity)" }
                == ["bus-keeps-self 4:9 error", "bus-captures 6:9 warning"])
        // Without the pattern rule, the retained-by-receiver entry makes it a capture cycle.
        let entryOnly = "- {api: \"ExternalBus.deliver(_:)\", closure: retained-by-receiver}"
        #expect(try findings([("Client.swift", Self.client)], options: AnalysisOptions(extraRulePacks: [("team.yml", entryOnly)]))
            .map(\.ruleID) == ["capture-cycle"])
        // The finding's path: the call, then the capture.
        #expect(found[0].path.map(\.location.column) == [9, 23])
    }

    @Test("a receiver of another type does not match; a subclass does")
    func matchesByType() throws {
        let source = """
            class ExternalBus { func deliver(_ h: @escaping () -> Void) {} }
            final class LocalBus: ExternalBus {}
            final class Other { func deliver(_ h: @escaping () -> Void) {} }
            final class Client {
                let local = LocalBus()
                let other = Other()
                func start() {
                    local.deliver { self.handle() }
                    other.deliver { self.handle() }
                }
                func handle() {}
            }
            """
        let pack = "- {rule: bus-keeps-self, message: m, call: \"ExternalBus.deliver(_:)\", when: self-captured-strongly}"
        let found = try findings([("C.swift", source)], options: AnalysisOptions(extraRulePacks: [("p.yml", pack)]))
        #expect(found.filter { $0.ruleID == "bus-keeps-self" }.map(\.location.line) == [8])
    }

    @Test("mistakes in pattern rules name the pack, line and key", arguments: [
        ("- {rule: r, message: m, call: \"A.b(_:)\", when: maybe}", 1, "when",
         "unknown condition 'maybe'; valid values: self-captured-strongly, captures-strongly, closure-passed"),
        ("- {rule: r, message: m, call: \"A.b(_:)\", when: closure-passed, severity: fatal}", 1, "severity",
         "unknown severity 'fatal'; valid values: note, warning, error"),
        ("- {rule: r, call: \"A.b(_:)\", when: closure-passed}", 1, "message", "missing 'message'"),
        ("- {rule: r, message: m, call: \"A.b\", when: closure-passed}", 1, "call", "'A.b' is not of the form Type.method(label:_:)"),
        ("- {rule: capture-cycle, message: m, call: \"A.b(_:)\", when: closure-passed}", 1, "rule",
         "'capture-cycle' is a built-in rule id; choose another"),
        ("- rule: r\n  message: m\n  call: \"A.b(_:)\"\n  when: closure-passed\n  closure: transient", 5, "closure",
         "unknown key in a pattern rule; valid keys: call, fix, message, name, note, rule, severity, when"),
        ("- {rule: r, message: m, call: \"A.b(_:)\", when: closure-passed}\n- {rule: r, message: n, call: \"A.c(_:)\", when: closure-passed}",
         2, "rule", "rule 'r' is already declared at line 1"),
        ("- {rule: r, message: m, call: \"A.b(_:)\"}", 1, "when",
         "missing 'when'; valid values: self-captured-strongly, captures-strongly, closure-passed"),
    ])
    func validation(yaml: String, line: Int, key: String, message: String) {
        #expect(throws: CycleLintError.invalidRulePack(file: "p.yml", line: line, key: key, message: message)) {
            try RulePackLoader.loadPack(name: "p.yml", yaml: yaml)
        }
    }

    @Test("a later pack's pattern rule replaces an earlier one with the same id")
    func laterPackWins() throws {
        let first = "- {rule: r, message: first, call: \"A.b(_:)\", when: closure-passed}"
        let second = "- {rule: r, message: second, call: \"A.b(_:)\", when: closure-passed}"
        let knowledge = try RetentionKnowledge.load(extra: [("1.yml", first), ("2.yml", second)])
        #expect(knowledge.patternRules.map(\.message) == ["second"])
    }
}
