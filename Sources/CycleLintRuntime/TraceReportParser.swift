import Foundation

/// Reads the tracker's line-oriented report (docs/runtime.md) from its UTF-8 bytes.
///
/// A leaked heap of a million objects is a report of several million lines, so the parser works
/// on bytes rather than `Character`s: lines and fields are found with byte searches, numbers
/// are read digit by digit, and the strings that repeat on every line (type names, field names)
/// are made once and shared.
struct TraceReportParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    /// Strings already made, by their bytes (valid while `bytes` is).
    private var interned: [ByteRange: String] = [:]

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// A range of `bytes`, hashed and compared by content.
    private struct ByteRange: Hashable {
        let base: UnsafePointer<UInt8>
        let count: Int

        func hash(into hasher: inout Hasher) {
            hasher.combine(bytes: UnsafeRawBufferPointer(start: base, count: count))
        }

        static func == (lhs: ByteRange, rhs: ByteRange) -> Bool {
            lhs.count == rhs.count && memcmp(lhs.base, rhs.base, lhs.count) == 0
        }
    }

    /// Fills `report` from every line of the text.
    mutating func parse(into report: inout TraceReport) {
        guard let base = bytes.baseAddress else { return }
        var current: TraceReport.Snapshot?
        var inFinal = false
        var position = 0
        var words: [Range<Int>] = []
        words.reserveCapacity(16)
        while position < bytes.count {
            let lineEnd = find(UInt8(ascii: "\n"), from: position, to: bytes.count) ?? bytes.count
            defer { position = lineEnd + 1 }
            guard lineEnd > position else { continue }
            let tab = find(UInt8(ascii: "\t"), from: position, to: lineEnd)
            let headEnd = tab ?? lineEnd
            let tail = tab.map { $0 + 1..<lineEnd } ?? lineEnd..<lineEnd
            words.removeAll(keepingCapacity: true)
            var wordStart = position
            for index in position...headEnd where index == headEnd || base[index] == UInt8(ascii: " ") {
                if index > wordStart { words.append(wordStart..<index) }
                wordStart = index + 1
            }
            guard let keyword = words.first else { continue }
            switch Keyword(bytes: UnsafeBufferPointer(rebasing: bytes[keyword])) {
            case .active: report.active = true
            case .stopped: report.stoppedBy = string(afterKeywordOf: position..<lineEnd, keyword: keyword)
            case .allocated: report.allocatedTypes.insert(intern(tail))
            case .inactive: report.error = string(afterKeywordOf: position..<lineEnd, keyword: keyword)
            case .snapshot, .final:
                current = TraceReport.Snapshot(time: words.count > 1 ? Double(string(words[1])) ?? 0 : 0,
                                               liveObjects: words.count > 2 ? Int(decimal(words[2]) ?? 0) : 0, usage: [:])
                inFinal = base[keyword.lowerBound] == UInt8(ascii: "f")
            case .usage where words.count >= 4:
                if let site = decimal(words[1]), site <= UInt64(UInt32.max), let count = decimal(words[2]), let size = decimal(words[3]) {
                    current?.usage[UInt32(site)] = (count, size)
                }
            case .endSnapshot:
                if let snapshot = current { report.snapshots.append(snapshot) }
                current = nil
            case .endFinal:
                // Usage at exit comes from the graph itself, so that it matches the leaks exactly.
                if var snapshot = current {
                    for object in report.graph.objects where object.site != 0 {
                        let old = snapshot.usage[object.site] ?? (0, 0)
                        snapshot.usage[object.site] = (old.count + 1, old.bytes + object.size)
                    }
                    report.final = snapshot
                }
                current = nil
                inFinal = false
            case .rootsScanned where inFinal:
                report.graph.rootsScanned = true
            case .object where words.count >= 8 && inFinal:
                report.graph.objects.append(HeapGraph.Object(
                    address: UInt(hexadecimal(words[2]) ?? 0), size: decimal(words[3]) ?? 0,
                    strong: decimal(words[4]) ?? 0, sequence: decimal(words[5]) ?? 0,
                    kind: UInt32(truncatingIfNeeded: hexadecimal(words[6]) ?? 0),
                    site: UInt32(truncatingIfNeeded: decimal(words[7]) ?? 0), type: intern(tail),
                    roots: words.count > 8 ? UInt32(truncatingIfNeeded: decimal(words[8]) ?? 0) : 0,
                    isToolchainClass: words.count > 9 && words[9].count == 1 && base[words[9].lowerBound] == UInt8(ascii: "1")))
            case .edge where words.count >= 4 && inFinal:
                if let from = decimal(words[1]), let to = decimal(words[2]),
                   from < UInt64(report.graph.objects.count), to < UInt64(report.graph.objects.count) {
                    report.graph.edges.append(HeapGraph.Edge(from: Int(from), to: Int(to), via: intern(tail)))
                }
            case .site where words.count >= 2:
                if let site = decimal(words[1]), site <= UInt64(UInt32.max) {
                    report.siteFrames[UInt32(site)] = words.dropFirst(2).compactMap { hexadecimal($0).map(UInt.init) }
                }
            case .frame:
                // frame ADDRESS \t module \t offset [\t symbol]: fields split by tabs only.
                var fields: [Range<Int>] = []
                var fieldStart = position
                for index in position...lineEnd where index == lineEnd || base[index] == UInt8(ascii: "\t") {
                    fields.append(fieldStart..<index)
                    fieldStart = index + 1
                }
                let addressField = fields[0].lowerBound + min(6, fields[0].count)..<fields[0].upperBound
                if fields.count >= 3, let address = hexadecimal(addressField) {
                    report.frames[UInt(address)] = TraceReport.Frame(
                        module: intern(fields[1]), offset: UInt(hexadecimal(fields[2]) ?? 0),
                        symbol: fields.count > 3 ? string(fields[3]) : "")
                }
            case .end: report.complete = true
            default: continue
            }
        }
    }

    /// The line keywords the parser acts on.
    private enum Keyword {
        case active, stopped, allocated, inactive, snapshot, final, usage, endSnapshot, endFinal, rootsScanned
        case object, edge, site, frame, end, other

        init(bytes: UnsafeBufferPointer<UInt8>) {
            switch String(decoding: bytes, as: UTF8.self) {
            case "active": self = .active
            case "stopped": self = .stopped
            case "allocated": self = .allocated
            case "inactive": self = .inactive
            case "snapshot": self = .snapshot
            case "final": self = .final
            case "usage": self = .usage
            case "end-snapshot": self = .endSnapshot
            case "end-final": self = .endFinal
            case "roots-scanned": self = .rootsScanned
            case "object": self = .object
            case "edge": self = .edge
            case "site": self = .site
            case "frame": self = .frame
            case "end": self = .end
            default: self = .other
            }
        }
    }

    /// The first index of `byte` in `start..<end`.
    private func find(_ byte: UInt8, from start: Int, to end: Int) -> Int? {
        guard start < end, let base = bytes.baseAddress,
              let found = memchr(base + start, Int32(byte), end - start) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    private func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// The line without its keyword and the space after it.
    private func string(afterKeywordOf line: Range<Int>, keyword: Range<Int>) -> String {
        string(min(keyword.upperBound + 1, line.upperBound)..<line.upperBound)
    }

    /// The string of `range`, made once per distinct content.
    private mutating func intern(_ range: Range<Int>) -> String {
        guard let base = bytes.baseAddress, !range.isEmpty else { return "" }
        let key = ByteRange(base: base + range.lowerBound, count: range.count)
        if let known = interned[key] { return known }
        let made = string(range)
        interned[key] = made
        return made
    }

    /// A decimal number that fits in 64 bits, or nil.
    private func decimal(_ range: Range<Int>) -> UInt64? {
        guard !range.isEmpty, range.count <= 20 else { return nil }
        var value: UInt64 = 0
        for index in range {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times10, overflowed) = value.multipliedReportingOverflow(by: 10)
            let (sum, carried) = times10.addingReportingOverflow(UInt64(digit))
            guard !overflowed, !carried else { return nil }
            value = sum
        }
        return value
    }

    /// A hexadecimal number (no prefix) of at most 16 digits, or nil.
    private func hexadecimal(_ range: Range<Int>) -> UInt64? {
        guard !range.isEmpty, range.count <= 16 else { return nil }
        var value: UInt64 = 0
        for index in range {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt64(digit)
        }
        return value
    }
}
