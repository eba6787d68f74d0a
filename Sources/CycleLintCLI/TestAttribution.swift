import CycleLintRuntime

/// Which test allocated each leaked object: the innermost frame of its allocation stack that
/// lies in a test function (or a closure or inlined call inside one). Stacks do not depend on
/// timing, so tests that run in parallel are told apart as well as serial ones.
struct TestAttribution {
    /// Test name → the function name it has in a demangled frame.
    let keys: [(test: String, function: String)]

    init(tests: [String]) {
        keys = tests.map { ($0, Self.functionName(ofTest: $0)) }
    }

    /// `Module.Suite/test()` (Swift Testing) or `Module.Class/testMethod` (XCTest), as
    /// `--list-tests` names them, → `Suite.test()` / `Class.testMethod()`, the demangled
    /// (simplified) name of the function.
    static func functionName(ofTest name: String) -> String {
        var rest = Substring(name)
        // The module: everything before the first dot that comes before any slash or parenthesis.
        if let dot = rest.firstIndex(of: "."), rest[..<dot].allSatisfy({ $0 != "/" && $0 != "(" }) {
            rest = rest[rest.index(after: dot)...]
        }
        var function = rest.replacingOccurrences(of: "/", with: ".")
        if !function.contains("(") { function += "()" }
        return function
    }

    /// Whether the demangled `frame` is `function` itself, or a closure, thunk or partial
    /// function of it (`closure #1 in Suite.test()`, `(1) suspend resume partial function for
    /// Suite.test()`): an occurrence not preceded by part of a longer name.
    static func frame(_ frame: String, isIn function: String) -> Bool {
        var searchStart = frame.startIndex
        while let range = frame.range(of: function, range: searchStart..<frame.endIndex) {
            if range.lowerBound == frame.startIndex { return true }
            let before = frame[frame.index(before: range.lowerBound)]
            if !(before.isLetter || before.isNumber || before == "_" || before == ".") { return true }
            searchStart = frame.index(after: range.lowerBound)
        }
        return false
    }

    /// The test each of the objects `indices` (by default, the garbage) was allocated by.
    func attribute(_ report: TraceReport, analysis: HeapAnalysis, indices: [Int]? = nil,
                   symbolicator: Symbolicator) -> [Int: String] {
        let objects = report.graph.objects
        let chosen = indices ?? objects.indices.filter { analysis.isGarbage[$0] }
        let garbageSites = Set(chosen.map { objects[$0].site }.filter { $0 != 0 })
        let frames = garbageSites.flatMap { report.siteFrames[$0] ?? [] }.compactMap { report.frames[$0] }
            .filter { !TraceReport.isRuntimeModule($0.module) }
        let names = symbolicator.functionNames(frames)
        var testOfSite: [UInt32: String] = [:]
        for site in garbageSites {
            search: for address in report.siteFrames[site] ?? [] {
                guard let frame = report.frames[address], let functions = names[frame] else { continue }
                for function in functions {
                    if let key = keys.first(where: { Self.frame(function, isIn: $0.function) }) {
                        testOfSite[site] = key.test
                        break search
                    }
                }
            }
        }
        var result: [Int: String] = [:]
        for index in chosen {
            if let test = testOfSite[objects[index].site] { result[index] = test }
        }
        return result
    }
}
