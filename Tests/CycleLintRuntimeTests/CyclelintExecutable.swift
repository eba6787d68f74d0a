import Foundation

/// Runs a `cyclelint` executable (by default the one SwiftPM builds next to the test bundle) and
/// collects its exit status and both output streams.
enum CyclelintExecutable {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    struct NotBuilt: Error, CustomStringConvertible {
        var description: String { "the cyclelint executable is not next to the test bundle (swift build --build-tests builds it)" }
    }

    static func path() throws -> String {
        let folders = [Bundle.main.bundleURL.deletingLastPathComponent(), URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        for folder in folders {
            let candidate = folder.appendingPathComponent("cyclelint").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw NotBuilt()
    }

    /// Runs `executable` (default: the built one) with `arguments`; `environment` is added to this
    /// process's, without `CYCLELINT_TRACKER` so that the embedded tracker is the one used.
    static func run(_ arguments: [String], executable: String? = nil, environment: [String: String] = [:],
                    in directory: String = NSTemporaryDirectory()) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try executable ?? path())
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "CYCLELINT_TRACKER")
        env.merge(environment) { $1 }
        process.environment = env
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("cyclelint-run-\(UUID().uuidString)")
        let outFile = scratch.appendingPathExtension("out"), errFile = scratch.appendingPathExtension("err")
        _ = FileManager.default.createFile(atPath: outFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outFile); try? FileManager.default.removeItem(at: errFile) }
        let out = try FileHandle(forWritingTo: outFile), err = try FileHandle(forWritingTo: errFile)
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: try Data(contentsOf: outFile), as: UTF8.self),
                      stderr: String(decoding: try Data(contentsOf: errFile), as: UTF8.self))
    }

    /// A fresh empty folder under the temporary directory.
    static func temporaryFolder(_ label: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cyclelint-\(label)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }
}
