import Yams

/// Reads rule packs: YAML lists of API retention entries
/// (`{api: "Type.method(label:)", closure: KIND, argument: LABEL, transient_when: {LABEL: VALUE}}`).
/// Every mistake is reported with the pack name, line and key.
public enum RulePackLoader {
    private static let knownKeys: Set<String> = ["api", "closure", "argument", "transient_when", "note"]

    /// The entries of one pack. Throws `CycleLintError.invalidRulePack`.
    public static func load(name: String, yaml: String) throws -> [APIRetentionEntry] {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw CycleLintError.invalidRulePack(file: name, line: error.line, key: nil, message: error.problemText)
        }
        guard let root else { return [] }
        guard let list = root.sequence else {
            throw CycleLintError.invalidRulePack(file: name, line: root.line, key: nil,
                                                 message: "a rule pack is a YAML list of entries")
        }
        return try list.map { try entry($0, pack: name) }
    }

    private static func entry(_ node: Node, pack: String) throws -> APIRetentionEntry {
        func fail(_ key: String?, _ message: String, at at: Node? = nil) -> CycleLintError {
            .invalidRulePack(file: pack, line: (at ?? node).line, key: key, message: message)
        }
        guard let mapping = node.mapping else { throw fail(nil, "each entry is a mapping with 'api' and 'closure'") }
        var values: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { throw fail(nil, "keys must be strings", at: keyNode) }
            guard knownKeys.contains(key) else {
                throw fail(key, "unknown key; valid keys: \(knownKeys.sorted().joined(separator: ", "))", at: keyNode)
            }
            values[key] = value
        }
        guard let apiNode = values["api"], let api = apiNode.string else { throw fail("api", "missing 'api'") }
        guard let signature = APIRetentionEntry.parseSignature(api) else {
            throw fail("api", "'\(api)' is not of the form Type.method(label:_:)", at: apiNode)
        }
        guard let kindNode = values["closure"], let kindText = kindNode.string else {
            throw fail("closure", "missing 'closure'")
        }
        guard let kind = ClosureRetention(rawValue: kindText) else {
            let valid = ClosureRetention.allCases.map(\.rawValue).joined(separator: ", ")
            throw fail("closure", "unknown retention kind '\(kindText)'; valid kinds: \(valid)", at: kindNode)
        }
        var transientWhen: [String: String] = [:]
        if let condition = values["transient_when"] {
            guard let conditionMapping = condition.mapping else {
                throw fail("transient_when", "expected a mapping of argument label to literal", at: condition)
            }
            for (label, literal) in conditionMapping {
                guard let label = label.string, let literal = literal.string else {
                    throw fail("transient_when", "expected label: literal pairs", at: condition)
                }
                transientWhen[label] = literal
            }
        }
        if let argument = values["argument"], argument.string == nil {
            throw fail("argument", "expected an argument label", at: argument)
        }
        return APIRetentionEntry(typeName: signature.type, methodName: signature.method, labels: signature.labels,
                                 retention: kind, retainedArgument: values["argument"]?.string,
                                 transientWhen: transientWhen, source: "\(pack):\(node.line ?? 0)")
    }
}

private extension Node {
    var line: Int? { mark.map { $0.line } }
}

private extension YamlError {
    var line: Int? {
        switch self {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    var problemText: String {
        switch self {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _): return problem
        default: return description
        }
    }
}
