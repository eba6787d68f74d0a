/// Runs a rule's triggering and non-triggering examples through the whole engine and says
/// what went wrong: the same harness for built-in and custom rules.
public enum RuleExampleRunner {
    /// The marker for an expected finding location in an example.
    public static let marker: Character = "↓"

    /// `source` without markers, and the (line, column) of each marker (UTF-8 columns).
    public static func stripMarkers(_ source: String) -> (text: String, locations: [(line: Int, column: Int)]) {
        var text = ""
        var locations: [(line: Int, column: Int)] = []
        var line = 1
        var column = 1
        for character in source {
            if character == marker {
                locations.append((line, column))
                continue
            }
            text.append(character)
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += character.utf8.count
            }
        }
        return (text, locations)
    }

    /// The line that starts a file of a multi-file example: `// file: Player.m`.
    public static let filePrefix = "// file: "

    /// The files of an example: one `Example.swift`, or the sections that `// file: NAME` lines
    /// start (an example that spans languages: an Objective-C class and the Swift that uses it).
    /// Lines keep their numbers within their own file.
    public static func files(of example: String) -> [(path: String, text: String)] {
        guard example.hasPrefix(filePrefix) else { return [("Example.swift", example)] }
        var files: [(path: String, text: String)] = []
        for line in example.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(filePrefix) {
                files.append((String(line.dropFirst(filePrefix.count)), ""))
            } else if !files.isEmpty {
                files[files.count - 1].text += (files[files.count - 1].text.isEmpty ? "" : "\n") + line
            }
        }
        return files
    }

    /// Why an example cannot run on this machine (it has C or Objective-C files and libclang is
    /// not loadable), or nil.
    static func unrunnableReason(_ files: [(path: String, text: String)]) -> String? {
        guard files.contains(where: { ClangFrontEnd.handles($0.path) }) else { return nil }
        return ClangFrontEnd.unavailableReason()
    }

    /// Problems with `rule`'s examples (empty when every example behaves as described), each
    /// example analysed by the whole engine with `rule` added to the run (so a custom rule is
    /// tested exactly as `cyclelint` would run it). `options` sets anything else, such as extra
    /// rule packs the examples rely on.
    public static func problems(of rule: any Rule, options: AnalysisOptions = AnalysisOptions()) -> [String] {
        var options = options
        options.extraRules.insert(rule, at: 0)
        return problems(of: rule.description) { try CycleLint.check(sources: files(of: $0), options: options).findings }
    }

    /// Problems with the examples of the rule `description` describes (empty when every example
    /// behaves as described). `run` analyses one example source and returns all findings
    /// (defaults to the engine with the built-in and registered rules).
    public static func problems(of description: RuleDescription,
                                run: (String) throws -> [Finding] = { try CycleLint.check(sources: files(of: $0)).findings }) -> [String] {
        var problems: [String] = []
        for (number, example) in description.triggeringExamples.enumerated() {
            let (text, _) = stripMarkers(example)
            // C and Objective-C examples need libclang; without it they say nothing either way.
            if unrunnableReason(files(of: text)) != nil { continue }
            do {
                let found = try run(text).filter { $0.ruleID == description.id }
                let markers = files(of: example).flatMap { file in stripMarkers(file.text).locations.map { (file.path, $0) } }
                if found.isEmpty {
                    problems.append("triggering example \(number + 1) produced no \(description.id) finding:\n\(text)")
                } else if !markers.isEmpty {
                    let expected = Set(markers.map { "\($0.0):\($0.1.line):\($0.1.column)" })
                    let actual = Set(found.map { "\($0.location.file):\($0.location.line):\($0.location.column)" })
                    if expected != actual {
                        problems.append("triggering example \(number + 1): expected findings at \(expected.sorted()), got \(actual.sorted()):\n\(text)")
                    }
                }
            } catch {
                problems.append("triggering example \(number + 1) failed: \(error)")
            }
        }
        for (number, example) in description.nonTriggeringExamples.enumerated() {
            let text = stripMarkers(example).text
            if unrunnableReason(files(of: text)) != nil { continue }
            do {
                let found = try run(text).filter { $0.ruleID == description.id }
                if !found.isEmpty {
                    let messages = found.map { "\($0.location.line):\($0.location.column) \($0.message)" }.joined(separator: "\n")
                    problems.append("non-triggering example \(number + 1) produced findings:\n\(messages)\n\(text)")
                }
            } catch {
                problems.append("non-triggering example \(number + 1) failed: \(error)")
            }
        }
        return problems
    }
}
