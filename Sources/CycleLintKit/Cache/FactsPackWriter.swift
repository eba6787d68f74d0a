import Foundation
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// One run's new cache entries, appended to one pack file as they come.
///
/// The pack is written under a temporary name and renamed into place by `commit`, so another
/// run never reads a pack being written. One file per run, not per entry: creating thousands
/// of files cost more than encoding their contents (an ext4 file system without a journal
/// looks for a free inode past every recently deleted one). Not thread-safe: its owner
/// serialises the calls.
final class FactsPackWriter {
    private let folder: String
    private let temporaryPath: String
    private var descriptor: Int32
    /// Entries appended so far.
    private(set) var entryCount = 0

    /// A new, empty pack in `folder`, which is created if needed. Throws
    /// `CycleLintError.unwritablePath` with the system's reason.
    init(folder: String) throws {
        try Self.createFolder(folder)
        self.folder = folder
        temporaryPath = folder + "/" + Self.temporaryPrefix + "\(getpid())-\(UInt64.random(in: 0...UInt64.max)).pack"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw Self.failure(folder) }
    }

    /// The error for `path` from the last system call's `errno`.
    private static func failure(_ path: String) -> CycleLintError {
        CycleLintError.unwritablePath(path, reason: String(cString: strerror(errno)))
    }

    /// Creates `folder` and the missing folders above it ("Not a directory" when a file is in the way).
    private static func createFolder(_ folder: String) throws {
        var current = folder.hasPrefix("/") ? "" : "."
        for component in folder.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o755) != 0, errno != EEXIST { throw failure(current) }
        }
        var status = stat()
        guard stat(folder, &status) == 0 else { throw failure(folder) }
        guard status.st_mode & S_IFMT == S_IFDIR else { throw CycleLintError.unwritablePath(folder, reason: "Not a directory") }
    }

    deinit { discard() }

    /// What a pack being written is named with; readers skip such files.
    static let temporaryPrefix = ".tmp-"

    /// Appends one entry (in its envelope).
    func append(_ entry: [UInt8]) throws {
        guard CacheEntryFile.writeAll(entry, to: descriptor) else { throw Self.failure(temporaryPath) }
        entryCount += 1
    }

    /// Closes the pack and puts it in place under a name that sorts after every earlier pack's.
    func commit() throws {
        guard descriptor >= 0 else { return }
        let closed = close(descriptor) == 0
        descriptor = -1
        let final = folder + "/" + Self.packName()
        guard closed, rename(temporaryPath, final) == 0 else {
            let failure = Self.failure(final)
            unlink(temporaryPath)
            throw failure
        }
    }

    /// Closes and removes the pack, if it was not committed.
    func discard() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
        unlink(temporaryPath)
    }

    /// `<nanoseconds since 1970, 20 digits>-<pid>-<random>.pack`: names sort by the time they were made.
    private static func packName() -> String {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        let nanoseconds = UInt64(max(0, time.tv_sec)) * 1_000_000_000 + UInt64(max(0, time.tv_nsec))
        let digits = String(nanoseconds)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
            + "-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).pack"
    }

    /// Removes the packs that runs stopped before committing (killed, or crashed) left in
    /// `folder`: temporary packs last changed more than `age` seconds ago.
    static func removeAbandoned(in folder: String, olderThan age: Double = 3600) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        let now = Date()
        for name in names where name.hasPrefix(temporaryPrefix) {
            let path = folder + "/" + name
            guard let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
                  now.timeIntervalSince(modified) > age else { continue }
            unlink(path)
        }
    }
}
