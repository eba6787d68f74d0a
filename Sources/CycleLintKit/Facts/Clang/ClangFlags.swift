import Foundation

/// The compiler arguments a C or Objective-C file is parsed with: the language (a header with
/// Objective-C is `-x objective-c`), ARC and blocks on a runtime that supports ARC on Linux
/// (`-fobjc-runtime=gnustep-2.0`), clang's resource directory for builtin headers, and include
/// paths from the SwiftPM package (`include/`, `publicHeadersPath`, `cSettings.headerSearchPath`
/// of its targets, and its `.define(…)` settings) and from a `compile_commands.json` when there is one.
struct ClangFlags {
    let resourceDirectory: String?

    func arguments(for path: String, text: String) -> [String] {
        let language = ClangPrefilter.language(of: path, text: text)
        var arguments = ["-x", language.rawValue, "-fblocks"]
        if language != .c { arguments += ["-fobjc-arc", "-fobjc-runtime=gnustep-2.0"] }
        if let resourceDirectory { arguments += ["-resource-dir", resourceDirectory] }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        arguments += ["-I", folder]
        if let package = PackageLayout.containing(path) {
            arguments += package.compileArguments(for: path)
            for include in package.includeFolders { arguments += ["-I", include] }
            for define in package.defines { arguments += ["-D", define] }
        }
        return arguments
    }
}

/// The include folders of a SwiftPM package's targets and its compile database, read once per
/// package root.
struct PackageLayout: Sendable {
    let root: String
    let includeFolders: [String]
    /// `cSettings: [.define("_GNU_SOURCE")]` of any target (as `NAME` or `NAME=VALUE`).
    let defines: [String]
    /// Include, define and language-standard arguments per absolute source path.
    private let compileDatabase: [String: [String]]

    private static let cache = LockedCache<String, PackageLayout?>()

    /// The layout of the nearest package (a folder with `Package.swift`) above `path`.
    static func containing(_ path: String) -> PackageLayout? {
        var folder = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent()
        while folder.path != "/" && !folder.path.isEmpty {
            if let cached = cache.value(for: folder.path) {
                if let cached { return cached }
            } else if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                let layout = PackageLayout(root: folder.path)
                cache.store(layout, for: folder.path)
                return layout
            }
            folder.deleteLastPathComponent()
        }
        return nil
    }

    init(root: String) {
        self.root = root
        let manifest = (try? String(contentsOfFile: root + "/Package.swift", encoding: .utf8)) ?? ""
        let declared = Self.quotedArguments(of: "publicHeadersPath:", in: manifest) + Self.quotedArguments(of: ".headerSearchPath(", in: manifest)
        var folders: [String] = []
        let sources = root + "/Sources"
        for target in ((try? FileManager.default.contentsOfDirectory(atPath: sources)) ?? []).sorted() {
            for relative in ["include"] + declared {
                let candidate = URL(fileURLWithPath: "\(sources)/\(target)/\(relative)").standardizedFileURL.path
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue,
                   !folders.contains(candidate) {
                    folders.append(candidate)
                }
            }
        }
        includeFolders = folders
        defines = Self.quotedArguments(of: ".define(", in: manifest).filter { !$0.contains(" ") }
        compileDatabase = Self.readCompileDatabase(root: root)
    }

    func compileArguments(for path: String) -> [String] {
        compileDatabase[URL(fileURLWithPath: path).standardizedFileURL.path] ?? []
    }

    /// The string literals after each occurrence of `marker`.
    private static func quotedArguments(of marker: String, in text: String) -> [String] {
        var result: [String] = []
        var rest = text[...]
        while let range = rest.range(of: marker) {
            rest = rest[range.upperBound...]
            let trimmed = rest.drop { $0 == " " }
            guard trimmed.first == "\"", let end = trimmed.dropFirst().firstIndex(of: "\"") else { continue }
            result.append(String(trimmed[trimmed.index(after: trimmed.startIndex)..<end]))
        }
        return result
    }

    /// `compile_commands.json` at the root or in `.build`: the `-I`, `-isystem`, `-D`, `-include`
    /// and `-std` arguments of each file.
    private static func readCompileDatabase(root: String) -> [String: [String]] {
        for candidate in ["compile_commands.json", ".build/compile_commands.json", "build/compile_commands.json"] {
            guard let data = FileManager.default.contents(atPath: "\(root)/\(candidate)"),
                  let entries = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else { continue }
            var result: [String: [String]] = [:]
            for entry in entries {
                guard let file = entry["file"] as? String else { continue }
                let directory = entry["directory"] as? String ?? root
                let words = (entry["arguments"] as? [String])
                    ?? (entry["command"] as? String)?.split(separator: " ").map(String.init) ?? []
                result[URL(fileURLWithPath: file, relativeTo: URL(fileURLWithPath: directory)).standardizedFileURL.path] = relevant(words, directory: directory)
            }
            return result
        }
        return [:]
    }

    private static func relevant(_ words: [String], directory: String) -> [String] {
        var result: [String] = []
        var index = 0
        while index < words.count {
            let word = words[index]
            for flag in ["-I", "-isystem", "-D", "-include"] where word.hasPrefix(flag) {
                var value = String(word.dropFirst(flag.count))
                if value.isEmpty, index + 1 < words.count {
                    index += 1
                    value = words[index]
                }
                if flag != "-D", !value.hasPrefix("/") { value = directory + "/" + value }
                result += [flag, value]
            }
            if word.hasPrefix("-std=") { result.append(word) }
            index += 1
        }
        return result
    }
}
