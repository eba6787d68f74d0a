import CycleLintKit
import Foundation
import Testing

/// What `cyclelint check` writes is whole or absent: a run that fails or is killed leaves the
/// previous `--output` and `--write-baseline` files intact, and a baseline that cannot be read
/// is an error (exit 2), never "no baseline".
@Suite struct OutputSafetyTests {
    static let leak = """
        final class Session {
            var onClose: (() -> Void)?
            func start() { onClose = { self.cleanup() } }
            func cleanup() {}
        }

        """

    static func project(files: Int = 1) throws -> String {
        let root = try Fixtures.temporaryDirectory()
        for index in 0..<files {
            try Fixtures.write(leak.replacingOccurrences(of: "Session", with: "Session\(index)"),
                               to: root + "/Sources/Session\(index).swift")
        }
        return root
    }

    @Test("a failing run leaves the previous report and baseline as they were")
    func failingRunKeepsOldFiles() throws {
        let root = try Self.project()
        try Fixtures.write("old report", to: root + "/report.json")
        try Fixtures.write("old baseline", to: root + "/baseline.json")
        try Fixtures.write("severity: [not, a, mapping]\n", to: root + "/.cyclelint.yml")
        let result = try CLI.run(["check", "Sources", "--format", "json", "--output", "report.json",
                                  "--write-baseline", "baseline.json"], in: root)
        #expect(result.status == 2)
        #expect(try String(contentsOfFile: root + "/report.json", encoding: .utf8) == "old report")
        #expect(try String(contentsOfFile: root + "/baseline.json", encoding: .utf8) == "old baseline")
    }

    @Test("an output path that cannot be written is exit 2 naming it, with nothing left behind")
    func unwritableOutput() throws {
        let root = try Self.project()
        for option in ["--output", "--write-baseline"] {
            let result = try CLI.run(["check", "Sources", option, "missing/out.json"], in: root)
            #expect(result.status == 2, "\(option)")
            #expect(result.stderr.contains("missing/out.json"), "\(option): \(result.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["Sources"])
    }

    @Test("a truncated baseline or one of another version is exit 2 with a message",
          arguments: [("{\"version\": 1, \"findings\": [{\"fingerprint\": \"ab", "not a cyclelint baseline"),
                      ("{\"version\": 2, \"findings\": []}", "unsupported baseline version 2"),
                      ("", "not a cyclelint baseline")])
    func unreadableBaseline(text: String, message: String) throws {
        let root = try Self.project()
        try Fixtures.write(text, to: root + "/baseline.json")
        let given = try CLI.run(["check", "Sources", "--baseline", "baseline.json"], in: root)
        #expect(given.status == 2)
        #expect(given.stderr.contains("baseline.json") && given.stderr.contains(message), "\(given.stderr)")
        try Fixtures.write("baseline: baseline.json\n", to: root + "/.cyclelint.yml")
        let configured = try CLI.run(["check", "Sources"], in: root)
        #expect(configured.status == 2)
        #expect(configured.stderr.contains(message), "\(configured.stderr)")
    }

    /// Kills runs at points spread over a run's length: whenever it dies, the report file is
    /// either the old one or a complete new one (a writer that truncated and rewrote the file in
    /// place would leave it partly written when killed during the write).
    @Test("a run killed at any point leaves the old report or a complete new one")
    func killedRun() throws {
        let root = try Self.project(files: 200)
        let reportPath = root + "/report.json"
        let arguments = ["check", "Sources", "--format", "json", "--output", "report.json", "--quiet"]
        let clock = ContinuousClock()
        let start = clock.now
        #expect(try CLI.run(arguments, in: root).status == 1)
        let runTime = clock.now - start
        let seconds = Double(runTime.components.seconds) + Double(runTime.components.attoseconds) / 1e18
        let complete = try String(contentsOfFile: reportPath, encoding: .utf8)
        for step in 1...6 {
            try Fixtures.write("old", to: reportPath)
            let process = Process()
            process.executableURL = try #require(CLI.executable)
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: root)
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: seconds * Double(step) / 6)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let text = try String(contentsOfFile: reportPath, encoding: .utf8)
            #expect(text == "old" || text == complete, "killed at step \(step): \(text.utf8.count) bytes")
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.hasPrefix(".report.json.") }
            try leftovers.forEach { try FileManager.default.removeItem(atPath: root + "/" + $0) }
        }
    }
}
