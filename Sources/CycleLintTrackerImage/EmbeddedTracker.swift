import Foundation

/// The tracker library (`libCycleLintTracker.so`) compiled into this module at build time by
/// `EmbedTrackerPlugin`, so that a `cyclelint` executable needs no file next to it.
///
/// `LD_PRELOAD` needs a file, so the first use writes the bytes once to a cache folder, under a
/// name with their content hash: different builds never share a file, and a run reuses the file
/// an earlier run wrote. Writing goes to a unique temporary name in the same folder, then
/// `rename(2)`s it into place, which is atomic: runs that start at once each find either no file
/// or the whole one, never a partial one. An existing file is used only when its bytes are the
/// embedded ones (else it is replaced the same way).
public enum EmbeddedTracker {
    /// The hex content hash (64-bit FNV-1a) of the embedded library.
    public static var contentHash: String { trackerImageHash }

    /// The library's bytes.
    public static var bytes: Data { Data(base64Encoded: trackerImageBase64) ?? Data() }

    /// Cache folders tried in order: `$CYCLELINT_CACHE_DIR`, `$XDG_CACHE_HOME/cyclelint`,
    /// `~/.cache/cyclelint`, then a per-user folder in the temporary directory.
    public static func cacheDirectories(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var folders: [String] = []
        if let explicit = environment["CYCLELINT_CACHE_DIR"], !explicit.isEmpty { folders.append(explicit) }
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { folders.append(xdg + "/cyclelint") }
        if let home = environment["HOME"], home.hasPrefix("/") { folders.append(home + "/.cache/cyclelint") }
        let temporary = (environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp")
        folders.append(temporary + "/cyclelint-\(getuid())")
        return folders
    }

    /// The path of the library in the first usable cache folder, written there if needed.
    /// Throws with every folder's reason when none can hold it.
    public static func install(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let image = bytes
        guard !image.isEmpty else { throw EmbeddedTrackerError(reasons: ["the embedded tracker image is empty"]) }
        var reasons: [String] = []
        for folder in cacheDirectories(environment: environment) {
            do {
                return try install(image, in: folder)
            } catch {
                reasons.append("\(folder): \(error)")
            }
        }
        throw EmbeddedTrackerError(reasons: reasons)
    }

    static func install(_ image: Data, in folder: String) throws -> String {
        let path = folder + "/libCycleLintTracker-\(contentHash).so"
        if FileManager.default.contents(atPath: path) == image { return path }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let temporary = folder + "/.libCycleLintTracker-\(contentHash)-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: image, attributes: [.posixPermissions: 0o755]) else {
            throw EmbeddedTrackerError(reasons: ["cannot write \(temporary)"])
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw EmbeddedTrackerError(reasons: ["cannot rename into \(path): \(reason)"])
        }
        return path
    }
}

/// Why the embedded tracker could not be written to any cache folder.
public struct EmbeddedTrackerError: Error, CustomStringConvertible {
    public var reasons: [String]
    public var description: String { reasons.joined(separator: "; ") }
}
