import CycleLintKit
import Foundation
import Testing

/// "A handler passed to `EventBus.on` keeps self": a custom rule written against the public API
/// only (no `@testable`), as a user's package would.
private struct EventBusRule: Rule {
    let description = RuleDescription(
        id: "event-bus-self", name: "EventBus handler keeps self",
        summary: "A handler passed to EventBus.on captures self strongly; the bus keeps it forever.",
        rationale: "EventBus keeps every handler until the process ends.",
        fix: "Capture [weak self].",
        triggeringExamples: [
            """
            final class Screen {
                let bus: EventBus
                init(bus: EventBus) {
                    self.bus = bus
                    ↓bus.on { self.refresh() }
                }
                func refresh() {}
            }
            """,
            """
            final class Screen {
                func start() { ↓EventBus.shared.on(refresh) }
                func refresh() {}
            }
            """,
        ],
        nonTriggeringExamples: [
            """
            final class Screen {
                let bus: EventBus
                init(bus: EventBus) {
                    self.bus = bus
                    bus.on { [weak self] in self?.refresh() }
                }
                func refresh() {}
            }
            """,
            """
            final class Screen {
                let queue: OtherQueue
                init(queue: OtherQueue) {
                    self.queue = queue
                    queue.on { self.refresh() }
                }
                func refresh() {}
            }
            """,
        ])

    func check(_ context: RuleContext) -> [Finding] {
        context.calls(to: "EventBus.on(_:)").compactMap { site in
            guard let capture = site.strongSelfCapture else { return nil }
            return context.finding(description, at: site.call.location, message: "EventBus.on keeps a handler that captures self",
                                   path: [PathStep(location: capture, description: "the handler captures self")],
                                   components: [site.body.ownerType ?? "", site.body.name])
        }
    }
}

/// The bus the examples call; declared in every analysed project.
private let busSource = """
    final class EventBus {
        static let shared = EventBus()
        func on(_ handler: @escaping () -> Void) {}
    }
    final class OtherQueue {
        func on(_ handler: @escaping () -> Void) {}
    }
    """

/// Reports every retention whose context type is `Session`, claiming it.
private struct SessionRule: Rule {
    let description = RuleDescription(id: "session-rule", name: "Session", summary: "Session retentions.", rationale: "",
                                      fix: "", triggeringExamples: [], nonTriggeringExamples: [])
    func check(_ context: RuleContext) -> [Finding] {
        context.report(description, where: { $0.contextType == "Session" }) { "session keeps itself: \($0.summary)" }
    }
}

/// Drops capture-cycle findings in `*Controller.swift` files and makes backref-cycle an error.
private struct ReviewRule: Rule {
    let description = RuleDescription(id: "review-rule", name: "Review", summary: "Re-grades.", rationale: "", fix: "",
                                      triggeringExamples: [], nonTriggeringExamples: [])
    func check(_ context: RuleContext) -> [Finding] { [] }
    func review(_ findings: [Finding], context: RuleContext) -> [Finding] {
        findings.compactMap { finding in
            if finding.ruleID == "capture-cycle" && finding.location.file.hasSuffix("Controller.swift") { return nil }
            var finding = finding
            if finding.ruleID == "backref-cycle" { finding.severity = .error }
            return finding
        }
    }
}

/// Knows that `ExternalBus.deliver(_:)` keeps its closure: an edge the engine cannot see.
private struct BusKnowledgeRule: Rule {
    let description = RuleDescription(id: "bus-knowledge", name: "Bus knowledge", summary: "Adds knowledge.", rationale: "",
                                      fix: "", triggeringExamples: [], nonTriggeringExamples: [])
    var knowledge: [APIRetentionEntry] {
        [APIRetentionEntry(typeName: "ExternalBus", methodName: "deliver", labels: [nil], retention: .retainedByReceiver,
                           source: "BusKnowledgeRule")]
    }
    func check(_ context: RuleContext) -> [Finding] { [] }
}

@Suite("Custom rules")
struct CustomRuleTests {
    static let session = """
        final class Session {
            var handler: (() -> Void)?
            func start() { handler = { self.work() } }
            func work() {}
        }
        """

    @Test("a custom rule reports what it finds, at the call, with its path")
    func customRuleFinds() throws {
        let source = """
            final class Screen {
                let bus = EventBus()
                func start() {
                    bus.on { print("x"); self.refresh() }
                    bus.on { [weak self] in self?.refresh() }
                }
                func refresh() {}
            }
            """
        let result = try CycleLint.check(sources: [("Bus.swift", busSource), ("Screen.swift", source)],
                                         options: AnalysisOptions(extraRules: [EventBusRule()]))
        let found = result.findings.filter { $0.ruleID == "event-bus-self" }
        #expect(found.map(\.location.description) == ["Screen.swift:4:9"])
        #expect(found.first?.path.map(\.location.description) == ["Screen.swift:4:30"])
        #expect(found.first?.severity == .warning)
        // Without the rule nothing reports the handler (the bus's `on` only receives it).
        #expect(try CycleLint.check(sources: [("Bus.swift", busSource), ("Screen.swift", source)]).findings.isEmpty)
    }

    @Test("custom rules run before the built-in rules and can claim their retentions")
    func customRuleClaims() throws {
        #expect(try findings(Self.session).map(\.ruleID) == ["capture-cycle"])
        let custom = try findings([("S.swift", Self.session)], options: AnalysisOptions(extraRules: [SessionRule()]))
        #expect(custom.map(\.ruleID) == ["session-rule"])
        #expect(custom.first?.message.hasPrefix("session keeps itself: Session") == true)
    }

