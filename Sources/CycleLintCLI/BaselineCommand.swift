import ArgumentParser
import CycleLintKit
import Foundation

/// `cyclelint baseline compare OLD NEW`: which findings are new and which are fixed.
struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline", abstract: "Work with baseline files.",
        subcommands: [Compare.self])

    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "compare", abstract: "List findings new in NEW and fixed since OLD.",
            discussion: "Exit status: 0 when NEW has no new findings, 1 when it has, 2 on errors.")

        @Argument(help: "The older baseline file.") var old: String
        @Argument(help: "The newer baseline file (e.g. written by `check --write-baseline`).") var new: String

        @Option(help: "Output format: text or json.")
        var format: String = "text"

        func validate() throws {
            guard ["text", "json"].contains(format) else {
                throw ValidationError("unknown format '\(format)'; expected text or json")
            }
        }

        func run() throws {
            let comparison: (introduced: [Baseline.Entry], fixed: [Baseline.Entry])
            do {
                comparison = Baseline.compare(old: try Baseline.load(path: old), new: try Baseline.load(path: new))
            } catch let error as CycleLintError {
                throw usageFailure(error.description)
            }
            print(BaselineComparisonText.render(comparison, json: format == "json"), terminator: "")
            if !comparison.introduced.isEmpty { throw ExitCode(1) }
        }
    }
}

/// Output of `baseline compare`.
enum BaselineComparisonText {
    static func render(_ comparison: (introduced: [Baseline.Entry], fixed: [Baseline.Entry]), json: Bool) -> String {
        if json {
            struct Document: Encodable { var new: [Baseline.Entry]; var fixed: [Baseline.Entry] }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = (try? encoder.encode(Document(new: comparison.introduced, fixed: comparison.fixed))) ?? Data()
            return String(decoding: data, as: UTF8.self) + "\n"
        }
        var out = ""
        for entry in comparison.introduced { out += "new: \(entry.file):\(entry.line): \(entry.message) [\(entry.rule)]\n" }
        for entry in comparison.fixed { out += "fixed: \(entry.file):\(entry.line): \(entry.message) [\(entry.rule)]\n" }
        out += "\(comparison.introduced.count) new, \(comparison.fixed.count) fixed\n"
        return out
    }
}
