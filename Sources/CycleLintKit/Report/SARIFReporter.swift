/// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one rule descriptor per
/// rule, the cycle's edges as `relatedLocations` and as a `codeFlows` thread flow in cycle
/// order, `partialFingerprints` from the semantic fingerprint, and paths relative to the base
/// path (`uriBaseId: SRCROOT`).
public struct SARIFReporter: Reporter {
    /// The base path (`SRCROOT`) and working directory artifact URIs are built from.
    public var options: ReportOptions

    /// The `partialFingerprints` key holding `Finding.fingerprint`.
    public static let fingerprintKey = "cyclelintFingerprint/v1"
    /// The `uriBaseId` that relative artifact URIs are resolved against.
    public static let baseID = "SRCROOT"

    /// A reporter with the given options.
    public init(options: ReportOptions = ReportOptions()) {
        self.options = options
    }

    public func render(_ report: CheckReport) -> String {
        var descriptors = report.rules
        for id in report.findings.map(\.ruleID) where !descriptors.contains(where: { $0.id == id }) {
            descriptors.append(RuleDescription(id: id, name: id, summary: "Finding of rule \(id).",
                                               rationale: "", fix: "", triggeringExamples: [],
                                               nonTriggeringExamples: []))
        }
        let index = Dictionary(descriptors.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let run = Log.Run(
            tool: .init(driver: .init(name: ToolInfo.name, version: ToolInfo.version,
                                      semanticVersion: ToolInfo.version,
                                      rules: descriptors.map(Self.descriptor))),
            originalUriBaseIds: [Self.baseID: .init(uri: Self.fileURI(directory: options.basePath))],
            invocations: [.init(executionSuccessful: true,
                                toolExecutionNotifications: report.diagnostics.isEmpty ? nil :
                                    report.diagnostics.map { diagnostic in
                                        .init(level: "warning", message: .init(text: diagnostic.message),
                                              locations: [.init(physicalLocation: .init(
                                                  artifactLocation: artifact(diagnostic.file), region: nil))])
                                    })],
            results: report.findings.map { result($0, ruleIndex: index[$0.ruleID] ?? 0) })
        return JSONOutput.encode(Log(runs: [run]))
    }

    private func result(_ finding: Finding, ruleIndex: Int) -> Log.Result {
        let related = finding.path.enumerated().map { offset, step in
            Log.Location(id: offset + 1, physicalLocation: physical(step.location),
                         message: .init(text: step.description))
        }
        let flow = finding.path.map { step in
            Log.ThreadFlowLocation(location: .init(physicalLocation: physical(step.location),
                                                   message: .init(text: step.description)))
        }
        return Log.Result(
            ruleId: finding.ruleID, ruleIndex: ruleIndex, level: Self.level(finding.severity),
            message: .init(text: finding.message + (finding.runtimeStatus.map { " (\(Self.runtimeText($0)))" } ?? "")),
            locations: [.init(physicalLocation: physical(finding.location))],
            relatedLocations: related.isEmpty ? nil : related,
            codeFlows: flow.isEmpty ? nil : [.init(threadFlows: [.init(locations: flow)])],
            partialFingerprints: [Self.fingerprintKey: finding.fingerprint],
            properties: finding.runtimeStatus.map { Log.ResultProperties(runtimeStatus: $0) })
    }

    /// How a `cyclelint verify` status reads in a result's message.
    static func runtimeText(_ status: String) -> String {
        switch status {
        case "confirmed": return "confirmed at run time"
        case "not-reproduced": return "not reproduced at run time"
        case "not-exercised": return "not exercised by the tests"
        default: return "runtime: \(status)"
        }
    }

    private func physical(_ location: SourceLocation) -> Log.PhysicalLocation {
        Log.PhysicalLocation(
            artifactLocation: artifact(location.file),
            region: .init(startLine: max(location.line, 1), startColumn: max(location.column, 1)))
    }

    private func artifact(_ file: String) -> Log.ArtifactLocation {
        if let relative = options.relativePath(file) {
            return .init(uri: Self.percentEncode(path: relative), uriBaseId: Self.baseID)
        }
        let absolute = ReportPaths.absolute(file, against: options.workingDirectory)
        return .init(uri: "file://" + Self.percentEncode(path: absolute), uriBaseId: nil)
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .note: return "note"
        }
    }

