@testable import CycleLintKit
import Foundation
import Testing

/// The facts cache: hits, misses after edits and tool changes, damaged entries, runs sharing a
/// folder, and the compact format it stores facts in.
@Suite("Facts cache")
struct FactsCacheTests {
    private static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private let leak = """
    final class Session {
        var onClose: (() -> Void)?
        func start() { onClose = { self.cleanup() } }
        func cleanup() {}
    }

    """

    /// A project of three files, one with a capture cycle and one with a suppressed one.
    private func project() throws -> String {
        let root = try temporaryFolder("cache")
        try write(leak, to: root + "/Sources/Session.swift")
        try write(leak.replacingOccurrences(of: "Session", with: "Quiet")
            .replacingOccurrences(of: "func start() {", with: "func start() { // cyclelint:disable:next capture-cycle\n"),
                  to: root + "/Sources/Quiet.swift")
        try write("struct Plain { var x = 1 }\n", to: root + "/Sources/Plain.swift")
        return root
    }

    private func run(_ root: String, cache: String, fingerprint: ContentHash = ContentHash(parts: [[1]])) throws -> AnalysisResult {
        let options = AnalysisOptions(factsCache: FactsCache(directory: cache, toolFingerprint: fingerprint))
        return try CycleLint.check(paths: [root + "/Sources"], options: options)
    }

