import Foundation
import Yams

/// Finds and reads `.cyclelint.yml` files with Yams, following `parent_config`.
/// A malformed file throws `CycleLintError.invalidConfiguration` with the line and column;
/// unknown keys and rule ids become warnings that name the nearest valid spelling.
public struct ConfigurationLoader {
    /// The file name looked up in the scanned folder and its parents.
    public static let fileName = ".cyclelint.yml"
    /// The keys a configuration file may contain.
    public static let keys = ["included", "excluded", "disabled_rules", "opt_in_rules", "severity",
                              "close_methods", "rule_packs", "baseline", "parent_config"]

    /// Rule ids that configuration may name without a warning.
    public var knownRuleIDs: [String]
    /// Warnings collected by the last `load`.
    public private(set) var warnings: [ConfigurationWarning] = []

    /// Folder that file names in messages are shown relative to.
    public var workingDirectory: String

    /// A loader that accepts `knownRuleIDs` and shows file names relative to `workingDirectory`.
    public init(knownRuleIDs: [String] = RuleCatalog.ids,
                workingDirectory: String = FileManager.default.currentDirectoryPath) {
        self.knownRuleIDs = knownRuleIDs
        self.workingDirectory = workingDirectory
    }

    /// How messages name `file`: relative to the working directory when inside it.
    private func display(_ file: String) -> String {
        ReportPaths.relative(file, to: workingDirectory) ?? file
    }

    /// The nearest `.cyclelint.yml` in `directory` or one of its parents.
    public static func find(startingAt directory: String) -> String? {
        var current = ReportPaths.normalize(directory)
        while true {
            let candidate = current == "/" ? "/" + fileName : current + "/" + fileName
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            if current == "/" || current == "." { return nil }
            let parent = ReportPaths.normalize(current + "/..")
            if parent == current { return nil }
            current = parent
        }
    }

    /// Reads the configuration at the absolute path `file` and its parents, merged.
    public mutating func load(file: String) throws -> Configuration {
        warnings = []
        return try load(file: ReportPaths.absolute(file, against: workingDirectory), chain: [])
    }

