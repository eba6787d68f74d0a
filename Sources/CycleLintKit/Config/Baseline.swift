import Foundation

/// Accepted findings, keyed by their semantic fingerprint so that line moves and unrelated
/// edits do not bring them back. Written by `--write-baseline`, applied by `--baseline`.
public struct Baseline: Codable, Equatable, Sendable {
    /// One accepted finding. Only `fingerprint` is used for matching; the rest is for people
    /// reading the file and for `baseline compare`.
    public struct Entry: Codable, Hashable, Sendable {
        /// The finding's `Finding.fingerprint`; the only field used for matching.
        public var fingerprint: String
        /// The id of the rule that reported the finding.
        public var rule: String
        /// The file of the finding's location, as the finding spells it.
        public var file: String
        /// The 1-based line of the finding's location, when the baseline was written.
        public var line: Int
        /// The finding's message.
        public var message: String

        /// The entry that accepts `finding`.
        public init(_ finding: Finding) {
            fingerprint = finding.fingerprint
            rule = finding.ruleID
            file = finding.location.file
            line = finding.location.line
            message = finding.message
        }
    }

    /// The file format version; only 1 is supported.
    public var version: Int
    /// The accepted findings, sorted by file, line, rule and fingerprint; may repeat a fingerprint.
    public var findings: [Entry]

    /// A baseline accepting exactly `findings`.
    public init(findings: [Finding]) {
        version = 1
        self.findings = findings.map(Entry.init).sorted { ($0.file, $0.line, $0.rule, $0.fingerprint) < ($1.file, $1.line, $1.rule, $1.fingerprint) }
    }

    /// Reads a baseline file; a missing or malformed file is a `CycleLintError`.
    public static func load(path: String) throws -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CycleLintError.unreadablePath(path, reason: "baseline file not found or unreadable")
        }
        do {
            let baseline = try JSONDecoder().decode(Baseline.self, from: data)
            guard baseline.version == 1 else {
                throw CycleLintError.unreadablePath(path, reason: "unsupported baseline version \(baseline.version)")
            }
            return baseline
        } catch let error as CycleLintError {
            throw error
        } catch {
            throw CycleLintError.unreadablePath(path, reason: "not a cyclelint baseline (\(error))")
        }
    }

    /// The baseline as JSON text.
    public var json: String { JSONOutput.encode(self) }

    /// Writes the baseline as JSON.
    public func write(to path: String) throws {
        do {
            try AtomicFile.write(json, to: path)
        } catch {
            throw CycleLintError.unwritablePath(path, reason: "\(error)")
        }
    }

    /// Removes the findings the baseline accepts. A fingerprint listed n times accepts at most
    /// n findings, so a second copy of a baselined cycle is still reported.
    public func filter(_ findings: [Finding]) -> (findings: [Finding], baselinedCount: Int) {
        var remaining = Dictionary(self.findings.map { ($0.fingerprint, 1) }, uniquingKeysWith: +)
        var kept: [Finding] = []
        for finding in findings {
            if let count = remaining[finding.fingerprint], count > 0 {
                remaining[finding.fingerprint] = count - 1
            } else {
                kept.append(finding)
            }
        }
        return (kept, findings.count - kept.count)
    }

    /// Entries in `new` but not in `old` (introduced) and in `old` but not in `new` (fixed),
    /// matched by fingerprint with multiplicity.
    public static func compare(old: Baseline, new: Baseline) -> (introduced: [Entry], fixed: [Entry]) {
        func difference(_ a: [Entry], _ b: [Entry]) -> [Entry] {
            var available = Dictionary(b.map { ($0.fingerprint, 1) }, uniquingKeysWith: +)
            return a.filter { entry in
                if let count = available[entry.fingerprint], count > 0 {
                    available[entry.fingerprint] = count - 1
                    return false
                }
                return true
            }
        }
        return (difference(new.findings, old.findings), difference(old.findings, new.findings))
    }
}