    /// Facts compared field by field, through their JSON form.
    private func json(_ facts: FileFacts) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(facts)
    }

    private func packFolder(_ cache: String, fingerprint: ContentHash = ContentHash(parts: [[1]])) -> String {
        cache + "/facts-v\(FactsCache.formatVersion)/" + fingerprint.description
    }

    /// The committed packs of the tool fingerprinted `[1]`.
    private func packs(in cache: String) -> [String] {
        FactsPackReader.packNames(in: packFolder(cache)).map { packFolder(cache) + "/" + $0 }
    }

    @Test("a second run over unchanged files takes every file's facts from the cache, with the same result")
    func hit() throws {
        let root = try project(), cache = try temporaryFolder("cache")
        let cold = try run(root, cache: cache)
        #expect(cold.cacheStatistics == FactsCacheStatistics(hits: 0, misses: 3, writes: 3))
        let warm = try run(root, cache: cache)
        #expect(warm.cacheStatistics == FactsCacheStatistics(hits: 3, misses: 0))
        #expect(warm.findings == cold.findings)
        #expect(warm.findings.count == 2)  // the suppression applies later, in CheckRunner
        #expect(warm.suppressions == cold.suppressions)
        #expect(warm.suppressions.keys.map { ($0 as NSString).lastPathComponent } == ["Quiet.swift"])
        #expect(warm.files == cold.files)
    }

    @Test("editing one file re-extracts that file only")
    func missAfterEdit() throws {
        let root = try project(), cache = try temporaryFolder("cache")
        _ = try run(root, cache: cache)
        try write("struct Plain { var x = 2 }\n", to: root + "/Sources/Plain.swift")
        let edited = try run(root, cache: cache)
        #expect(edited.cacheStatistics == FactsCacheStatistics(hits: 2, misses: 1, writes: 1))
        // The same bytes under another path are another entry: facts carry their path.
        try FileManager.default.copyItem(atPath: root + "/Sources/Session.swift", toPath: root + "/Sources/Copy.swift")
        let copied = try run(root, cache: cache)
        #expect(copied.cacheStatistics == FactsCacheStatistics(hits: 3, misses: 1, writes: 1))
        #expect(copied.findings.contains { $0.location.file.hasSuffix("Copy.swift") })
    }

    @Test("another tool fingerprint never sees the entries of this one")
    func toolVersionChange() throws {
        let root = try project(), cache = try temporaryFolder("cache")
        _ = try run(root, cache: cache, fingerprint: ContentHash(parts: [[1]]))
        let other = try run(root, cache: cache, fingerprint: ContentHash(parts: [[2]]))
        #expect(other.cacheStatistics == FactsCacheStatistics(hits: 0, misses: 3, writes: 3))
        #expect(try run(root, cache: cache, fingerprint: ContentHash(parts: [[1]])).cacheStatistics?.hits == 3)
    }

    @Test("a corrupt or foreign entry is a miss and is written again; a truncated pack keeps the entries before the cut")
    func corruptEntries() throws {
        let root = try project(), cache = try temporaryFolder("cache")
        _ = try run(root, cache: cache)
        let reader = FactsPackReader(folder: packFolder(cache), envelope: CacheEntryFile(magic: Array("CLFC".utf8),
                                                                                         formatVersion: FactsCache.formatVersion))
        let stored = reader.keys.flatMap(reader.locations(of:)).sorted { $0.offset < $1.offset }
        #expect(packs(in: cache).count == 1 && stored.count == 3)
        let keyAtOffset = Dictionary(uniqueKeysWithValues: reader.keys.flatMap { key in reader.locations(of: key).map { ($0.offset, key) } })
        let keys = stored.map { keyAtOffset[$0.offset]! }
        let entries = try stored.map { try #require(reader.bytes(at: $0)) }
        // One flipped payload byte, another file's facts under this entry's key, and the last
        // entry cut in half (so the pack ends inside it).
        var flipped = entries[0]
        flipped[flipped.count - 3] ^= 0x40
        let otherFile = try #require(FactsCache.decodeEntry(entries[0], key: keys[0]))
        let foreign = try FactsCache.encodeEntry(otherFile, key: keys[1])
        let pack = flipped + foreign + entries[2].prefix(entries[2].count / 2)
        try Data(pack).write(to: URL(fileURLWithPath: packs(in: cache)[0]))
        let repaired = try run(root, cache: cache)
        #expect(repaired.cacheStatistics == FactsCacheStatistics(hits: 0, misses: 3, damagedEntries: 2, writes: 3))
        #expect(try run(root, cache: cache).cacheStatistics == FactsCacheStatistics(hits: 3, misses: 0))
        #expect(repaired.findings.count == 2)
    }

    @Test("a folder with more than the most packs is merged into one that keeps every intact entry")
    func packsAreMerged() throws {
        let root = try project(), cache = try temporaryFolder("cache")
        _ = try run(root, cache: cache)
        for version in 2...FactsCache.maximumPacks {
            try write("struct Plain { var x = \(version) }\n", to: root + "/Sources/Plain.swift")
            #expect(try run(root, cache: cache).cacheStatistics?.writes == 1)
        }
        #expect(packs(in: cache).count == FactsCache.maximumPacks)
        try write("struct Plain { var x = 100 }\n", to: root + "/Sources/Plain.swift")
        _ = try run(root, cache: cache)
        #expect(packs(in: cache).count == 1)
        // Entries of earlier versions of the file are still there.
        try write("struct Plain { var x = 1 }\n", to: root + "/Sources/Plain.swift")
        #expect(try run(root, cache: cache).cacheStatistics == FactsCacheStatistics(hits: 3, misses: 0))
    }

    @Test("a pack left half-written by a run that was stopped is removed once it is old")
    func abandonedPacksAreRemoved() throws {
        let root = try project(), cache = try temporaryFolder("cache")
        let folder = packFolder(cache)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let old = folder + "/.tmp-1-1.pack", recent = folder + "/.tmp-1-2.pack"
        try write("half a pack", to: old)
        try write("a pack being written", to: recent)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -7200)], ofItemAtPath: old)
        #expect(try run(root, cache: cache).cacheStatistics?.writes == 3)
        #expect(!FileManager.default.fileExists(atPath: old))
        #expect(FileManager.default.fileExists(atPath: recent))
        #expect(try run(root, cache: cache).cacheStatistics?.hits == 3)
    }

    @Test("damaged compact data with a valid checksum gives nil, never a crash")
    func damagedPayloadsAreRejected() throws {
        let facts = FileFactsExtractor.extract(path: "Session.swift", source: leak)
        let key = ContentHash(parts: [[7]])
        let entry = try FactsCache.encodeEntry(facts, key: key)
        let header = CacheEntryFile.headerSize
        var rejected = 0
        for position in stride(from: header, to: entry.count, by: max(1, (entry.count - header) / 300)) {
            for mask: UInt8 in [0x01, 0x80, 0xFF] {
                var damaged = Array(entry[header...])
                damaged[position - header] ^= mask
                var rebuilt = Array(entry[..<header])
                let checksum = damaged.withUnsafeBytes { XXH64.hash($0, seed: 0) }
                withUnsafeBytes(of: checksum.littleEndian) { rebuilt.replaceSubrange(32..<40, with: $0) }
                if FactsCache.decodeEntry(rebuilt + damaged, key: key) == nil { rejected += 1 }
            }
        }
        #expect(rejected > 0)
        #expect(FactsCache.decodeEntry(Array(entry.prefix(header)), key: key) == nil)
        #expect(FactsCache.decodeEntry(entry, key: ContentHash(parts: [[8]])) == nil)
        let intact = try #require(FactsCache.decodeEntry(entry, key: key))
        #expect(try json(intact) == json(facts))
    }

    @Test("two runs sharing a cold cache at once both get every file's facts")
    func concurrentRuns() throws {
        let root = try project(), cache = try temporaryFolder("cache")
        for index in 0..<40 { try write(leak.replacingOccurrences(of: "Session", with: "S\(index)"), to: root + "/Sources/S\(index).swift") }
        let results = Results()
        let group = DispatchGroup()
        for _ in 0..<2 {
            DispatchQueue.global().async(group: group) {
                results.append(Result { try self.run(root, cache: cache) })
            }
        }
        group.wait()
        let both = try results.all.map { try $0.get() }
        #expect(both.count == 2)
        #expect(both[0].findings == both[1].findings)
        #expect(both[0].findings.count == 42)
        let after = try run(root, cache: cache)
        #expect(after.cacheStatistics == FactsCacheStatistics(hits: 43, misses: 0))
        #expect(after.findings == both[0].findings)
        // No temporary file is left behind.
        let leftovers = (FileManager.default.enumerator(atPath: cache)?.allObjects as? [String] ?? []).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [Result<AnalysisResult, any Error>] = []
        func append(_ value: Result<AnalysisResult, any Error>) { lock.withLock { values.append(value) } }
        var all: [Result<AnalysisResult, any Error>] { lock.withLock { values } }
    }

    @Test("without a cache nothing is read or written")
    func noCache() throws {
        let root = try project()
        let result = try CycleLint.check(paths: [root + "/Sources"])
        #expect(result.cacheStatistics == nil)
        #expect(result.findings.count == 2)
    }

    @Test("an unwritable cache folder only costs the writes")
    func unwritableCache() throws {
        let root = try project(), parent = try temporaryFolder("cache")
        let blocked = parent + "/file"
        try "not a folder".write(toFile: blocked, atomically: true, encoding: .utf8)
        let result = try run(root, cache: blocked)
        #expect(result.cacheStatistics?.failedWrites == 3)
        #expect(result.cacheStatistics?.firstWriteFailure?.contains("Not a directory") == true, "\(result.cacheStatistics?.firstWriteFailure ?? "")")
        #expect(result.findings.count == 2)
    }

    @Test("clean removes every entry and memo")
    func clean() throws {
        let root = try project(), cache = try temporaryFolder("cache")
        _ = try run(root, cache: cache)
        try write("keep", to: cache + "/unrelated.txt")
        #expect(!packs(in: cache).isEmpty)
        try FactsCache.clean(directory: cache)
        #expect(packs(in: cache).isEmpty)
        #expect(FileManager.default.fileExists(atPath: cache + "/unrelated.txt"))
        #expect(try run(root, cache: cache).cacheStatistics?.misses == 3)
        try FactsCache.clean(directory: cache + "/missing")  // nothing to clean is fine
    }

    @Test("the default folder follows XDG_CACHE_HOME, then HOME")
    func defaultDirectory() {
        #expect(FactsCache.defaultDirectory(environment: ["XDG_CACHE_HOME": "/x", "HOME": "/h"]) == "/x/cyclelint")
        #expect(FactsCache.defaultDirectory(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/h"])?.hasPrefix("/h/") == true)
        #expect(FactsCache.defaultDirectory(environment: [:]) == nil)
    }

    @Test("the tool fingerprint changes with the binary's bytes and is remembered while it does not")
    func fingerprint() throws {
        let folder = try temporaryFolder("cache")
        let binary = folder + "/tool", memo = folder + "/memo"
        try Data("version 1".utf8).write(to: URL(fileURLWithPath: binary))
        let first = try ToolFingerprint.digest(ofImageAt: binary, named: binary, memoDirectory: memo)
        #expect(first == Data("version 1".utf8).withUnsafeBytes { ContentHash($0) })
        // An unchanged file is not read again: a doctored memo is believed...
        let memoName = try #require(FileManager.default.contentsOfDirectory(atPath: memo).first)
        let memoFile = memo + "/" + memoName
        let remembered = try String(contentsOfFile: memoFile, encoding: .utf8).split(separator: "\n")
        try (remembered[0] + "\n1\n2").write(toFile: memoFile, atomically: true, encoding: .utf8)
        #expect(try ToolFingerprint.digest(ofImageAt: binary, named: binary, memoDirectory: memo) == ContentHash(first: 1, second: 2))
        // ...until the file is replaced, even by one of the same size.
        try Data("version 2".utf8).write(to: URL(fileURLWithPath: binary))
        let second = try ToolFingerprint.digest(ofImageAt: binary, named: binary, memoDirectory: memo)
        #expect(second == Data("version 2".utf8).withUnsafeBytes { ContentHash($0) })
        #expect(throws: CycleLintError.self) {
            try ToolFingerprint.digest(ofImageAt: folder + "/missing", named: "missing", memoDirectory: memo)
        }
        // The running test binary can be fingerprinted, and the same twice.
        let running = try ToolFingerprint.current(memoDirectory: memo)
        #expect(try ToolFingerprint.current(memoDirectory: memo) == running)
        #expect(try !ToolFingerprint.images().isEmpty)
    }

    @Test("XXH64 matches the reference implementation")
    func xxh64() {
        let vectors: [(String, UInt64, UInt64)] = [
            ("", 0, 0xEF46_DB37_51D8_E999), ("abc", 0, 0x44BC_2CF5_AD77_0999),
            (String(repeating: "a", count: 100), 0, 0x3750_41E8_B1DE_CFB3),
            ("The quick brown fox jumps over the lazy dog", 0, 0x0B24_2D36_1FDA_71BC),
            (String(repeating: "a", count: 37), 0x9E37_79B9_7F4A_7C15, 0x65A7_1E64_C9BA_8819),
        ]
        for (text, seed, expected) in vectors {
            #expect(Array(text.utf8).withUnsafeBytes { XXH64.hash($0, seed: seed) } == expected)
        }
        #expect(ContentHash(parts: [[1, 2], [3]]) != ContentHash(parts: [[1], [2, 3]]))
    }

    @Test("facts survive the compact format unchanged")
    func compactRoundTrip() throws {
        let folders = ["samples/Sources", "Sources/CycleLintKit/Facts", "Sources/CycleLintKit/Graph"]
        var checked = 0
        for folder in folders {
            let base = Self.repository.appendingPathComponent(folder).path
            for relative in (FileManager.default.enumerator(atPath: base)?.allObjects as? [String] ?? []) where relative.hasSuffix(".swift") {
                let path = base + "/" + relative
                let facts = FileFactsExtractor.extract(path: path, source: try String(contentsOfFile: path, encoding: .utf8))
                let bytes = try CompactEncoder.encode(facts)
                let decoded = try bytes.withUnsafeBytes { try CompactDecoder.decode(FileFacts.self, from: $0) }
                #expect(try json(decoded) == json(facts), "\(relative)")
                checked += 1
            }
        }
        #expect(checked > 20)
    }

    /// Every shape the format has: optionals, payload enums, nested and empty containers, all
    /// number types, and a conformance that reads keys out of order and skips some.
    struct Shapes: Codable, Equatable {
        enum Choice: Codable, Equatable { case none, one(Int), two(label: String, [Double?]) }
        var text = "é\u{0}x"
        var missing: String?
        var numbers: [Int64] = [.min, -1, 0, 1, .max]
        var unsigned: [UInt64] = [0, 127, 128, .max]
        var small: [Int8] = [.min, .max]
        var float: Float = -0.5
        var flag = true
        var choices: [Choice] = [.none, .one(-3), .two(label: "l", [1.5, nil])]
        var nested: [[String: [Int]]] = [["a": [], "b": [1, 2]], [:]]
    }

    struct Reversed: Decodable, Equatable {
        var flag: Bool
        var text: String
        enum CodingKeys: String, CodingKey { case flag, text, float }
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            flag = try container.decode(Bool.self, forKey: .flag)
            text = try container.decode(String.self, forKey: .text)
            #expect(container.contains(.float))
        }
    }

    @Test("the compact format round-trips every Codable shape and tolerates out-of-order reads")
    func compactShapes() throws {
        let value = Shapes()
        let bytes = try CompactEncoder.encode(value)
        #expect(try bytes.withUnsafeBytes { try CompactDecoder.decode(Shapes.self, from: $0) } == value)
        let reversed = try bytes.withUnsafeBytes { try CompactDecoder.decode(Reversed.self, from: $0) }
        #expect(reversed == Reversed(flag: true, text: "é\u{0}x"))
        // A value of the wrong type is an error, not a crash.
        #expect(throws: DecodingError.self) { try bytes.withUnsafeBytes { try CompactDecoder.decode([String].self, from: $0) } }
        #expect(throws: DecodingError.self) { try [UInt8]().withUnsafeBytes { try CompactDecoder.decode(Int.self, from: $0) } }
    }

    @Test("containers of 128 elements or bytes and more round-trip, nested in each other, and any cut is an error")
    func compactLargeContainers() throws {
        // Each level is past one byte of count or length, so each header grows when it closes.
        let inner = (0..<300).map { "s\($0 % 7)" }
        let value: [String: [[String]]] = ["a": [inner, [], Array(inner.prefix(127)), Array(inner.prefix(128))], "b": []]
        let bytes = try CompactEncoder.encode(value, prefix: 5)
        #expect(bytes.prefix(5).allSatisfy { $0 == 0 })
        let document = Array(bytes.dropFirst(5))
        #expect(try document.withUnsafeBytes { try CompactDecoder.decode([String: [[String]]].self, from: $0) } == value)
        for length in stride(from: 0, to: document.count, by: 13) {
            let cut = Array(document.prefix(length))
            #expect(throws: DecodingError.self) { try cut.withUnsafeBytes { try CompactDecoder.decode([String: [[String]]].self, from: $0) } }
        }
    }
}

extension FactsCacheTests.Reversed {
    init(flag: Bool, text: String) {
        self.flag = flag
        self.text = text
    }
}