    /// Parses configuration text; `file` names it in messages and anchors relative paths.
    /// Does not follow `parent_config` (the path is returned in `parent`).
    public mutating func parse(_ text: String, file path: String) throws -> (configuration: Configuration, parent: String?) {
        let file = display(path)
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.invalid(file: file, error: error)
        } catch {
            throw CycleLintError.invalidConfiguration(file: file, line: nil, column: nil, message: "\(error)")
        }
        let directory = ReportPaths.normalize(ReportPaths.absolute(path, against: workingDirectory) + "/..")
        var configuration = Configuration()
        configuration.files = [path]
        guard let node else { return (configuration, nil) }  // an empty file is an empty configuration
        guard let mapping = node.mapping else {
            throw Self.error(file, node, "expected a mapping of configuration keys at the top level")
        }
        var parent: String?
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else {
                throw Self.error(file, keyNode, "configuration keys must be strings")
            }
            switch key {
            case "included":
                configuration.included = try strings(value, key, file).map { GlobPattern($0.0, relativeTo: directory) }
            case "excluded":
                configuration.excluded = try strings(value, key, file).map { GlobPattern($0.0, relativeTo: directory) }
            case "disabled_rules":
                configuration.disabledRules = Set(try ruleIDs(value, key, file))
            case "opt_in_rules":
                configuration.optInRules = Set(try ruleIDs(value, key, file))
            case "severity":
                guard let levels = value.mapping else {
                    throw Self.error(file, value, "'severity' must map rule ids to note, warning or error")
                }
                for (ruleNode, levelNode) in levels {
                    guard let rule = ruleNode.string else { throw Self.error(file, ruleNode, "rule ids must be strings") }
                    checkRule(rule, ruleNode, file)
                    guard let name = levelNode.scalar?.string, let level = Severity(rawValue: name) else {
                        throw Self.error(file, levelNode, "severity of '\(rule)' must be note, warning or error")
                    }
                    configuration.severity[rule] = level
                }
            case "close_methods":
                configuration.closeMethods = Set(try strings(value, key, file).map(\.0))
            case "rule_packs":
                configuration.rulePacks = try strings(value, key, file).map { ReportPaths.absolute($0.0, against: directory) }
            case "baseline":
                configuration.baseline = ReportPaths.absolute(try string(value, key, file), against: directory)
            case "parent_config":
                parent = ReportPaths.absolute(try string(value, key, file), against: directory)
            default:
                warnings.append(warning(file, keyNode, "unknown configuration key '\(key)'"
                                        + NameSuggestion.hint(for: key, in: Self.keys)))
            }
        }
        return (configuration, parent)
    }

    private mutating func load(file: String, chain: [String]) throws -> Configuration {
        if chain.contains(file) {
            throw CycleLintError.invalidConfiguration(
                file: display(chain.last ?? file), line: nil, column: nil,
                message: "parent_config cycle: \((chain + [file]).map(display).joined(separator: " → "))")
        }
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            if let referrer = chain.last {
                throw CycleLintError.invalidConfiguration(file: display(referrer), line: nil, column: nil,
                                                          message: "cannot read parent_config \(display(file))")
            }
            throw CycleLintError.unreadablePath(display(file), reason: "cannot read configuration file")
        }
        let (configuration, parent) = try parse(text, file: file)
        guard let parent else { return configuration }
        return configuration.merged(over: try load(file: parent, chain: chain + [file]))
    }

    private mutating func checkRule(_ rule: String, _ node: Node, _ file: String) {
        guard !knownRuleIDs.contains(rule) else { return }
        warnings.append(warning(file, node, "unknown rule id '\(rule)'" + NameSuggestion.hint(for: rule, in: knownRuleIDs)))
    }

    private mutating func ruleIDs(_ node: Node, _ key: String, _ file: String) throws -> [String] {
        let items = try strings(node, key, file)
        for (rule, itemNode) in items { checkRule(rule, itemNode, file) }
        return items.map(\.0)
    }

    /// A list of strings; a single string is accepted as a one-element list.
    private func strings(_ node: Node, _ key: String, _ file: String) throws -> [(String, Node)] {
        if let scalar = node.scalar { return [(scalar.string, node)] }
        guard let sequence = node.sequence else {
            throw Self.error(file, node, "'\(key)' must be a list of strings")
        }
        return try sequence.map { item in
            guard let value = item.scalar?.string else {
                throw Self.error(file, item, "'\(key)' must be a list of strings")
            }
            return (value, item)
        }
    }

    private func string(_ node: Node, _ key: String, _ file: String) throws -> String {
        guard let value = node.scalar?.string, !value.isEmpty else {
            throw Self.error(file, node, "'\(key)' must be a path")
        }
        return value
    }

    private func warning(_ file: String, _ node: Node, _ message: String) -> ConfigurationWarning {
        ConfigurationWarning(file: file, line: node.mark?.line, column: node.mark?.column, message: message)
    }

    private static func error(_ file: String, _ node: Node, _ message: String) -> CycleLintError {
        .invalidConfiguration(file: file, line: node.mark?.line, column: node.mark?.column, message: message)
    }

    private static func invalid(file: String, error: YamlError) -> CycleLintError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) (\($0.text))" } ?? problem
            return .invalidConfiguration(file: file, line: mark.line, column: mark.column, message: detail)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .invalidConfiguration(file: file, line: context.mark.line, column: context.mark.column,
                                         message: "duplicate keys: \(duplicates.joined(separator: ", "))")
        case .reader(let problem, _, _, _):
            return .invalidConfiguration(file: file, line: nil, column: nil, message: problem)
        default:
            return .invalidConfiguration(file: file, line: nil, column: nil, message: "\(error)")
        }
    }
}
