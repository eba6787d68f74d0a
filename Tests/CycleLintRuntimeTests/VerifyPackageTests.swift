import Foundation
import Testing

/// `cyclelint verify` on Tests/Fixtures/VerifyFixture, a package of its own with XCTest and Swift
/// Testing tests: some leak through known cycles, the others are clean. Built once (in a copy, so
/// that its .build stays out of the repository); `verify` then finds the build up to date.
@Suite("cyclelint verify on a package's own tests", .serialized)
struct VerifyPackageTests {
    static let fixture: Result<String, Error> = Result {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/VerifyFixture").path
        let copy = try CyclelintExecutable.temporaryFolder("verify-fixture") + "/VerifyFixture"
        try FileManager.default.copyItem(atPath: source, toPath: copy)
        let build = Process()
        build.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        build.arguments = ["swift", "build", "--build-tests", "--package-path", copy]
        build.standardOutput = FileHandle.nullDevice
        try build.run()
        build.waitUntilExit()
        guard build.terminationStatus == 0 else { throw FixtureBuildFailed() }
        return copy
    }

    struct FixtureBuildFailed: Error {}

    func verify(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, report: [String: Any], stderr: String) {
        let package = try Self.fixture.get()
        let result = try CyclelintExecutable.run(["verify", "--format", "json"] + arguments + [package], environment: environment)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
                                  "stdout: \(result.stdout)\nstderr: \(result.stderr)")
        return (result.status, report, result.stderr)
    }

    /// Test name → (leaked type → count, cycle descriptions).
    func tests(in report: [String: Any]) throws -> [String: (leaked: [String: Int], cycles: [String])] {
        var result: [String: (leaked: [String: Int], cycles: [String])] = [:]
        for test in try #require(report["tests"] as? [[String: Any]]) {
            let name = try #require(test["name"] as? String)
            var leaked: [String: Int] = [:]
            for entry in try #require(test["leaked"] as? [[String: Any]]) {
                leaked[try #require(entry["type"] as? String)] = try #require(entry["count"] as? Int)
                #expect((entry["bytes"] as? Int ?? 0) > 0)
            }
            let cycles = try #require(test["cycles"] as? [[String: Any]]).map { cycle in
                ((cycle["path"] as? [[String: String]]) ?? []).map { "\($0["type"] ?? "").\($0["via"] ?? "")" }.joined(separator: " → ")
            }
            result[name] = (leaked, cycles)
        }
        return result
    }

    @Test("builds the tests, attributes each leak to the test that made it, and gives each finding its status")
    func wholePackage() throws {
        let (status, report, stderr) = try verify([])
        #expect(status == 1, "\(stderr)")
        #expect(report["version"] as? Int == 1)
        let tests = try tests(in: report)
        let leaking = Set(tests.filter { !$0.value.leaked.isEmpty }.keys)
        #expect(leaking == ["WidgetsTests.ConnectionXCTests/testOpenLeaks",
                            "WidgetsTests.FolderTests/filesPointBackAtTheirFolder()",
                            "WidgetsTests.FolderTests/connectionInAsyncTestLeaks()"], "\(tests)")
        #expect(Set(tests.keys) == leaking.union(["WidgetsTests.ConnectionXCTests/testOpenSafelyIsClean",
                                                  "WidgetsTests.ConnectionXCTests/testCacheIsClean",
                                                  "WidgetsTests.ConnectionXCTests/testSessionClearedIsClean",
                                                  "WidgetsTests.ConnectionXCTests/testZCrashesWhenAsked",
                                                  "WidgetsTests.PollerXCTests/testPollerKeepsRunning",
                                                  "WidgetsTests.FolderTests/emptyFolderIsClean()",
                                                  "WidgetsTests.freeFunctionIsClean()"]), "\(tests.keys.sorted())")
        let xctestLeak = try #require(tests["WidgetsTests.ConnectionXCTests/testOpenLeaks"])
        #expect(xctestLeak.leaked["Connection"] == 1, "\(xctestLeak)")
        #expect(xctestLeak.cycles == ["Connection.onClose"], "\(xctestLeak)")
        let folder = try #require(tests["WidgetsTests.FolderTests/filesPointBackAtTheirFolder()"])
        #expect(folder.leaked["Folder"] == 1 && folder.leaked["File"] == 2, "\(folder)")
        #expect(folder.cycles.contains { $0.contains("Folder.files") && $0.contains("File.folder") }, "\(folder)")
        #expect(folder.leaked["Connection"] == nil, "\(folder)")
        let asyncLeak = try #require(tests["WidgetsTests.FolderTests/connectionInAsyncTestLeaks()"])
        #expect(asyncLeak.leaked["Connection"] == 1 && asyncLeak.leaked.count == 1, "\(asyncLeak)")

        let findings = try #require(report["findings"] as? [[String: Any]])
        func statusOfFinding(naming type: String) -> String? {
            findings.first { ($0["message"] as? String ?? "").contains(type) }?["status"] as? String
        }
        #expect(statusOfFinding(naming: "Connection") == "confirmed", "\(findings)")
        #expect(statusOfFinding(naming: "Folder") == "confirmed" || statusOfFinding(naming: "File") == "confirmed", "\(findings)")
        #expect(statusOfFinding(naming: "Session") == "not-reproduced", "\(findings)")
        #expect(statusOfFinding(naming: "Orphan") == "not-exercised", "\(findings)")
        // Its path names Connection, which tests allocate, but no test made the Relay holding it.
        #expect(statusOfFinding(naming: "Relay") == "not-exercised", "\(findings)")
        let confirmed = try #require(findings.first { ($0["message"] as? String ?? "").contains("Connection") })
        #expect(confirmed["fingerprint"] is String && confirmed["rule"] is String && confirmed["line"] is Int)
        #expect((confirmed["runtimePath"] as? [[String: String]])?.first?["type"] == "Connection", "\(confirmed)")
        // The poller is alive, kept by its running task: reported apart from the garbage leaks.
        let problems = try #require(report["problems"] as? [[String: String]])
        #expect(problems.map { $0["kind"] ?? "" } == ["task-retention"], "\(problems)")
        #expect(problems.first?["message"]?.contains("WidgetsTests.PollerXCTests/testPollerKeepsRunning") == true, "\(problems)")
        #expect(problems.first?["message"]?.contains("Poller.task → Task") == true, "\(problems)")
    }

    @Test("check --format sarif --runtime-report gives each finding its runtime status")
    func sarifStatus() throws {
        let package = try Self.fixture.get()
        let verified = try CyclelintExecutable.run(["verify", "--skip-build", "--format", "json", package])
        let reportFile = try CyclelintExecutable.temporaryFolder("runtime-report") + "/verify.json"
        try verified.stdout.write(toFile: reportFile, atomically: true, encoding: .utf8)
        let sarif = try CyclelintExecutable.run(["check", "--format", "sarif", "--runtime-report", reportFile, "Sources"], in: package)
        #expect(sarif.status == 1, "\(sarif.stderr)")
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        let runs = try #require(log["runs"] as? [[String: Any]])
        let results = try #require(runs.first?["results"] as? [[String: Any]])
        func result(naming type: String) -> (status: String?, message: String) {
            let match = results.first { (($0["message"] as? [String: Any])?["text"] as? String ?? "").contains("\(type) →") }
            return ((match?["properties"] as? [String: Any])?["runtimeStatus"] as? String,
                    (match?["message"] as? [String: Any])?["text"] as? String ?? "")
        }
        #expect(result(naming: "Connection").status == "confirmed", "\(results)")
        #expect(result(naming: "Connection").message.hasSuffix("(confirmed at run time)"), "\(result(naming: "Connection"))")
        #expect(result(naming: "Session").status == "not-reproduced")
        #expect(result(naming: "Orphan").status == "not-exercised")
        #expect(result(naming: "Orphan").message.hasSuffix("(not exercised by the tests)"))
        let missing = try CyclelintExecutable.run(["check", "--format", "sarif", "--runtime-report", "/nonexistent.json", "Sources"], in: package)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent.json"), "\(missing.stderr)")
    }

    @Test("--filter narrows the run; a crash is reported with the tests that finished before it")
    func filterAndCrash() throws {
        let (status, report, stderr) = try verify(["--skip-build", "--filter", "ConnectionXCTests"],
                                                  environment: ["VERIFY_FIXTURE_CRASH": "1"])
        #expect(status == 1, "\(stderr)")
        let tests = try tests(in: report)
        #expect(Set(tests.keys) == ["WidgetsTests.ConnectionXCTests/testOpenLeaks",
                                    "WidgetsTests.ConnectionXCTests/testOpenSafelyIsClean",
                                    "WidgetsTests.ConnectionXCTests/testCacheIsClean",
                                    "WidgetsTests.ConnectionXCTests/testSessionClearedIsClean"], "\(tests.keys.sorted())")
        #expect(tests["WidgetsTests.ConnectionXCTests/testOpenLeaks"]?.leaked["Connection"] == 1, "\(tests)")
        let problems = try #require(report["problems"] as? [[String: String]])
        #expect(problems.contains { $0["kind"] == "crash" && ($0["message"] ?? "").contains("testZCrashesWhenAsked") }, "\(problems)")
    }

    @Test("a package that does not build is exit 2 with a build problem")
    func buildFailure() throws {
        let broken = try CyclelintExecutable.temporaryFolder("verify-broken")
        defer { try? FileManager.default.removeItem(atPath: broken) }
        try FileManager.default.createDirectory(atPath: broken + "/Sources/Broken", withIntermediateDirectories: true)
        try "// swift-tools-version: 6.1\nimport PackageDescription\nlet package = Package(name: \"Broken\", targets: [.target(name: \"Broken\")])\n"
            .write(toFile: broken + "/Package.swift", atomically: true, encoding: .utf8)
        try "let x: Int = \"not a number\"\n".write(toFile: broken + "/Sources/Broken/Broken.swift", atomically: true, encoding: .utf8)
        let result = try CyclelintExecutable.run(["verify", "--format", "json", broken])
        #expect(result.status == 2, "\(result.stdout) \(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let problems = try #require(report["problems"] as? [[String: String]])
        #expect(problems.first?["kind"] == "build", "\(problems)")
        #expect(problems.first?["message"]?.contains("error") == true, "\(problems)")
    }
}
