import CycleLintRuntime
import Foundation

/// The two test frameworks a SwiftPM test binary runs, one after the other (as `swift test` does).
enum TestFramework: String, CaseIterable {
    case xctest = "XCTest"
    case swiftTesting = "Swift Testing"
}

/// Runs a package's test binary under the tracker, once per framework, and reports per test the
/// objects it leaked, attributed by allocation stacks (`TestAttribution`).
struct PackageTestRun {
    var binary: String
    var trackerPath: String
    /// Seconds one framework's run may take before it is killed and reported as hanging.
    var timeout: Double
    /// Regular expressions over test names (`Module.Suite/test`); empty: every test.
    var filters: [String]

    /// What one framework's run showed.
    struct Result {
        var tests: [VerifyReport.TestResult] = []
        var problems: [VerifyReport.Problem] = []
        /// Cycles among leaked objects and task retentions, with the test that made them when
        /// known, for matching findings.
        var cycles: [(test: String?, cycle: LeakReport.Cycle)] = []
        var allocatedTypes: Set<String> = []
    }

    /// The binary's tests for `framework`, as `--list-tests` names them, after the filters.
    func listTests(_ framework: TestFramework) throws -> [String] {
        let arguments = framework == .xctest ? ["--list-tests"] : ["--testing-library", "swift-testing", "--list-tests"]
        let listed = VerifyRunner.shell([binary] + arguments, timeout: 120)
        guard listed.status == 0 else {
            throw VerifyFailure(kind: "build", message: "\(binary) \(arguments.joined(separator: " ")) failed: \(listed.output.suffix(400))")
        }
        // Swift Testing names are functions (`Suite/test()`), XCTest names are not; a binary built
        // without Swift Testing answers the Swift Testing listing with its XCTest tests.
        let names = listed.output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.contains(" ") && $0.contains(".") && $0.contains("(") == (framework == .swiftTesting) }
        let expressions = try filters.map { try Regex($0) }
        return names.filter { name in expressions.isEmpty || expressions.contains { name.contains($0) } }
    }

    func run(_ framework: TestFramework, tests: [String]) -> Result {
        var result = Result()
        guard !tests.isEmpty else { return result }
        let workspace = FileManager.default.temporaryDirectory.appendingPathComponent("cyclelint-verify-\(getpid())-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: workspace) }
        let outputPath = workspace.appendingPathComponent("output.txt").path
        let eventsPath = workspace.appendingPathComponent("events.jsonl").path
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        let output = FileHandle(forWritingAtPath: outputPath)

        var runner = TraceRunner(trackerPath: trackerPath)
        runner.timeout = timeout
        runner.snapshotOnCrash = true
        runner.standardOutput = output
        runner.standardError = output
        var arguments: [String]
        switch framework {
        case .xctest:
            // XCTest runs the tests named, comma-separated, by its argument (all when none is).
            arguments = filters.isEmpty ? [] : [tests.joined(separator: ",")]
        case .swiftTesting:
            arguments = ["--testing-library", "swift-testing", "--no-parallel",
                         "--event-stream-output-path", eventsPath, "--event-stream-version", "0"]
            for filter in filters { arguments += ["--filter", filter] }
        }
        let traced = runner.run(binary, arguments)
        try? output?.close()
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let progress = framework == .xctest ? Self.xctestProgress(text, tests: tests)
            : Self.swiftTestingProgress((try? String(contentsOfFile: eventsPath, encoding: .utf8)) ?? "")

        let report = traced.report
        if !report.active {
            result.problems.append(.init(kind: "tracker", message: "\(framework.rawValue): tracker inactive: \(report.error ?? "no report")"))
            return result
        }
        switch traced.outcome {
        case .exited: break
        case .timedOut(let seconds):
            result.problems.append(.init(kind: "hang", message: "\(framework.rawValue) tests timed out after \(Int(seconds)) s"
                                         + Self.running(progress)))
        case .signaled(let signal):
            result.problems.append(.init(kind: "crash", message: "\(framework.rawValue) tests crashed (signal \(signal))"
                                         + Self.running(progress)))
        case .failedToStart(let reason):
            result.problems.append(.init(kind: "crash", message: "\(framework.rawValue) tests could not start: \(reason)"))
            return result
        }
        if report.final == nil {
            result.problems.append(.init(kind: "crash", message: "\(framework.rawValue): no heap snapshot was written; leaks are unknown"))
            return result
        }
        let analysis = HeapAnalysis(graph: report.graph)
        let attribution = TestAttribution(tests: tests)
        let owners = attribution.attribute(report, analysis: analysis, symbolicator: Symbolicator())
        let frameworkLeaks = Self.frameworkHeld(report, analysis: analysis, attributed: owners)
        let perTest = analysis.reports { index in
            frameworkLeaks.contains(index) ? nil : owners[index] ?? (analysis.isGarbage[index] ? Self.outsideTests : nil)
        }
        // A test that did not finish (it crashed or hung) is reported in problems, not as a result.
        let progressUnknown = progress.started.isEmpty && traced.outcome.isExit
        for test in tests where progress.finished.contains(test) || progressUnknown {
            let leaks = perTest[test] ?? LeakReport()
            result.tests.append(.init(name: test, leaked: leaks.leaked, cycles: leaks.cycles))
        }
        if let outside = perTest[Self.outsideTests], !outside.isClean {
            result.problems.append(.init(kind: "leak-outside-tests",
                                         message: "\(framework.rawValue): leaked objects allocated outside any test function (or deeper than the recorded stack): "
                                         + outside.description.replacingOccurrences(of: "\n", with: " ")))
        }
        // Alive, not garbage: objects a test left to a task that loops forever with nothing else
        // holding them (a retention through a running task, not a garbage cycle).
        let retentions = analysis.taskRetentions()
        let retained = attribution.attribute(report, analysis: analysis, indices: retentions.flatMap(\.members),
                                             symbolicator: Symbolicator())
        for (cycle, members) in retentions {
            let owners = Set(members.compactMap { retained[$0] }).sorted()
            guard !owners.isEmpty else { continue }
            result.problems.append(.init(kind: "task-retention", message: "\(owners.joined(separator: ", ")): kept alive by a running task: \(cycle.pathDescription)"))
            result.cycles += owners.map { (test: Optional($0), cycle: cycle) }
        }
        for (test, leaks) in perTest.sorted(by: { $0.key < $1.key }) {
            result.cycles += leaks.cycles.map { (test == Self.outsideTests ? nil : test, $0) }
        }
        result.allocatedTypes = report.allocatedTypes
        return result
    }

    static let outsideTests = "\u{0}outside"

    /// Garbage the test frameworks leak themselves, and what it holds: objects allocated under
    /// XCTest or Swift Testing with no test function on their stack (swift-corelibs-xctest keeps
    /// each XCTestCase and its XCTestRun in a cycle, so whatever a test case's properties hold
    /// stays too). Not the tests' leaks, so not reported.
    static func frameworkHeld(_ report: TraceReport, analysis: HeapAnalysis, attributed: [Int: String]) -> Set<Int> {
        let objects = report.graph.objects
        func underFramework(_ site: UInt32) -> Bool {
            (report.siteFrames[site] ?? []).contains { address in
                guard let module = report.frames[address]?.module.split(separator: "/").last else { return false }
                return module.hasPrefix("libXCTest") || module.hasPrefix("libTesting")
            }
        }
        var held = Set<Int>()
        var work = objects.indices.filter { analysis.isGarbage[$0] && attributed[$0] == nil && underFramework(objects[$0].site) }
        held.formUnion(work)
        var outgoing: [Int: [Int]] = [:]
        for edge in report.graph.edges where analysis.isGarbage[edge.from] { outgoing[edge.from, default: []].append(edge.to) }
        while let index = work.popLast() {
            for target in outgoing[index] ?? [] where analysis.isGarbage[target] && held.insert(target).inserted { work.append(target) }
        }
        return held
    }

    /// Tests that started, and those that finished, according to the run's own output.
    struct Progress {
        var started: [String] = []
        var finished: Set<String> = []
    }

    private static func running(_ progress: Progress) -> String {
        let unfinished = progress.started.filter { !progress.finished.contains($0) }
        return unfinished.isEmpty ? "" : " while running " + unfinished.joined(separator: ", ")
    }

    /// XCTest prints `Test Case 'Class.method' started at …` and `… passed|failed|skipped (…)`.
    static func xctestProgress(_ output: String, tests: [String]) -> Progress {
        var byShortName: [String: String] = [:]
        for test in tests {
            // `Module.Class/method` → `Class.method`
            let short = String(test.split(separator: ".", maxSplits: 1).last ?? Substring(test)).replacingOccurrences(of: "/", with: ".")
            byShortName[short] = test
        }
        var progress = Progress()
        for line in output.split(separator: "\n") where line.hasPrefix("Test Case '") {
            let rest = line.dropFirst("Test Case '".count)
            guard let quote = rest.firstIndex(of: "'"), let test = byShortName[String(rest[..<quote])] else { continue }
            let verb = rest[rest.index(after: quote)...]
            if verb.hasPrefix(" started") { progress.started.append(test) } else { progress.finished.insert(test) }
        }
        return progress
    }

    /// Swift Testing's event stream: `testStarted` / `testEnded` events with the test's id
    /// (`Module.Suite/test()/File.swift:line:column`).
    static func swiftTestingProgress(_ events: String) -> Progress {
        var progress = Progress()
        for line in events.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let payload = object["payload"] as? [String: Any], let kind = payload["kind"] as? String,
                  let id = payload["testID"] as? String, kind == "testStarted" || kind == "testEnded" else { continue }
            let name = listedName(ofTestID: id)
            guard name.contains("(") else { continue }   // suites
            if kind == "testStarted" { progress.started.append(name) } else { progress.finished.insert(name) }
        }
        return progress
    }

    /// A Swift Testing id without its trailing source location component.
    static func listedName(ofTestID id: String) -> String {
        guard let slash = id.lastIndex(of: "/") else { return id }
        let last = id[id.index(after: slash)...]
        let parts = last.split(separator: ":")
        if parts.count == 3, parts[0].hasSuffix(".swift"), Int(parts[1]) != nil, Int(parts[2]) != nil {
            return String(id[..<slash])
        }
        return id
    }
}

extension TraceRunner.Outcome {
    var isExit: Bool {
        if case .exited = self { return true }
        return false
    }
}

/// A verify step that failed in a way the report states as a problem of `kind`.
struct VerifyFailure: Error {
    var kind: String
    var message: String
}
