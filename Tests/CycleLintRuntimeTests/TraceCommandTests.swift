import CycleLintRuntime
import CycleLintTrackerImage
import Foundation
import Testing

@Suite("cyclelint trace as a user runs it", .serialized)
struct TraceCommandTests {
    @Test("a copied cyclelint, alone in a folder, traces with its embedded tracker; concurrent first runs share one cache file")
    func copiedBinary() throws {
        let folder = try CyclelintExecutable.temporaryFolder("copied")
        let cache = try CyclelintExecutable.temporaryFolder("cache")
        defer { try? FileManager.default.removeItem(atPath: folder); try? FileManager.default.removeItem(atPath: cache) }
        let copy = folder + "/cyclelint"
        try FileManager.default.copyItem(atPath: try CyclelintExecutable.path(), toPath: copy)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["cyclelint"])
        let program = try ScenarioProgram.executable("-Onone")
        let results = try (0..<4).map { _ in
            try CyclelintExecutable.run(["trace", "--format", "json", "--", program, "ring"], executable: copy,
                                        environment: ["CYCLELINT_CACHE_DIR": cache])
        }
        for result in results {
            #expect(result.status == 0, "\(result.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)")
            #expect(object["active"] as? Bool == true, "\(result.stdout)")
            let cycles = try #require(object["cycles"] as? [[String: Any]])
            #expect(!cycles.isEmpty, "\(result.stdout)")
        }
        let cached = try FileManager.default.contentsOfDirectory(atPath: cache)
        #expect(cached == ["libCycleLintTracker-\(EmbeddedTracker.contentHash).so"], "\(cached)")
    }

    @Test("--format json without --output: stdout is exactly the report, the program's output goes to stderr")
    func jsonOnStandardOutput() throws {
        // The "plain" scenario prints "6" on its standard output.
        let result = try CyclelintExecutable.run(["trace", "--format", "json", "--", try ScenarioProgram.executable("-Onone"), "plain"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        #expect((object as? [String: Any])?["version"] as? Int == 1)
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("{"))
        #expect(result.stderr.split(separator: "\n").contains("6"), "\(result.stderr)")
        // Text reports leave the program's output where it was.
        let text = try CyclelintExecutable.run(["trace", "--", try ScenarioProgram.executable("-Onone"), "plain"])
        #expect(text.stdout.hasPrefix("6\n"), "\(text.stdout)")
    }

    @Test("trace --help and -h show the help; after -- every argument is the program's", arguments: ["--help", "-h"])
    func help(flag: String) throws {
        let result = try CyclelintExecutable.run(["trace", flag])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("cyclelint trace [OPTIONS] -- COMMAND [ARGS...]"), "\(result.stdout)")
        #expect(result.stdout.contains("--format"), "\(result.stdout)")
        // The scenario program exits 3 for an argument it does not know: it got `--help`.
        let passed = try CyclelintExecutable.run(["trace", "--", try ScenarioProgram.executable("-Onone"), flag])
        #expect(passed.status == 3, "\(passed.stdout) \(passed.stderr)")
        #expect(passed.stdout.contains("unknown scenario \(flag)"), "\(passed.stdout)")
    }

    @Test("a missing --tracker is a usage error")
    func missingTracker() throws {
        let result = try CyclelintExecutable.run(["trace", "--tracker", "/nonexistent/libCycleLintTracker.so", "--", "/bin/true"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent/libCycleLintTracker.so does not exist"), "\(result.stderr)")
    }
}
