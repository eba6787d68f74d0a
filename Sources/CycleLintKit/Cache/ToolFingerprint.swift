import Foundation
import SwiftParser
import SwiftSyntax
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Identifies the fact extractor that is running: a digest of the bytes of every binary image
/// that holds its code (the fact extractor, SwiftParser and SwiftSyntax; in a usual static
/// build, all three are the executable itself).
///
/// Hashing the binary itself, rather than trusting a version string, means any rebuild (an
/// uncommitted edit of an extractor, another compiler, another swift-syntax) gets its own
/// cache entries, and a binary that did not change keeps them. Hashing a large binary takes
/// tens of milliseconds, so the digest is remembered in `memoDirectory`, keyed by the image's
/// path, device, inode, size, modification and status-change times: the status-change time
/// cannot be set back by tools like `cp -p` or `touch`, so a replaced binary is always rehashed.
enum ToolFingerprint {
    /// The fingerprint of the running extractor. Throws `CycleLintError.unreadablePath` when an
    /// image cannot be located or read.
    static func current(memoDirectory: String) throws -> ContentHash {
        var parts: [[UInt8]] = [Array("cyclelint-facts".utf8)]
        for image in try images() {
            parts.append(try digest(ofImageAt: image.file, named: image.name, memoDirectory: memoDirectory).bytes)
        }
        return ContentHash(parts: parts)
    }

    /// The distinct images holding the extractor, SwiftParser and SwiftSyntax: the path that
    /// names each, and the file to read it from.
    static func images() throws -> [(name: String, file: String)] {
        let markers: [Any.Type] = [FileFacts.self, Parser.self, SourceFileSyntax.self]
        var images: [(name: String, file: String)] = []
        for marker in markers {
            let image = try image(containing: unsafeBitCast(marker, to: UnsafeRawPointer.self))
            if !images.contains(where: { $0.name == image.name }) { images.append(image) }
        }
        return images
    }

    /// The loaded image that contains `address` (a type's metadata).
    private static func image(containing address: UnsafeRawPointer) throws -> (name: String, file: String) {
        #if os(Linux)
        // The file mapped at `address`, from the kernel's list of this process's mappings.
        let target = UInt(bitPattern: address)
        guard let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8) else {
            throw CycleLintError.unreadablePath("/proc/self/maps", reason: "cannot locate the running code")
        }
        for line in maps.split(separator: "\n") {
            // start-end perms offset device inode path
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count == 6, let dash = fields[0].firstIndex(of: "-"),
                  let start = UInt(fields[0][..<dash], radix: 16),
                  let end = UInt(fields[0][fields[0].index(after: dash)...], radix: 16),
                  start <= target, target < end else { continue }
            let name = fields[5].trimmingCharacters(in: .whitespaces)
            guard name.hasPrefix("/") else { break }
            // The executable is read through /proc/self/exe: that works even once the file
            // has been replaced on disk while this process runs.
            let running = "/proc/self/exe"
            let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: running)
            return (name, name == executable || name.hasSuffix(" (deleted)") ? running : name)
        }
        throw CycleLintError.unreadablePath("(the cyclelint binary)", reason: "cannot locate the running code")
        #else
        var info = Dl_info()
        guard dladdr(address, &info) != 0, let name = info.dli_fname.map({ String(cString: $0) }) else {
            throw CycleLintError.unreadablePath("(the cyclelint binary)", reason: "cannot locate the running code")
        }
        return (name, name)
        #endif
    }

    /// The digest of the file at `path`, remembered under `name`: from the memo when the file
    /// has not changed since.
    static func digest(ofImageAt path: String, named name: String, memoDirectory: String) throws -> ContentHash {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw CycleLintError.unreadablePath(path, reason: String(cString: strerror(errno)))
        }
        #if os(Linux)
        let (modified, changed) = (status.st_mtim, status.st_ctim)
        #else
        let (modified, changed) = (status.st_mtimespec, status.st_ctimespec)
        #endif
        let identity = [
            name, "\(status.st_dev)", "\(status.st_ino)", "\(status.st_size)",
            "\(modified.tv_sec).\(modified.tv_nsec)", "\(changed.tv_sec).\(changed.tv_nsec)",
        ].joined(separator: "\u{1F}")
        let memo = memoDirectory + "/" + ContentHash(parts: [Array(name.utf8)]).description
        if let remembered = try? String(contentsOfFile: memo, encoding: .utf8) {
            let lines = remembered.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.count == 3, lines[0] == identity, let first = UInt64(lines[1], radix: 16), let second = UInt64(lines[2], radix: 16) {
                return ContentHash(first: first, second: second)
            }
        }
        guard let digest = mappedDigest(of: path) else {
            throw CycleLintError.unreadablePath(path, reason: "cannot read the binary to fingerprint it")
        }
        // Best effort: without the memo the next run hashes the binary again.
        let text = identity + "\n" + String(digest.first, radix: 16) + "\n" + String(digest.second, radix: 16)
        try? FileManager.default.createDirectory(atPath: memoDirectory, withIntermediateDirectories: true)
        try? text.write(toFile: memo, atomically: true, encoding: .utf8)
        return digest
    }

    /// The digest of the file at `path`, read through a read-only mapping: the binary is tens of
    /// megabytes, and copying it into a buffer first cost more than hashing it. Nil when the file
    /// cannot be opened or mapped.
    private static func mappedDigest(of path: String) -> ContentHash? {
        CacheEntryFile.withOpenFile(path) { descriptor, size in
            guard size > 0 else { return ContentHash(UnsafeRawBufferPointer(start: nil, count: 0)) }
            guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), base != MAP_FAILED else { return nil }
            defer { munmap(base, size) }
            return ContentHash(UnsafeRawBufferPointer(start: base, count: size))
        }
    }
}
