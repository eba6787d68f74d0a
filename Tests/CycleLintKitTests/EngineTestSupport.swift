import CycleLintKit
import Foundation

/// Findings for in-memory sources, as `cyclelint check` would report them.
func findings(_ sources: [(String, String)], options: AnalysisOptions = AnalysisOptions()) throws -> [Finding] {
    try CycleLint.check(sources: sources.map { (path: $0.0, text: $0.1) }, options: options).findings
}

func findings(_ source: String) throws -> [Finding] {
    try findings([("Test.swift", source)])
}

/// A new empty folder under the temporary directory, named `cyclelint-PREFIX-<uuid>`.
func temporaryFolder(_ prefix: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("cyclelint-\(prefix)-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Writes `text` to `path`, creating its folders.
func write(_ text: String, to path: String) throws {
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try text.write(toFile: path, atomically: true, encoding: .utf8)
}
