import PackagePlugin

/// Embeds the package's top-level `rules/*.yml` packs into `CycleLintKit` as Swift string
/// literals, so the built-in API knowledge ships inside every binary and `rules/` stays the
/// only source of truth.
@main
struct EmbedRulePacks: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let rulesDirectory = context.package.directoryURL.appending(path: "rules")
        let packs = try FileManager.default.contentsOfDirectory(atPath: rulesDirectory.path)
            .filter { $0.hasSuffix(".yml") }
            .sorted()
            .map { rulesDirectory.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "BuiltinRulePacks.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(packs.count) rule packs",
                executable: try context.tool(named: "EmbedRulePacksTool").url,
                arguments: [output.path] + packs.map(\.path),
                inputFiles: packs,
                outputFiles: [output]
            )
        ]
    }
}

import Foundation
