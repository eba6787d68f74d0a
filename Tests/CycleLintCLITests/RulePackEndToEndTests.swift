import CycleLintKit
import Foundation
import Testing

/// Rule packs named in `.cyclelint.yml` (`rule_packs`), run through the `cyclelint` process.
@Suite struct RulePackEndToEndTests {
    /// `Client` keeps a bus and hands it a closure capturing self. Whether that is a cycle
    /// depends only on what the bus does with the closure: exactly what a pack says.
    static func client(method: String) -> String {
        """
        final class Client {
            let bus = ExternalBus()
            func start() {
                bus.\(method) { self.handle() }
            }
            func handle() {}
        }

        """
    }

    /// A project with `Sources/Client.swift` and, when `pack` is given, `packs/bus.yml` named
    /// in `.cyclelint.yml`.
    static func project(method: String, pack: String?, extraConfig: String = "") throws -> String {
        let root = try Fixtures.temporaryDirectory()
        try Fixtures.write(client(method: method), to: root + "/Sources/Client.swift")
        if let pack {
            try Fixtures.write(pack, to: root + "/packs/bus.yml")
            try Fixtures.write("rule_packs: [packs/bus.yml]\n" + extraConfig, to: root + "/.cyclelint.yml")
        }
        return root
    }

    static func ruleIDs(_ result: CLI.Result) throws -> [String] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        return findings.compactMap { $0["rule"] as? String }
    }

    @Test("a transient entry in a configured pack turns a finding into a clean run")
    func transientMakesClean() throws {
        // `onEvent` looks like a registration, so without knowledge the bus is taken to keep it.
        let without = try Self.project(method: "onEvent", pack: nil)
        let before = try CLI.run(["check", "Sources", "--format", "json", "--quiet"], in: without)
        #expect(before.status == 1, "\(before.stderr)")
        #expect(try Self.ruleIDs(before) == ["capture-cycle"])

        let with = try Self.project(method: "onEvent", pack: "- {api: \"ExternalBus.onEvent(_:)\", closure: transient}\n")
        let after = try CLI.run(["check", "Sources", "--format", "json", "--quiet"], in: with)
        #expect(after.status == 0, "\(after.stdout)\n\(after.stderr)")
        #expect(try Self.ruleIDs(after).isEmpty)
    }

    @Test("a retained-by-receiver entry in a configured pack turns a clean run into a finding")
    func retainedMakesFinding() throws {
        let without = try Self.project(method: "deliver", pack: nil)
        let before = try CLI.run(["check", "Sources", "--format", "json", "--quiet"], in: without)
        #expect(before.status == 0, "\(before.stdout)\n\(before.stderr)")
        #expect(try Self.ruleIDs(before).isEmpty)

        let with = try Self.project(method: "deliver", pack: "- {api: \"ExternalBus.deliver(_:)\", closure: retained-by-receiver}\n")
        let after = try CLI.run(["check", "Sources", "--quiet"], in: with)
        #expect(after.status == 1, "\(after.stderr)")
        #expect(after.stdout.contains("Sources/Client.swift:4:"), "\(after.stdout)")
        #expect(after.stdout.contains("[capture-cycle]"), "\(after.stdout)")
    }

    @Test("a malformed pack is exit 2 naming the file, the line and the key")
    func malformedPack() throws {
        let root = try Self.project(method: "deliver", pack: """
            - {api: "ExternalBus.deliver(_:)", closure: transient}
            - api: "ExternalBus.post(_:)"
              closure: kept-somewhere

            """)
        let result = try CLI.run(["check", "Sources"], in: root)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("packs/bus.yml:3"), "\(result.stderr)")
        #expect(result.stderr.contains("key 'closure'"), "\(result.stderr)")
        #expect(result.stderr.contains("unknown retention kind 'kept-somewhere'"), "\(result.stderr)")
        for kind in ClosureRetention.allCases { #expect(result.stderr.contains(kind.rawValue)) }
    }

    @Test("a pack that is not YAML is exit 2 with the file and line")
    func brokenYAML() throws {
        let root = try Self.project(method: "deliver", pack: "- {api: \"ExternalBus.deliver(_:)\"\n- [unclosed\n")
        let result = try CLI.run(["check", "Sources"], in: root)
        #expect(result.status == 2)
        #expect(result.stderr.contains("invalid rule pack"), "\(result.stderr)")
        #expect(result.stderr.contains("packs/bus.yml:"), "\(result.stderr)")
    }

    static let patternPack = """
        - rule: bus-keeps-self
          name: ExternalBus handler keeps self
          message: "ExternalBus keeps its handlers forever; capture self weakly"
          severity: error
          call: "ExternalBus.deliver(_:)"
          when: self-captured-strongly

        """

    @Test("a pattern rule in a configured pack reports, is listed, and can be disabled")
    func patternRule() throws {
        let root = try Self.project(method: "deliver", pack: Self.patternPack)
        let result = try CLI.run(["check", "Sources", "--quiet"], in: root)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("Sources/Client.swift:4:9: error: ExternalBus keeps its handlers forever; capture self weakly [bus-keeps-self]"),
                "\(result.stdout)")
        #expect(result.stdout.contains("Sources/Client.swift:4:23: note: the closure captures self strongly"), "the capture is a path step: \(result.stdout)")

        let rules = try CLI.run(["rules"], in: root)
        #expect(rules.status == 0)
        #expect(rules.stdout.contains("bus-keeps-self"), "\(rules.stdout)")

        let sarif = try CLI.run(["check", "Sources", "--format", "sarif", "--quiet"], in: root)
        #expect(sarif.stdout.contains("\"id\" : \"bus-keeps-self\"") || sarif.stdout.contains("\"id\":\"bus-keeps-self\""),
                "the rule's metadata is in the SARIF log")

        let weak = try Self.project(method: "deliver", pack: Self.patternPack)
        try Fixtures.write(Self.client(method: "deliver").replacingOccurrences(of: "{ self.handle() }", with: "{ [weak self] in self?.handle() }"),
                           to: weak + "/Sources/Client.swift")
        #expect(try CLI.run(["check", "Sources", "--quiet"], in: weak).status == 0)

        let disabled = try Self.project(method: "deliver", pack: Self.patternPack, extraConfig: "disabled_rules: [bus-keeps-self]\n")
        let quiet = try CLI.run(["check", "Sources"], in: disabled)
        #expect(quiet.status == 0, "\(quiet.stdout)")
        #expect(!quiet.stderr.contains("unknown rule id"), "pack rule ids are known to the configuration: \(quiet.stderr)")
    }

    @Test("an unknown 'when' in a pattern rule is exit 2 naming the valid values")
    func unknownCondition() throws {
        let root = try Self.project(method: "deliver", pack: Self.patternPack.replacingOccurrences(of: "self-captured-strongly", with: "captures-self"))
        let result = try CLI.run(["check", "Sources"], in: root)
        #expect(result.status == 2)
        #expect(result.stderr.contains("packs/bus.yml:6 (key 'when'): unknown condition 'captures-self'; valid values: "
                                       + PatternCondition.allCases.map(\.rawValue).joined(separator: ", ")), "\(result.stderr)")
    }

    @Test("the executable still has trace and verify next to the library's commands")
    func subcommands() throws {
        let help = try CLI.run(["--help"], in: NSTemporaryDirectory())
        for command in ["check", "rules", "explain", "init", "baseline", "trace", "verify"] {
            #expect(help.stdout.contains("  \(command)"), "\(command) missing from: \(help.stdout)")
        }
    }
}