    @Test("severity overrides and disabled_rules apply to custom rules")
    func optionsApply() throws {
        var options = AnalysisOptions(severityOverrides: ["session-rule": .error], extraRules: [SessionRule()])
        #expect(try findings([("S.swift", Self.session)], options: options).map(\.severity) == [.error])
        options.disabledRules = ["session-rule"]
        // Disabled, it still claims the cycle, as disabled built-in rules do.
        #expect(try findings([("S.swift", Self.session)], options: options).isEmpty)
    }

    @Test("review filters and re-grades built-in findings")
    func reviewFilters() throws {
        let backref = """
            final class Parent {
                let child = Child()
                func adopt() { child.parent = self }
            }
            final class Child { var parent: Parent? }
            """
        let sources = [("LoginController.swift", Self.session), ("Other.swift", Self.session.replacingOccurrences(of: "Session", with: "Other")),
                       ("Tree.swift", backref)]
        let plain = try findings(sources)
        #expect(plain.map(\.ruleID).sorted() == ["backref-cycle", "capture-cycle", "capture-cycle"])
        let reviewed = try findings(sources, options: AnalysisOptions(extraRules: [ReviewRule()]))
        #expect(reviewed.map(\.location.file).sorted() == ["Other.swift", "Tree.swift"])
        #expect(reviewed.first { $0.ruleID == "backref-cycle" }?.severity == .error)
        // A disabled rule does not review.
        let disabled = try findings(sources, options: AnalysisOptions(disabledRules: ["review-rule"], extraRules: [ReviewRule()]))
        #expect(disabled.count == 3)
    }

    @Test("a rule's knowledge adds edges the engine cannot see")
    func knowledgeAddsEdges() throws {
        let source = """
            final class Client {
                let bus = ExternalBus()
                func start() { bus.deliver { self.handle() } }
                func handle() {}
            }
            """
        #expect(try findings(source).isEmpty)
        let found = try findings([("C.swift", source)], options: AnalysisOptions(extraRules: [BusKnowledgeRule()]))
        #expect(found.map(\.ruleID) == ["capture-cycle"])
    }

    @Test("check(paths:options:rules:) adds the rules to the run")
    func checkPathsWithRules() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("custom-rule-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.session.write(to: folder.appendingPathComponent("S.swift"), atomically: true, encoding: .utf8)
        #expect(try CycleLint.check(paths: [folder.path], rules: [SessionRule()]).findings.map(\.ruleID) == ["session-rule"])
    }

    @Test("the example runner runs a custom rule's examples with the rule added")
    func exampleRunnerRunsCustomRules() {
        let withBus = EventBusRule.withPreamble(busSource)
        #expect(RuleExampleRunner.problems(of: withBus) == [])
        // Without the rule added, the built-in engine alone finds none of its triggering examples.
        #expect(RuleExampleRunner.problems(of: withBus.description).count == withBus.description.triggeringExamples.count)
    }

    @Test("the example runner reports wrong examples and misplaced markers")
    func exampleRunnerFails() {
        let rule = EventBusRule.withPreamble(busSource)
        var wrong = rule
        wrong.swapExamples()
        let problems = RuleExampleRunner.problems(of: wrong)
        #expect(problems.count == 4, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("triggering example 1 produced no event-bus-self finding") })
        #expect(problems.contains { $0.hasPrefix("non-triggering example 1 produced findings") })

        var misplaced = rule
        misplaced.moveFirstMarker()
        let moved = RuleExampleRunner.problems(of: misplaced)
        #expect(moved.count == 1 && moved[0].hasPrefix("triggering example 1: expected findings at"), "\(moved)")
    }
}

/// `EventBusRule` with its examples prefixed by the bus declaration, so each example is a
/// whole project; and ways to break its examples.
private struct PreambledRule: Rule {
    var description: RuleDescription
    let base: EventBusRule
    func check(_ context: RuleContext) -> [Finding] { base.check(context) }

    mutating func swapExamples() {
        description = RuleDescription(id: description.id, name: description.name, summary: description.summary,
                                      rationale: description.rationale, fix: description.fix,
                                      triggeringExamples: description.nonTriggeringExamples,
                                      nonTriggeringExamples: description.triggeringExamples)
    }

    mutating func moveFirstMarker() {
        var triggering = description.triggeringExamples
        triggering[0] = triggering[0].replacingOccurrences(of: "↓bus.on", with: "bus.↓on")
        description = RuleDescription(id: description.id, name: description.name, summary: description.summary,
                                      rationale: description.rationale, fix: description.fix,
                                      triggeringExamples: triggering, nonTriggeringExamples: description.nonTriggeringExamples)
    }
}

private extension EventBusRule {
    static func withPreamble(_ preamble: String) -> PreambledRule {
        let base = EventBusRule()
        let d = base.description
        // Appended, so the examples' marker lines keep their numbers.
        return PreambledRule(description: RuleDescription(
            id: d.id, name: d.name, summary: d.summary, rationale: d.rationale, fix: d.fix,
            triggeringExamples: d.triggeringExamples.map { $0 + "\n" + preamble },
            nonTriggeringExamples: d.nonTriggeringExamples.map { $0 + "\n" + preamble }), base: base)
    }
}
