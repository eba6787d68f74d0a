import Foundation

/// Runs the built `cyclelint` executable, which SwiftPM puts next to the test bundle.
enum CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var executable: URL? {
        if let explicit = ProcessInfo.processInfo.environment["CYCLELINT_BINARY"] {
            return URL(fileURLWithPath: explicit)
        }
        let candidates = [Bundle.main.executableURL, URL(fileURLWithPath: CommandLine.arguments[0])]
            .compactMap { $0?.deletingLastPathComponent() }
            + [Bundle.main.bundleURL.deletingLastPathComponent()]
        for folder in candidates {
            let url = folder.appendingPathComponent("cyclelint")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    /// The default cache folder's parent for every run of the test process.
    static let cacheHome = FileManager.default.temporaryDirectory.appendingPathComponent("cyclelint-cli-cache-\(UUID().uuidString)").path

    static func run(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> Result {
        guard let executable else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "cyclelint executable"]) }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NO_COLOR")
        // The facts cache of test runs goes to a folder of their own, not the user's.
        env["XDG_CACHE_HOME"] = cacheHome
        for (key, value) in environment { env[key] = value }
        process.environment = env
        // Files rather than pipes: nothing can block however much the child writes.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("cyclelint-cli-\(UUID().uuidString)")
        let outFile = scratch.appendingPathExtension("out"), errFile = scratch.appendingPathExtension("err")
        FileManager.default.createFile(atPath: outFile.path, contents: nil)
        FileManager.default.createFile(atPath: errFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outFile); try? FileManager.default.removeItem(at: errFile) }
        let out = try FileHandle(forWritingTo: outFile), err = try FileHandle(forWritingTo: errFile)
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        let outData = try Data(contentsOf: outFile), errData = try Data(contentsOf: errFile)
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}
