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

    /// Problems with `rule`'s examples (empty when every example behaves as described), each
    /// example analysed by the whole engine with `rule` added to the run (so a custom rule is
    /// tested exactly as `cyclelint` would run it). `options` sets anything else, such as extra
    /// rule packs the examples rely on.
    public static func problems(of rule: any Rule, options: AnalysisOptions = AnalysisOptions()) -> [String] {
        var options = options
        options.extraRules.insert(rule, at: 0)
        return problems(of: rule.description) { try CycleLint.check(sources: [("Example.swift", $0)], options: options).findings }
    }

    /// Problems with the examples of the rule `description` describes (empty when every example
    /// behaves as described). `run` analyses one example source and returns all findings
    /// (defaults to the engine with the built-in and registered rules).
    public static func problems(of description: RuleDescription,
                                run: (String) throws -> [Finding] = { try CycleLint.check(sources: [("Example.swift", $0)]).findings }) -> [String] {
        var problems: [String] = []
        for (number, example) in description.triggeringExamples.enumerated() {
            let (text, markers) = stripMarkers(example)
            do {
                let found = try run(text).filter { $0.ruleID == description.id }
                if found.isEmpty {
                    problems.append("triggering example \(number + 1) produced no \(description.id) finding:\n\(text)")
                } else if !markers.isEmpty {
                    let expected = Set(markers.map { "\($0.line):\($0.column)" })
                    let actual = Set(found.map { "\($0.location.line):\($0.location.column)" })
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
