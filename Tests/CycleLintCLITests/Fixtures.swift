import CycleLintKit
import Foundation

/// Hand-built findings shaped like the engine's: a three-edge cycle, with odd characters in
/// the path and message to exercise every reporter's escaping.
enum Fixtures {
    static let cwd = "/work/project"

    /// `Session.onClose → closure → captures self`, in a file whose name has a space, a comma,
    /// a colon, a percent sign and an ampersand.
    static let oddFile = "Sources/App Core/Sess,ion:100%&<x>.swift"

    static var cycle: Finding {
        Finding(
            ruleID: "capture-cycle", severity: .warning,
            location: SourceLocation(file: oddFile, line: 9, column: 19),
            message: "closure stored in 'onClose' captures 'self' strongly: 100% \"leaky\", <never> freed\nsecond line",
            path: [
                PathStep(location: SourceLocation(file: oddFile, line: 3, column: 9),
                         description: "Session.onClose holds closure"),
                PathStep(location: SourceLocation(file: oddFile, line: 8, column: 19),
                         description: "closure (Sess,ion:100%.swift:8) captures self"),
                PathStep(location: SourceLocation(file: "Sources/Other.swift", line: 2, column: 5),
                         description: "Other.session holds Session & <friends>"),
            ],
            fingerprint: "capture-cycle|Session.onClose|closure|Sess,ion")
    }

    static var error: Finding {
        Finding(ruleID: "backref-cycle", severity: .error,
                location: SourceLocation(file: "Sources/Other.swift", line: 12, column: 5),
                message: "Parent.child and Child.parent are both strong",
                path: [PathStep(location: SourceLocation(file: "Sources/Other.swift", line: 4, column: 5),
                                description: "Parent.child holds Child"),
                       PathStep(location: SourceLocation(file: "Sources/Other.swift", line: 12, column: 5),
                                description: "Child.parent holds Parent")],
                fingerprint: "backref-cycle|Parent.child|Child.parent")
    }

    static var note: Finding {
        Finding(ruleID: "task-retention", severity: .note,
                location: SourceLocation(file: "/outside/Elsewhere.swift", line: 1, column: 1),
                message: "type-level cycle without instance evidence", path: [],
                fingerprint: "task-retention|Elsewhere")
    }

    static var report: CheckReport {
        CheckReport(findings: [cycle, error, note],
                    diagnostics: [diagnostic(file: "Sources/Broken.swift", message: "not valid UTF-8")],
                    filesAnalyzed: 4, files: [oddFile, "Sources/Other.swift", "Sources/Clean.swift"],
                    suppressedCount: 2, baselinedCount: 1)
    }

    /// `InputDiagnostic` has no public initialiser; it is Codable, so decode one.
    static func diagnostic(file: String, message: String) -> InputDiagnostic {
        let json = try! JSONSerialization.data(withJSONObject: ["file": file, "message": message])
        return try! JSONDecoder().decode(InputDiagnostic.self, from: json)
    }

    static var options: ReportOptions { ReportOptions(basePath: cwd, workingDirectory: cwd) }

    /// Rule ids of DESIGN.md's catalog, for configuration tests independent of the registry.
    static let catalog = ["capture-cycle", "backref-cycle", "stored-error-cycle", "retained-after-close",
                          "task-retention", "observer-retention", "global-retention", "unbounded-buffer",
                          "continuation-leak", "unchecked-sendable", "unused-suppression"]

    /// A fresh empty folder under the temporary directory (resolved, no symlinks).
    static func temporaryDirectory() throws -> String {
        let base = URL(fileURLWithPath: NSTemporaryDirectory()).resolvingSymlinksInPath()
        let url = base.appendingPathComponent("cyclelint-cli-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    static func write(_ text: String, to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Parses JSON text into Foundation objects.
    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }
}
