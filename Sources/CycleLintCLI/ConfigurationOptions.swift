import ArgumentParser
import CycleLintKit
import Foundation

/// `--config`: which `.cyclelint.yml` to use, shared by the commands that read one.
struct ConfigurationOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Configuration file (default: the nearest .cyclelint.yml in the first path's folder or its parents).", valueName: "file"))
    var config: String?

    /// Loads the configuration (or an empty one when none is found), printing its warnings.
    func load(paths: [String], quiet: Bool = false) throws -> Configuration {
        let cwd = FileManager.default.currentDirectoryPath
        let file: String
        if let config {
            file = ReportPaths.absolute(config, against: cwd)
        } else {
            let start = ReportPaths.absolute(paths.first ?? ".", against: cwd)
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: start, isDirectory: &isDirectory)
            let folder = exists && !isDirectory.boolValue ? ReportPaths.normalize(start + "/..") : start
            guard let found = ConfigurationLoader.find(startingAt: folder) else { return Configuration() }
            file = found
        }
        var loader = ConfigurationLoader()
        var configuration = try loader.load(file: file)
        if !configuration.rulePacks.isEmpty {
            // The packs' pattern rules become known rule ids (for `disabled_rules`, `severity`,
            // suppressions, `rules`, `explain` and SARIF metadata): register them, then read the
            // configuration again so its warnings know them too.
            RuleRegistry.register(try Self.patternRules(in: configuration.rulePacks))
            loader = ConfigurationLoader()
            configuration = try loader.load(file: file)
        }
        for warning in loader.warnings { StandardError.write(warning.description) }
        return configuration
    }

    /// The pattern rules declared in the rule pack files `packs`. Throws `CycleLintError`.
    static func patternRules(in packs: [String]) throws -> [any Rule] {
        try packs.flatMap { file -> [PatternRule] in
            let yaml: String
            do {
                yaml = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw CycleLintError.unreadablePath(file, reason: "cannot read rule pack")
            }
            return try RulePackLoader.loadPack(name: file, yaml: yaml).patternRules
        }
    }
}
