import Foundation

/// Everything a run's result depends on, digested into one key for `ResultCache`:
/// - every analysed file's path and bytes, in the order of discovery (a file that cannot be
///   read counts by why not, so its diagnostic comes back the same);
/// - the problems discovery reported (broken links, unreadable folders);
/// - every `Package.swift` above an analysed file (module scoping and C include paths read
///   them) and, for C and Objective-C files, the compile databases beside those manifests and
///   the libclang that parses them (its path and version);
/// - the options that change findings: close-like methods, extra rule packs, disabled and
///   opt-in rules, severity overrides, exclusions.
///
/// Not part of it: headers outside the scanned folders and the system's (after upgrading an
/// SDK whose headers C files include, run `cyclelint cache clean`), and custom Swift rules
/// (a run with any, given or registered, is not cached).
struct RunInputs {
    let key: ContentHash

    /// The inputs of a run over `files` (as discovery found them, with its `diagnostics`) with
    /// `options`, reading the files on `jobs` threads; nil when the run cannot be cached.
    static func of(files: [String], diagnostics: [InputDiagnostic], options: AnalysisOptions, jobs: Int) -> RunInputs? {
        // Rule packs' pattern rules are data (their YAML is part of the key); Swift rules are code.
        guard options.extraRules.isEmpty, RuleRegistry.registered.allSatisfy({ $0 is PatternRule }) else { return nil }
        var parts: [[UInt8]] = [Array("cyclelint-run-v1".utf8)]
        let digests = ParallelMap.map(files, jobs: jobs) { path -> [UInt8] in
            switch SourceReader.readBytes(path) {
            case .success(let bytes): return bytes.withUnsafeBytes { ContentHash($0) }.bytes
            case .failure(let failure): return Array("unreadable: \(failure)".utf8)
            }
        }
        for (path, digest) in zip(files, digests) {
            parts.append(Array(path.utf8))
            parts.append(digest)
        }
        parts.append(Array("diagnostics".utf8))
        for diagnostic in diagnostics { parts.append(Array("\(diagnostic.file)\u{1F}\(diagnostic.message)".utf8)) }
        let clangFiles = files.filter(ClangFrontEnd.handles)
        parts.append(Array("manifests".utf8))
        for manifest in manifests(above: files, withCompileDatabases: Set(clangFiles.map(folder(of:)))) {
            parts.append(Array(manifest.utf8))
            parts.append(FileManager.default.contents(atPath: manifest).map { $0.withUnsafeBytes { ContentHash($0) }.bytes } ?? [])
        }
        if !clangFiles.isEmpty {
            parts.append(Array("libclang \(ClangFrontEnd.libraryIdentity(libraryPath: options.libclangPath))".utf8))
        }
        parts.append(Array("options".utf8))
        parts.append(Array(options.closeMethods.sorted().joined(separator: ",").utf8))
        for pack in options.extraRulePacks {
            parts.append(Array(pack.name.utf8))
            parts.append(Array(pack.yaml.utf8))
        }
        parts.append(Array(options.disabledRules.sorted().joined(separator: ",").utf8))
        parts.append(Array(options.optInRules.sorted().joined(separator: ",").utf8))
        parts.append(Array(options.severityOverrides.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            .joined(separator: ",").utf8))
        parts.append(Array(options.excludedPatterns.joined(separator: ",").utf8))
        return RunInputs(key: ContentHash(parts: parts))
    }

    /// Every `Package.swift` in a folder above one of `files`, and the compile databases beside
    /// those above `clangFolders`, sorted (each folder is looked at once).
    private static func manifests(above files: [String], withCompileDatabases clangFolders: Set<String>) -> [String] {
        var found: Set<String> = []
        var visited: Set<String> = []
        func visit(_ start: String, databases: Bool) {
            var folder = start
            while !folder.isEmpty {
                guard visited.insert(databases ? "c:" + folder : folder).inserted else { return }
                let manifest = folder == "/" ? "/Package.swift" : folder + "/Package.swift"
                if FileManager.default.fileExists(atPath: manifest) {
                    found.insert(manifest)
                    if databases {
                        for candidate in ["compile_commands.json", ".build/compile_commands.json", "build/compile_commands.json"] {
                            let path = folder + "/" + candidate
                            if FileManager.default.fileExists(atPath: path) { found.insert(path) }
                        }
                    }
                }
                guard folder != "/" else { return }
                folder = (folder as NSString).deletingLastPathComponent
            }
        }
        for file in files { visit(folder(of: file), databases: false) }
        for folder in clangFolders { visit(folder, databases: true) }
        return found.sorted()
    }

    /// The absolute folder of `path`.
    private static func folder(of path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return (URL(fileURLWithPath: absolute).standardizedFileURL.path as NSString).deletingLastPathComponent
    }
}
