import Foundation
import PackagePlugin

/// Compiles the tracker's C sources (the `CTracker` target) into a shared library with the
/// toolchain's clang and embeds its bytes in the target it is applied to
/// (`CycleLintTrackerImage`), so that every `cyclelint` executable carries the library it
/// preloads into traced programs, however it was built and wherever it was copied.
@main
struct EmbedTrackerPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let tracker = try context.package.targets(named: ["CTracker"]).first?.sourceModule else {
            throw EmbedTrackerError.missingTrackerTarget
        }
        let inputs = tracker.sourceFiles.map(\.url).filter { ["c", "h"].contains($0.pathExtension) }
        let sources = inputs.filter { $0.pathExtension == "c" }
        let output = context.pluginWorkDirectoryURL.appending(path: "TrackerImageBytes.swift")
        let tool = try context.tool(named: "EmbedTrackerTool").url
        let clang = try context.tool(named: "clang").url
        return [
            .buildCommand(
                displayName: "Embedding the tracker library in \(target.name)",
                executable: tool,
                arguments: [clang.path, tracker.directoryURL.appending(path: "include").path, output.path]
                    + sources.map(\.path),
                inputFiles: inputs + [tool],
                outputFiles: [output])
        ]
    }
}

enum EmbedTrackerError: Error, CustomStringConvertible {
    case missingTrackerTarget
    var description: String { "EmbedTrackerPlugin: the package has no CTracker target" }
}
