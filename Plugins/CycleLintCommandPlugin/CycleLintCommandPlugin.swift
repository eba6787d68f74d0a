import Foundation
import PackagePlugin

/// `swift package cyclelint [--target NAME ...] [check options]`: runs `cyclelint check` on
/// the source folders of the package's Swift targets (all of them unless `--target` picks
/// some). Every other argument is passed to `check`, e.g. `--format sarif --output out.sarif`.
/// The facts cache is kept in the plugin's work folder unless `--cache-path` or `--no-cache`
/// is given.
@main
struct CycleLintCommandPlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        let names = extractor.extractOption(named: "target")
        let targets = names.isEmpty
            ? context.package.targets
            : try context.package.targets(named: names)
        let folders = targets.compactMap { $0.sourceModule }
            .filter { $0.kind != .test || !names.isEmpty }  // tests only when named
            .map { $0.directoryURL.path }
        guard !folders.isEmpty else {
            Diagnostics.error("no Swift source targets to check")
            return
        }
        let tool = try context.tool(named: "cyclelint")
        let process = Process()
        process.executableURL = tool.url
        process.currentDirectoryURL = context.package.directoryURL
        var arguments = extractor.remainingArguments
        if !arguments.contains(where: { $0 == "--no-cache" || $0.hasPrefix("--cache-path") }) {
            // The plugin's own folder: the only one the macOS sandbox lets it write.
            arguments += ["--cache-path", context.pluginWorkDirectoryURL.appending(path: "facts-cache").path]
        }
        process.arguments = ["check"] + arguments + folders
        try process.run()
        process.waitUntilExit()
        switch process.terminationStatus {
        case 0: break
        case 1: Diagnostics.error("cyclelint found reference cycles")
        default: Diagnostics.error("cyclelint failed with exit status \(process.terminationStatus)")
        }
    }
}
