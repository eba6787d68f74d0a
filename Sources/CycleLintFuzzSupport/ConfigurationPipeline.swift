import CycleLintKit
import Foundation

/// Arbitrary YAML through the configuration loader and the rule-pack loader, for the fuzz
/// harness: every input is accepted or rejected with a `CycleLintError` that names the file,
/// and every warning names it too. A violation is a `precondition` failure.
public enum ConfigurationPipeline {
    static let configurationFile = "/fuzz/.cyclelint.yml"
    static let packFile = "/fuzz/fuzz-pack.yml"

    /// Loads `data` as a `.cyclelint.yml` and as a rule pack (with the built-in packs).
    public static func check(_ data: Data) {
        // Both loaders are handed UTF-8 text (the CLI reports a file that is not as unreadable).
        guard let text = String(data: data, encoding: .utf8) else { return }
        var loader = ConfigurationLoader(workingDirectory: "/fuzz")
        do {
            _ = try loader.parse(text, file: configurationFile)
        } catch {
            requireNamed(error, ".cyclelint.yml")
        }
        for warning in loader.warnings {
            precondition(warning.description.contains(".cyclelint.yml"), "warning without its file: \(warning)")
        }
        do {
            _ = try RetentionKnowledge.load(extra: [(name: packFile, yaml: text)])
        } catch {
            requireNamed(error, "fuzz-pack.yml")
        }
    }

    private static func requireNamed(_ error: any Error, _ file: String) {
        guard let error = error as? CycleLintError else {
            preconditionFailure("rejected with \(type(of: error)), not a CycleLintError: \(error)")
        }
        precondition(error.description.contains(file), "message does not name \(file): \(error.description)")
    }
}
