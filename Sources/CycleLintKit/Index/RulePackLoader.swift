import Yams

/// Reads rule packs: YAML lists of API retention entries
/// (`{api: "Type.method(label:)", closure: KIND, argument: ARG, kept_by: ARG, transient_when: {LABEL: VALUE}}`,
/// ARG a label, `_` or a position), context ownership entries
/// (`{context: TYPE, owns: receiver, until: "method(label:)", receivers: [TYPE…]}`) and pattern rules (`{rule: ID, message: TEXT, severity: LEVEL, call: "Type.method(label:)",
/// when: CONDITION, name: TEXT, fix: TEXT}`). Every mistake is reported with the pack name, line
/// and key.
public enum RulePackLoader {
    private static let knownKeys: Set<String> = ["api", "closure", "argument", "kept_by", "transient_when", "note"]
    private static let contextKeys: Set<String> = ["context", "owns", "until", "receivers", "note"]
    private static let patternKeys: Set<String> = ["rule", "message", "severity", "call", "when", "name", "fix", "note"]

    /// The API retention entries of one pack (its pattern rules are checked but left out).
    /// Throws `CycleLintError.invalidRulePack`.
    public static func load(name: String, yaml: String) throws -> [APIRetentionEntry] {
        try loadPack(name: name, yaml: yaml).entries
    }

