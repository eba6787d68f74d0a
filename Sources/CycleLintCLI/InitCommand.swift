import ArgumentParser
import CycleLintKit
import Foundation

/// `cyclelint init`: writes a commented starter `.cyclelint.yml`.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Write a commented starter .cyclelint.yml.")

    @Option(help: ArgumentHelp("Where to write it.", valueName: "file"))
    var path: String = ConfigurationLoader.fileName

    @Flag(help: "Overwrite an existing file.")
    var force = false

    func run() throws {
        if FileManager.default.fileExists(atPath: path) && !force {
            throw usageFailure("\(path) already exists (use --force to overwrite)")
        }
        let folder = ReportPaths.normalize(ReportPaths.absolute(path, against: FileManager.default.currentDirectoryPath) + "/..")
        var isDirectory: ObjCBool = false
        let hasSources = FileManager.default.fileExists(atPath: folder + "/Sources", isDirectory: &isDirectory) && isDirectory.boolValue
        do {
            try AtomicFile.write(StarterConfiguration.text(rules: RuleCatalog.all, hasSources: hasSources), to: path)
        } catch {
            throw usageFailure("cannot write \(path): \(error)")
        }
        print("Wrote \(path). Run `cyclelint check` to use it.")
    }
}
