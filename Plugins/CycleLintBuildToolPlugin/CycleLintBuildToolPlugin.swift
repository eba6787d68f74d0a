import PackagePlugin

/// Runs `cyclelint check` on each Swift target as part of the build. Findings are printed in
/// the compiler's `file:line:column: warning:` form, so Xcode and IDEs show them as build
/// diagnostics; findings of severity `error` fail the build. The command reruns only when the
/// target's sources or the package's `.cyclelint.yml` change; then only the changed files are
/// parsed again (the facts cache is in the plugin's work folder, which the sandbox allows).
@main
struct CycleLintBuildToolPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let module = target.sourceModule else { return [] }
        let sources = module.sourceFiles(withSuffix: "swift").map(\.url)
        guard !sources.isEmpty else { return [] }
        let configuration = context.package.directoryURL.appending(path: ".cyclelint.yml")
        // The command needs an output for the build system to schedule it. Any output that is
        // not Swift would become a resource of the target (and give it a resource bundle), so
        // the stamp is an empty Swift file, which compiles to nothing.
        let stamp = context.pluginWorkDirectoryURL.appending(path: "\(target.name)CycleLintStamp.swift")
        var inputs = sources
        if FileManager.default.fileExists(atPath: configuration.path) { inputs.append(configuration) }
        return [
            .buildCommand(
                displayName: "cyclelint \(target.name)",
                executable: try context.tool(named: "cyclelint").url,
                arguments: ["check", "--quiet", "--color", "never", "--fail-on", "error",
                            "--cache-path", context.pluginWorkDirectoryURL.appending(path: "facts-cache").path,
                            "--stamp", stamp.path] + sources.map(\.path),
                inputFiles: inputs + [try context.tool(named: "cyclelint").url],
                outputFiles: [stamp])
        ]
    }
}

import Foundation