    /// Everything in one pack: API retention entries and pattern rules.
    /// Throws `CycleLintError.invalidRulePack` with the pack name, line and key at fault.
    public static func loadPack(name: String, yaml: String) throws -> RulePack {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw CycleLintError.invalidRulePack(file: name, line: error.line, key: nil, message: error.problemText)
        }
        var pack = RulePack(name: name)
        guard let root else { return pack }
        guard let list = root.sequence else {
            throw CycleLintError.invalidRulePack(file: name, line: root.line, key: nil,
                                                 message: "a rule pack is a YAML list of entries")
        }
        var ruleLines: [String: Int] = [:]
        for node in list {
            if let mapping = node.mapping, mapping.keys.contains(where: { $0.string == "rule" }) {
                let rule = try patternRule(mapping, node: node, pack: name)
                if let earlier = ruleLines[rule.description.id] {
                    throw CycleLintError.invalidRulePack(file: name, line: node.line, key: "rule",
                                                         message: "rule '\(rule.description.id)' is already declared at line \(earlier)")
                }
                ruleLines[rule.description.id] = node.line ?? 0
                pack.patternRules.append(rule)
            } else if let mapping = node.mapping, mapping.keys.contains(where: { $0.string == "context" }) {
                pack.contextOwnerships.append(try contextOwnership(mapping, node: node, pack: name))
            } else {
                pack.entries.append(try entry(node, pack: name))
            }
        }
        return pack
    }

    private static func patternRule(_ mapping: Node.Mapping, node: Node, pack: String) throws -> PatternRule {
        func fail(_ key: String?, _ message: String, at place: Node? = nil) -> CycleLintError {
            .invalidRulePack(file: pack, line: (place ?? node).line, key: key, message: message)
        }
        var values: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { throw fail(nil, "keys must be strings", at: keyNode) }
            guard patternKeys.contains(key) else {
                throw fail(key, "unknown key in a pattern rule; valid keys: \(patternKeys.sorted().joined(separator: ", "))", at: keyNode)
            }
            guard value.scalar != nil else { throw fail(key, "expected a single value", at: value) }
            values[key] = value
        }
        func text(_ key: String) -> String? { values[key]?.string }
        guard let id = text("rule"), !id.isEmpty else { throw fail("rule", "missing rule id") }
        guard id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw fail("rule", "rule id '\(id)' may contain only letters, digits, '-' and '_'", at: values["rule"])
        }
        if RuleRegistry.builtin.contains(where: { $0.description.id == id }) || id == "unused-suppression" {
            throw fail("rule", "'\(id)' is a built-in rule id; choose another", at: values["rule"])
        }
        guard let message = text("message"), !message.isEmpty else { throw fail("message", "missing 'message'") }
        guard let call = text("call") else { throw fail("call", "missing 'call'") }
        guard let whenText = text("when") else {
            throw fail("when", "missing 'when'; valid values: \(PatternCondition.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let condition = PatternCondition(rawValue: whenText) else {
            let valid = PatternCondition.allCases.map(\.rawValue).joined(separator: ", ")
            throw fail("when", "unknown condition '\(whenText)'; valid values: \(valid)", at: values["when"])
        }
        var severity = Severity.warning
        if let levelText = text("severity") {
            guard let level = Severity(rawValue: levelText) else {
                let valid = Severity.allCases.map(\.rawValue).joined(separator: ", ")
                throw fail("severity", "unknown severity '\(levelText)'; valid values: \(valid)", at: values["severity"])
            }
            severity = level
        }
        guard let rule = PatternRule(id: id, name: text("name"), message: message, severity: severity, call: call,
                                     condition: condition, fix: text("fix"), source: "\(pack):\(node.line ?? 0)") else {
            throw fail("call", "'\(call)' is not of the form Type.method(label:_:)", at: values["call"])
        }
        return rule
    }

    private static func entry(_ node: Node, pack: String) throws -> APIRetentionEntry {
        func fail(_ key: String?, _ message: String, at place: Node? = nil) -> CycleLintError {
            .invalidRulePack(file: pack, line: (place ?? node).line, key: key, message: message)
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
        func selector(_ key: String) throws -> ArgumentSelector? {
            guard let value = values[key] else { return nil }
            guard let text = value.string, let selector = ArgumentSelector(text) else {
                throw fail(key, "expected an argument label, '_' or a position (0 for the first argument)", at: value)
            }
            if case .label(let label) = selector, !signature.labels.contains(label) {
                throw fail(key, "'\(text)' is not an argument label of '\(api)'", at: value)
            }
            if case .position(let position) = selector, position >= signature.labels.count {
                throw fail(key, "'\(api)' has no argument at position \(position)", at: value)
            }
            return selector
        }
        let retained = try selector("argument")
        let keeper = try selector("kept_by")
        if keeper != nil, kind != .retainedByReceiver {
            throw fail("kept_by", "'kept_by' applies to 'closure: retained-by-receiver' only", at: values["kept_by"])
        }
        return APIRetentionEntry(typeName: signature.type, methodName: signature.method, labels: signature.labels,
                                 retention: kind, retainedArgument: retained, keeper: keeper,
                                 transientWhen: transientWhen, source: "\(pack):\(node.line ?? 0)")
    }

    private static func contextOwnership(_ mapping: Node.Mapping, node: Node, pack: String) throws -> ContextOwnership {
        func fail(_ key: String?, _ message: String, at place: Node? = nil) -> CycleLintError {
            .invalidRulePack(file: pack, line: (place ?? node).line, key: key, message: message)
        }
        var values: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { throw fail(nil, "keys must be strings", at: keyNode) }
            guard contextKeys.contains(key) else {
                throw fail(key, "unknown key in a context entry; valid keys: \(contextKeys.sorted().joined(separator: ", "))", at: keyNode)
            }
            guard value.scalar != nil || key == "receivers" else { throw fail(key, "expected a single value", at: value) }
            values[key] = value
        }
        var receivers: [String] = []
        if let list = values["receivers"] {
            guard let items = list.sequence, !items.isEmpty,
                  let names = Optional(items.compactMap(\.string)), names.count == items.count,
                  names.allSatisfy({ !$0.isEmpty && !$0.contains(" ") }) else {
                throw fail("receivers", "expected a list of type names", at: list)
            }
            receivers = names
        }
        guard let type = values["context"]?.string, !type.isEmpty, !type.contains(" "), !type.contains("(") else {
            throw fail("context", "expected a type name", at: values["context"])
        }
        guard let owns = values["owns"]?.string else { throw fail("owns", "missing 'owns'; valid values: receiver") }
        guard owns == "receiver" else { throw fail("owns", "unknown value '\(owns)'; valid values: receiver", at: values["owns"]) }
        guard let untilNode = values["until"], let until = untilNode.string else {
            throw fail("until", "missing 'until': the method the framework calls when it lets go, as method(label:)")
        }
        guard let signature = APIRetentionEntry.parseSignature(until), signature.type == nil else {
            throw fail("until", "'\(until)' is not of the form method(label:_:)", at: untilNode)
        }
        return ContextOwnership(contextType: type, releasingMethod: signature.method, releasingLabels: signature.labels,
                                receiverTypes: receivers, source: "\(pack):\(node.line ?? 0)")
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
