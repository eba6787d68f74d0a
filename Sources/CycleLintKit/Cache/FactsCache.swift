import Foundation
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Per-file facts on disk, so that a run over unchanged sources skips parsing them.
///
/// An entry is found by a digest of the file's path and bytes, in a folder named by the
/// fingerprint of the tool that made it (`ToolFingerprint`): facts are a pure function of the
/// path, the bytes and the extractor, so an entry found is the facts extraction would give, and
/// a rebuilt tool never sees its predecessor's entries. A run's new entries go to one pack file
/// (`FactsPackWriter`), written under a temporary name and renamed into place when the run's
/// extraction ends (`commitWrites`), so runs sharing the folder at once never see half a pack;
/// an entry that does not pass its checksum or does not decode is a miss and is written again.
/// When a folder holds more than `maximumPacks` packs, the run that adds one merges them all
/// into one.
public final class FactsCache: @unchecked Sendable {
    /// The cache folder as given.
    public let directory: String
    /// Identifies the tool whose entries these are.
    public let toolFingerprint: ContentHash
    /// Where this tool's packs live: `directory/facts-v3/<fingerprint>`.
    let entriesDirectory: String
    private let lock = NSLock()
    private var counts = FactsCacheStatistics()
    /// The packs there were when the first entry was looked up.
    private var reader: FactsPackReader?
    /// This run's new entries, from the first one stored until `commitWrites`.
    private var writer: FactsPackWriter?
    /// Why the writer could not be made: every later store fails the same way.
    private var writerFailure: (any Error)?

    /// Bumped whenever the entry layout or `CompactFormat` changes (2: entries in packs; 3:
    /// varint container headers, string table last).
    static let formatVersion: UInt32 = 3
    /// How many packs a folder holds before a run merges them into one.
    static let maximumPacks = 8
    private static let entryFile = CacheEntryFile(magic: Array("CLFC".utf8), formatVersion: formatVersion)

    /// A cache in `directory` for the extractor identified by `toolFingerprint`.
    public init(directory: String, toolFingerprint: ContentHash) {
        self.directory = directory
        self.toolFingerprint = toolFingerprint
        entriesDirectory = directory + "/facts-v\(Self.formatVersion)/" + toolFingerprint.description
    }

    /// A cache in `directory` for the running tool. Throws `CycleLintError.unreadablePath` when
    /// the tool's own binary cannot be read to fingerprint it.
    public static func forRunningTool(directory: String) throws -> FactsCache {
        FactsCache(directory: directory, toolFingerprint: try ToolFingerprint.current(memoDirectory: directory + "/fingerprints"))
    }

