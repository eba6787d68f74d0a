import CycleLintKit
import CycleLintRuntime
import Foundation

/// `cyclelint verify` on a package with tests: build them, run each framework's tests under the
/// tracker, and give each static finding its runtime status.
struct PackageVerification {
    var packagePath: String
    var trackerPath: String
    var timeout: Double
    var filters: [String]
    var skipBuild: Bool
    var log: (String) -> Void

    /// The report; `findings` nil when the static analysis is skipped.
    func run(findings: [Finding]?) -> VerifyReport {
        var report = VerifyReport()
        if !skipBuild {
            log("cyclelint verify: building \(packagePath) (swift build --build-tests)…")
            let build = VerifyRunner.shell(["swift", "build", "--build-tests", "--package-path", packagePath], timeout: 3600)
            if build.status != 0 {
                report.problems.append(.init(kind: "build", message: "swift build --build-tests failed: "
                                             + VerifyRunner.firstError(in: build.output)))
                return report
            }
        }
        let binary: String
        do {
            binary = try testBinary()
        } catch let failure as VerifyFailure {
            report.problems.append(.init(kind: failure.kind, message: failure.message))
            return report
        } catch {
            report.problems.append(.init(kind: "build", message: "\(error)"))
            return report
        }
        let run = PackageTestRun(binary: binary, trackerPath: trackerPath, timeout: timeout, filters: filters)
        var cycles: [(test: String?, cycle: LeakReport.Cycle)] = []
        var allocated = Set<String>()
        var testCount = 0
        for framework in TestFramework.allCases {
            let tests: [String]
            do {
                tests = try run.listTests(framework)
            } catch let failure as VerifyFailure {
                report.problems.append(.init(kind: failure.kind, message: failure.message))
                continue
            } catch {
                report.problems.append(.init(kind: "build", message: "\(error)"))
                continue
            }
            guard !tests.isEmpty else { continue }
            testCount += tests.count
            log("cyclelint verify: running \(tests.count) \(framework.rawValue) test\(tests.count == 1 ? "" : "s") under the tracker…")
            let result = run.run(framework, tests: tests)
            report.tests += result.tests
            report.problems += result.problems
            cycles += result.cycles
            allocated.formUnion(result.allocatedTypes.map(VerifyRunner.simpleName))
        }
        if testCount == 0 && !report.problems.contains(where: { $0.kind == "build" }) {
            report.problems.append(.init(kind: "no-tests", message: "no tests found in \(binary)"
                                         + (filters.isEmpty ? "" : " matching \(filters.joined(separator: ", "))")))
        }
        report.findings = (findings ?? []).map { Self.status(of: $0, cycles: cycles, allocated: allocated) }
        return report
    }

    /// The package's test binary (`<Package>PackageTests.xctest` in the build's bin folder).
    func testBinary() throws -> String {
        let bin = VerifyRunner.shell(["swift", "build", "--package-path", packagePath, "--show-bin-path"], timeout: 300)
        guard bin.status == 0, let folder = bin.output.split(separator: "\n").last.map(String.init) else {
            throw VerifyFailure(kind: "build", message: "swift build --show-bin-path failed: \(VerifyRunner.firstError(in: bin.output))")
        }
        let candidates = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix("PackageTests.xctest") }.sorted()
        guard let name = candidates.first else {
            throw VerifyFailure(kind: "build", message: "no test binary (*PackageTests.xctest) in \(folder)"
                                + (skipBuild ? "; build it with swift build --build-tests, or drop --skip-build" : "; does the package have test targets?"))
        }
        return folder + "/" + name
    }

    /// confirmed: a runtime cycle whose user types are all named by the finding, the type holding
    /// its first edge among them when the path names it; not-reproduced:
    /// no such cycle, but the type holding its first edge (or, when the path does not name one,
    /// a type it names) was allocated; not-exercised: not.
    static func status(of finding: Finding, cycles: [(test: String?, cycle: LeakReport.Cycle)], allocated: Set<String>) -> VerifyReport.FindingResult {
        let names = VerifyMatching.identifiers(in: finding)
        let owner = VerifyMatching.ownerType(of: finding)
        for (test, cycle) in cycles {
            let types = VerifyMatching.userTypes(of: cycle)
            guard !types.isEmpty, types.allSatisfy(names.contains), owner.map(types.contains) ?? true else { continue }
            return .init(finding, status: .confirmed, runtimePath: cycle.path,
                         evidence: cycle.pathDescription + (test.map { " (in \($0))" } ?? " (outside any test)"))
        }
        // The object holding the cycle's first edge must have existed for the cycle to form.
        if let owner, !allocated.contains(owner) {
            return .init(finding, status: .notExercised, evidence: "no test allocated \(owner), which holds the first edge")
        }
        let hit = names.intersection(allocated).sorted()
        if !hit.isEmpty {
            return .init(finding, status: .notReproduced, evidence: "\(hit.joined(separator: ", ")) allocated, nothing of it leaked")
        }
        return .init(finding, status: .notExercised, evidence: "no test allocated its types")
    }
}
