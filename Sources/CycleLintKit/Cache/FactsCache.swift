import Foundation
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Per-file facts on disk, so that a run over unchanged sources skips parsing them.
///
/// An entry is named by a digest of the file's path and bytes, in a folder named by the
/// fingerprint of the tool that made it (`ToolFingerprint`): facts are a pure function of the
/// path, the bytes and the extractor, so an entry found is the facts extraction would give, and
/// a rebuilt tool never sees its predecessor's entries. Entries are written to a temporary file
/// and renamed into place, so runs sharing the folder at once never see half an entry; an entry
/// that does not pass its checksum or does not decode is a miss and is rewritten.
public final class FactsCache: @unchecked Sendable {
    /// The cache folder as given.
    public let directory: String
    /// Identifies the tool whose entries these are.
    public let toolFingerprint: ContentHash
    /// Where this tool's entries live: `directory/facts-v1/<fingerprint>`.
    let entriesDirectory: String
    private let lock = NSLock()
    private var counts = FactsCacheStatistics()
    private var createdShards: Set<String> = []

    /// Bumped whenever the entry layout or `CompactFormat` changes.
    static let formatVersion: UInt32 = 1
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
        let found: FileFacts?
        var damaged = false
        switch CacheEntryFile.contents(of: entryPath(key)) {
        case nil:
            found = nil
        case let bytes?:
            found = Self.decodeEntry(bytes, key: key).flatMap { $0.path == path ? $0 : nil }
            damaged = found == nil
        }
        lock.withLock {
            if found != nil { counts.hits += 1 } else { counts.misses += 1 }
            if damaged { counts.damagedEntries += 1 }
        }
        return found
    }

    /// Stores `facts` under `key`, replacing any entry there. Failures are counted, not thrown:
    /// a cache that cannot be written only makes the next run slower.
    func store(_ facts: FileFacts, forKey key: ContentHash) {
        do {
            let entry = try Self.encodeEntry(facts, key: key)
            let path = entryPath(key)
            try createShardIfNeeded((path as NSString).deletingLastPathComponent)
            try CacheEntryFile.replace(path, with: entry)
            lock.withLock { counts.writes += 1 }
        } catch {
            lock.withLock {
                counts.failedWrites += 1
                if counts.firstWriteFailure == nil { counts.firstWriteFailure = "\(error)" }
            }
        }
    }

    private func entryPath(_ key: ContentHash) -> String {
        CacheEntryFile.path(of: key, in: entriesDirectory)
    }

    private func createShardIfNeeded(_ shard: String) throws {
        guard !lock.withLock({ createdShards.contains(shard) }) else { return }
        do {
            try FileManager.default.createDirectory(atPath: shard, withIntermediateDirectories: true)
        } catch {
            throw CycleLintError.unreadablePath(shard, reason: error.localizedDescription)
        }
        _ = lock.withLock { createdShards.insert(shard) }
    }

    // MARK: Entry layout

    static func encodeEntry(_ facts: FileFacts, key: ContentHash) throws -> [UInt8] {
        entryFile.wrap(try CompactEncoder.encode(facts), key: key)
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