    /// The default cache folder: `$XDG_CACHE_HOME/cyclelint`, else `~/.cache/cyclelint`
    /// (`~/Library/Caches/cyclelint` on macOS); nil when neither variable gives an absolute path.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/cyclelint" }
        guard let home = environment["HOME"], home.hasPrefix("/") else { return nil }
        #if os(macOS)
        return home + "/Library/Caches/cyclelint"
        #else
        return home + "/.cache/cyclelint"
        #endif
    }

    /// Removes every entry and fingerprint memo under `directory` (the folder itself stays).
    /// Throws `CycleLintError.unreadablePath` when something cannot be removed.
    public static func clean(directory: String) throws {
        let manager = FileManager.default
        guard manager.fileExists(atPath: directory) else { return }
        do {
            for name in try manager.contentsOfDirectory(atPath: directory) where name.hasPrefix("facts-v") || name == "fingerprints" {
                try manager.removeItem(atPath: directory + "/" + name)
            }
        } catch {
            throw CycleLintError.unreadablePath(directory, reason: "cannot clean the cache: \(error.localizedDescription)")
        }
    }

    /// Hits, misses and failures since this cache object was made (make one per run).
    public var statistics: FactsCacheStatistics { lock.withLock { counts } }

    /// The entry key of the file reported as `path` whose bytes have digest `content`.
    func key(path: String, content: ContentHash) -> ContentHash {
        ContentHash(parts: [Array(path.utf8), content.bytes])
    }

    /// The facts stored under `key` for `path`, or nil (a miss) when there is no usable entry.
    func facts(forKey key: ContentHash, path: String) -> FileFacts? {
        let reader = packs()
        var found: FileFacts?
        var damaged = false
        for location in reader.locations(of: key) {
            found = reader.bytes(at: location).flatMap { Self.decodeEntry($0, key: key) }.flatMap { $0.path == path ? $0 : nil }
            if found != nil { break }
            damaged = true
        }
        lock.withLock {
            if found != nil { counts.hits += 1 } else { counts.misses += 1 }
            if found == nil && damaged { counts.damagedEntries += 1 }
        }
        return found
    }

    /// Adds `facts` under `key` to this run's pack (an older entry under `key` is passed over
    /// once this one is committed only if that one is damaged: entries are facts of the same
    /// bytes). Failures are counted, not thrown: a cache that cannot be written only makes the
    /// next run slower.
    func store(_ facts: FileFacts, forKey key: ContentHash) {
        let entry: [UInt8]
        do {
            entry = try Self.encodeEntry(facts, key: key)
        } catch {
            lock.withLock { countFailedWrites(1, error) }
            return
        }
        lock.withLock {
            if writer == nil, writerFailure == nil {
                do { writer = try FactsPackWriter(folder: entriesDirectory) } catch { writerFailure = error }
            }
            do {
                if let writer { try writer.append(entry) } else if let writerFailure { throw writerFailure }
            } catch {
                countFailedWrites(1, error)
            }
        }
    }

    /// Puts the entries stored since the last call in place for later runs (and merges the
    /// folder's packs when there are more than `maximumPacks`). Called when a run's extraction
    /// ends; entries not committed are not written.
    func commitWrites() {
        lock.withLock {
            defer { writer = nil; writerFailure = nil }
            guard let writer else { return }
            do {
                try writer.commit()
                counts.writes += writer.entryCount
            } catch {
                countFailedWrites(writer.entryCount, error)
                return
            }
            FactsPackWriter.removeAbandoned(in: entriesDirectory)
            if FactsPackReader.packNames(in: entriesDirectory).count > Self.maximumPacks { mergePacks() }
        }
    }

    /// The folder's packs, opened on the first lookup.
    private func packs() -> FactsPackReader {
        lock.withLock {
            if let reader { return reader }
            let opened = FactsPackReader(folder: entriesDirectory, envelope: Self.entryFile)
            reader = opened
            return opened
        }
    }

    /// Rewrites every intact entry of the folder's packs (one per key) into one pack and removes
    /// the packs read. A failure leaves the packs as they were.
    private func mergePacks() {
        let all = FactsPackReader(folder: entriesDirectory, envelope: Self.entryFile)
        guard let merged = try? FactsPackWriter(folder: entriesDirectory) else { return }
        for key in all.keys {
            let intact = all.locations(of: key).lazy.compactMap { all.bytes(at: $0) }
                .first { Self.entryFile.unwrap($0, key: key) { _ in true } != nil }
            guard let intact else { continue }
            do { try merged.append(intact) } catch { return }
        }
        guard (try? merged.commit()) != nil else { return }
        for path in all.packPaths { unlink(path) }
    }

    private func countFailedWrites(_ count: Int, _ error: any Error) {
        counts.failedWrites += count
        if counts.firstWriteFailure == nil { counts.firstWriteFailure = "\(error)" }
    }

    // MARK: Entry layout

    static func encodeEntry(_ facts: FileFacts, key: ContentHash) throws -> [UInt8] {
        var entry = try CompactEncoder.encode(facts, prefix: CacheEntryFile.headerSize)
        entryFile.seal(&entry, key: key)
        return entry
    }

    /// The facts in `entry`, or nil when it is not a complete, intact entry for `key`.
    static func decodeEntry(_ entry: [UInt8], key: ContentHash) -> FileFacts? {
        entryFile.unwrap(entry, key: key) { try CompactDecoder.decode(FileFacts.self, from: $0) }
    }
}

/// What a `FactsCache` did during a run.
public struct FactsCacheStatistics: Sendable, Equatable {
    /// Files whose facts came from the cache.
    public var hits = 0
    /// Files that had to be extracted (no entry, or an unusable one).
    public var misses = 0
    /// Misses where an entry existed but was truncated, corrupt or not for this file.
    public var damagedEntries = 0
    /// Entries written.
    public var writes = 0
    /// Entries that could not be written.
    public var failedWrites = 0
    /// Why the first entry that could not be written failed.
    public var firstWriteFailure: String?
}
