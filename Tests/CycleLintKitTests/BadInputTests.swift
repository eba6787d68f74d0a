import CycleLintKit
import Foundation
import Testing

/// Inputs that must give a clear diagnostic or error, never a crash or a hang.
@Suite("Bad input")
struct BadInputTests {
    private let leak = """
    final class Session {
        var onClose: (() -> Void)?
        func start() { onClose = { self.cleanup() } }
        func cleanup() {}
    }

    """

    private func folder(_ files: [String: Data]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cyclelint-\(UUID().uuidString)").path
        for (name, data) in files {
            let path = root + "/" + name
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: path))
        }
        return root
    }

    @Test("a missing path is an error naming it")
    func missingPath() {
        #expect(throws: CycleLintError.pathNotFound("/no/such/place")) {
            try CycleLint.check(paths: ["/no/such/place"])
        }
    }

    @Test("invalid UTF-8 and binary files are skipped with a diagnostic; the rest is analysed")
    func undecodableFiles() throws {
        let root = try folder([
            "Latin1.swift": Data([0x6C, 0x65, 0x74, 0x20, 0x78, 0x20, 0x3D, 0x20, 0x22, 0xE9, 0x22]),
            "Binary.swift": Data([0x00, 0x01, 0x02, 0xFF]),
            "Leak.swift": Data(leak.utf8),
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try CycleLint.check(paths: [root])
        #expect(result.findings.map(\.ruleID) == ["capture-cycle"])
        let messages = Dictionary(uniqueKeysWithValues: result.diagnostics.map { (($0.file as NSString).lastPathComponent, $0.message) })
        #expect(messages["Latin1.swift"]?.contains("UTF-8") == true)
        #expect(messages["Binary.swift"]?.contains("binary") == true)
    }

    @Test("unparsable code reports the syntax errors and still analyses what parsed")
    func syntaxErrors() throws {
        let result = try CycleLint.check(sources: [("Broken.swift", leak + "func broken( { let = }\n")])
        #expect(result.findings.map(\.ruleID) == ["capture-cycle"])
        #expect(result.diagnostics.first?.message.contains("syntax error") == true)
    }

    @Test("very deep nesting neither crashes nor hangs")
    func deepNesting() throws {
        let depth = 2_000
        let nestedClosures = String(repeating: "{ ", count: depth) + String(repeating: "}() ", count: depth)
        let nestedParens = String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)
        // The parser gives up past its nesting limit; what comes before is still analysed.
        let source = leak + "let a = \(nestedClosures)\nlet b = \(nestedParens)\n"
        let result = try CycleLint.check(sources: [("Deep.swift", source)])
        #expect(result.findings.map(\.ruleID) == ["capture-cycle"])
        #expect(result.diagnostics.first?.message.contains("syntax error") == true)
    }

    @Test("a large file is analysed")
    func largeFile() throws {
        var source = ""
        for index in 0..<5_000 {
            source += "final class Type\(index) { var value = \(index); func bump() { value += 1 } }\n"
        }
        let result = try CycleLint.check(sources: [("Large.swift", source + leak)])
        #expect(result.findings.count == 1)
    }

    @Test("a symbolic link loop ends")
    func symlinkLoop() throws {
        let root = try folder(["Sources/Leak.swift": Data(leak.utf8)])
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createSymbolicLink(atPath: root + "/Sources/loop", withDestinationPath: root)
        try FileManager.default.createSymbolicLink(atPath: root + "/Sources/dangling.swift", withDestinationPath: root + "/nowhere")
        let result = try CycleLint.check(paths: [root])
        #expect(result.findings.count == 1)
        #expect(result.filesAnalyzed == 1)
        #expect(result.diagnostics.contains { $0.message.contains("broken symbolic link") })
    }

    @Test("a broken rule pack is an error with file, line and key")
    func brokenPack() {
        let pack = """
        - api: "Timer.scheduledTimer(withTimeInterval:repeats:block:)"
          closure: kept-somehow
        """
        #expect(throws: CycleLintError.invalidRulePack(
            file: "mine.yml", line: 2, key: "closure",
            message: "unknown retention kind 'kept-somehow'; valid kinds: non-escaping, transient, retained-by-token, retained-until-invalidate, retained-by-receiver, retained-forever")) {
            try CycleLint.check(sources: [], options: AnalysisOptions(extraRulePacks: [("mine.yml", pack)]))
        }
    }
}
