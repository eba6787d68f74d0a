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
        let configuration = try loader.load(file: file)
        for warning in loader.warnings { StandardError.write(warning.description) }
        return configuration
    }
}