    static func descriptor(_ rule: RuleDescription) -> Log.ReportingDescriptor {
        var help = [rule.summary]
        if !rule.rationale.isEmpty { help.append("Why it leaks: \(rule.rationale)") }
        if !rule.fix.isEmpty { help.append("How to fix: \(rule.fix)") }
        var markdown = help
        if let example = rule.triggeringExamples.first {
            let code = RuleExampleRunner.stripMarkers(example).text
            help.append("Example:\n\(code)")
            markdown.append("Example:\n\n```swift\n\(code)\n```")
        }
        let full = rule.rationale.isEmpty ? rule.summary : "\(rule.summary) \(rule.rationale)"
        return .init(
            id: rule.id, name: rule.name, shortDescription: .init(text: rule.summary),
            fullDescription: .init(text: full),
            help: .init(text: help.joined(separator: "\n\n"), markdown: markdown.joined(separator: "\n\n")),
            defaultConfiguration: .init(level: level(rule.defaultSeverity), enabled: !rule.isOptIn),
            properties: .init(tags: ["reliability", "memory"]))
    }

    /// `file://` URI of a folder, ending in `/` as SARIF requires for base URIs.
    static func fileURI(directory: String) -> String {
        let encoded = percentEncode(path: directory)
        return "file://" + (encoded.hasSuffix("/") ? encoded : encoded + "/")
    }

    /// Percent-encodes every byte of `path` except unreserved characters and `/`.
    static func percentEncode(path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.append(Character(UnicodeScalar(byte)))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    /// The subset of the SARIF 2.1.0 object model this reporter writes.
    struct Log: Encodable {
        var schema = "https://json.schemastore.org/sarif-2.1.0.json"
        var version = "2.1.0"
        var runs: [Run]

        enum CodingKeys: String, CodingKey {
            case schema = "$schema", version, runs
        }

        struct Run: Encodable {
            var tool: Tool
            var originalUriBaseIds: [String: ArtifactLocation]
            var invocations: [Invocation]
            var results: [Result]
        }

        struct Tool: Encodable { var driver: Driver }

        struct Driver: Encodable {
            var name, version, semanticVersion: String
            var rules: [ReportingDescriptor]
        }

        struct ReportingDescriptor: Encodable {
            var id, name: String
            var shortDescription, fullDescription: Message
            var help: MultiformatMessage
            var defaultConfiguration: Configuration
            var properties: Properties
        }

        struct Configuration: Encodable {
            var level: String
            var enabled: Bool
        }

        struct Properties: Encodable { var tags: [String] }

        /// `runtimeStatus`: the `cyclelint verify` status given with `--runtime-report`.
        struct ResultProperties: Encodable { var runtimeStatus: String }

        struct Message: Encodable { var text: String }

        struct MultiformatMessage: Encodable { var text, markdown: String }

        struct Invocation: Encodable {
            var executionSuccessful: Bool
            var toolExecutionNotifications: [Notification]?
        }

        struct Notification: Encodable {
            var level: String
            var message: Message
            var locations: [Location]
        }

        struct Result: Encodable {
            var ruleId: String
            var ruleIndex: Int
            var level: String
            var message: Message
            var locations: [Location]
            var relatedLocations: [Location]?
            var codeFlows: [CodeFlow]?
            var partialFingerprints: [String: String]
            var properties: ResultProperties?
        }

        struct Location: Encodable {
            var id: Int?
            var physicalLocation: PhysicalLocation
            var message: Message?

            init(id: Int? = nil, physicalLocation: PhysicalLocation, message: Message? = nil) {
                self.id = id
                self.physicalLocation = physicalLocation
                self.message = message
            }
        }

        struct PhysicalLocation: Encodable {
            var artifactLocation: ArtifactLocation
            var region: Region?
        }

        struct ArtifactLocation: Encodable {
            var uri: String
            var uriBaseId: String?

            init(uri: String, uriBaseId: String? = nil) {
                self.uri = uri
                self.uriBaseId = uriBaseId
            }
        }

        struct Region: Encodable { var startLine, startColumn: Int }

        struct CodeFlow: Encodable { var threadFlows: [ThreadFlow] }

        struct ThreadFlow: Encodable { var locations: [ThreadFlowLocation] }

        struct ThreadFlowLocation: Encodable { var location: Location }
    }
}
