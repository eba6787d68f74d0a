import CycleLintKit
import EventBusRules
import Foundation
import Testing

@Suite("event-bus-subscription")
struct EventBusSubscriptionRuleTests {
    /// The package folder (this file is Tests/EventBusRulesTests/…).
    static let packageFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("the rule's examples behave as documented, run through the whole engine")
    func examples() {
        let problems = RuleExampleRunner.problems(of: EventBusSubscriptionRule())
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n\n"))")
    }

    @Test("it finds the leaking screen in the fixture, and only that one, claiming the engine's cycle")
    func fixture() throws {
        let fixture = Self.packageFolder.appendingPathComponent("Fixtures/App").path
        func describe(_ findings: [Finding]) -> [String] {
            findings.map { "\($0.ruleID) \(($0.location.file as NSString).lastPathComponent):\($0.location.line)" }
        }
        // The engine alone takes `on` on a bus that ProfileScreen owns for a registration the bus
        // keeps: a capture cycle. It cannot see that EventBus keeps handlers whatever owns it.
        let builtinOnly = describe(try CycleLint.check(paths: [fixture]).findings)
        #expect(builtinOnly == ["capture-cycle ProfileScreen.swift:10"])
        // With the rule: the same leak, reported once, by the rule that knows the bus; the
        // cancelled and the weak subscriptions stay clean.
        let withRule = describe(try CycleLint.check(paths: [fixture], rules: [EventBusSubscriptionRule()]).findings)
        #expect(withRule == ["event-bus-subscription ProfileScreen.swift:10"])
    }

    @Test("the team's cyclelint runs the rule from the command line")
    func executable() throws {
        let binary = try #require(Self.executable(), "build the package first: swift build")
        let process = Process()
        process.executableURL = binary
        process.arguments = ["check", "Fixtures/App", "--quiet", "--format", "json"]
        process.currentDirectoryURL = Self.packageFolder
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"rule\" : \"event-bus-subscription\"") || text.contains("\"rule\":\"event-bus-subscription\""), "\(text)")

        let rules = Process()
        rules.executableURL = binary
        rules.arguments = ["rules"]
        let listing = Pipe()
        rules.standardOutput = listing
        try rules.run()
        let table = String(decoding: listing.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        rules.waitUntilExit()
        #expect(table.contains("event-bus-subscription"), "\(table)")
        #expect(table.contains("capture-cycle"), "\(table)")
    }

    /// `team-cyclelint`, which SwiftPM builds next to the test bundle.
    static func executable() -> URL? {
        let folders = [Bundle.main.bundleURL.deletingLastPathComponent(),
                       URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        return folders.map { $0.appendingPathComponent("team-cyclelint") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}
