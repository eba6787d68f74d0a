import Foundation

/// Finds the Swift (and, when asked, C and Objective-C) files to analyse under the given paths: recursive, in a stable order, skipping
/// hidden entries and build folders, following symbolic links once (a link back into a folder
/// already walked is not followed again, so link loops end).
public enum SourceDiscovery {
    /// Folder names never descended into.
    static let skippedFolders: Set<String> = [".build", "Pods", "Carthage", "DerivedData", "node_modules"]

    /// Files under `paths`, each as the given path itself or the given folder joined with the
    /// path below it (not canonicalised); a file given explicitly is taken whatever its
    /// extension. Problems with entries below a folder become `diagnostics`.
    /// Throws `CycleLintError.pathNotFound`/`.unreadablePath` for a path given explicitly.
    /// `includingClang` also finds C and Objective-C sources (`.c`, `.h`, `.m`, `.mm`).
    public static func files(under paths: [String], excluding patterns: [String] = [], includingClang: Bool = false,
                             diagnostics: inout [InputDiagnostic]) throws -> [String] {
        var result: [String] = []
        var visitedFolders: Set<String> = []
        var seenFiles: Set<String> = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CycleLintError.pathNotFound(path)
            }
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw CycleLintError.unreadablePath(path, reason: "permission denied")
            }
            if !isDirectory.boolValue {
                var status = stat()
                let identity = stat(path, &status) == 0 ? fileIdentity(status) : path
                if seenFiles.insert(identity).inserted { result.append(path) }
                continue
            }
            let root = URL(fileURLWithPath: path).standardizedFileURL.path
            let excludes = patterns.map { GlobPattern($0, relativeTo: root) }
            walk(path, excludes: excludes, includingClang: includingClang, visited: &visitedFolders, seenFiles: &seenFiles, into: &result,
                 diagnostics: &diagnostics)
        }
        return result
    }

    private static func walk(_ folder: String, excludes: [GlobPattern], includingClang: Bool, visited: inout Set<String>,
                             seenFiles: inout Set<String>, into result: inout [String],
                             diagnostics: inout [InputDiagnostic]) {
        guard visited.insert(canonicalPath(folder)).inserted else { return }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        } catch {
            diagnostics.append(InputDiagnostic(file: folder, message: "cannot read folder: \(error.localizedDescription)"))
            return
        }
        for name in entries where !name.hasPrefix(".") && !skippedFolders.contains(name) {
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            if !excludes.isEmpty {
                let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
                if excludes.contains(where: { $0.matches(absolute) }) { continue }
            }
            var status = stat()
            guard stat(path, &status) == 0 else {
                diagnostics.append(InputDiagnostic(file: path, message: "skipped: broken symbolic link"))
                continue
            }
            if status.st_mode & S_IFMT == S_IFDIR {
                walk(path, excludes: excludes, includingClang: includingClang, visited: &visited, seenFiles: &seenFiles, into: &result, diagnostics: &diagnostics)
            } else if name.hasSuffix(".swift") || (includingClang && ClangPrefilter.isClangSource(name)), seenFiles.insert(fileIdentity(status)).inserted {
                result.append(path)
            }
        }
    }

    /// The path with symbolic links resolved.
    private static func canonicalPath(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }

    /// Device and inode: the same file reached through two links is analysed once.
    private static func fileIdentity(_ status: stat) -> String {
        "\(status.st_dev):\(status.st_ino)"
    }
}
