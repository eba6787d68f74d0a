import Foundation
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The on-disk envelope every cache entry shares, and the way entries are read and written.
///
/// An entry is `magic, format version, key, payload length, payload checksum, payload`: a
/// reader accepts only a complete entry for the key it asked for, whose payload passes its
/// checksum, so a truncated, corrupt or misplaced file is a miss. A result entry is a file of
/// its own, written to a temporary file and renamed into place, so runs sharing a folder never
/// see half an entry; facts entries are written back to back into packs (`FactsPackWriter`).
struct CacheEntryFile {
    /// Four bytes naming what kind of entry this is.
    let magic: [UInt8]
    /// Bumped whenever the payload layout changes.
    let formatVersion: UInt32

    /// magic, format version, key, payload length, payload checksum.
    static let headerSize = 4 + 4 + 16 + 8 + 8

    /// Fills in the envelope of `entry` for `key`: its first `headerSize` bytes were left for
    /// it (`CompactEncoder.encode(_:prefix:)` leaves them) and the rest is the payload.
    func seal(_ entry: inout [UInt8], key: ContentHash) {
        precondition(entry.count >= Self.headerSize, "no room for the envelope")
        let payloadLength = UInt64(entry.count - Self.headerSize)
        let checksum = entry.withUnsafeBytes { XXH64.hash(UnsafeRawBufferPointer(rebasing: $0[Self.headerSize...]), seed: 0) }
        entry.withUnsafeMutableBytes { header in
            header.copyBytes(from: magic)
            header.storeBytes(of: formatVersion.littleEndian, toByteOffset: 4, as: UInt32.self)
            header.storeBytes(of: key.first.littleEndian, toByteOffset: 8, as: UInt64.self)
            header.storeBytes(of: key.second.littleEndian, toByteOffset: 16, as: UInt64.self)
            header.storeBytes(of: payloadLength.littleEndian, toByteOffset: 24, as: UInt64.self)
            header.storeBytes(of: checksum.littleEndian, toByteOffset: 32, as: UInt64.self)
        }
    }

    /// The key and payload length in the header that starts `bytes`, or nil when `bytes` does not
    /// start with a header of this kind of entry.
    func header(_ bytes: [UInt8]) -> (key: ContentHash, payloadLength: UInt64)? {
        bytes.withUnsafeBytes { raw in
            guard raw.count >= Self.headerSize, raw.prefix(4).elementsEqual(magic),
                  raw.loadUnaligned(fromByteOffset: 4, as: UInt32.self) == formatVersion.littleEndian else { return nil }
            let key = ContentHash(first: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                                  second: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)))
            return (key, UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)))
        }
    }

    /// What `decode` makes of the payload of `entry`, or nil when `entry` is not a complete,
    /// intact entry of this kind for `key`, or `decode` throws.
    func unwrap<T>(_ entry: [UInt8], key: ContentHash, _ decode: (UnsafeRawBufferPointer) throws -> T) -> T? {
        entry.withUnsafeBytes { bytes -> T? in
            guard bytes.count >= Self.headerSize, bytes.prefix(4).elementsEqual(magic),
                  bytes.loadUnaligned(fromByteOffset: 4, as: UInt32.self) == formatVersion.littleEndian,
                  bytes[8..<24].elementsEqual(key.bytes) else { return nil }
            let length = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
            guard length == UInt64(bytes.count - Self.headerSize) else { return nil }
            let payload = UnsafeRawBufferPointer(rebasing: bytes[Self.headerSize...])
            let checksum = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 32, as: UInt64.self))
            guard XXH64.hash(payload, seed: 0) == checksum else { return nil }
            return try? decode(payload)
        }
    }

    /// Where the entry for `key` lives under `directory`: a two-digit shard folder, then the rest.
    static func path(of key: ContentHash, in directory: String) -> String {
        let name = key.description
        return directory + "/" + name.prefix(2) + "/" + name.dropFirst(2)
    }

    /// The whole file at `path`, or nil when it does not exist or cannot be read.
    static func contents(of path: String) -> [UInt8]? {
        withOpenFile(path) { descriptor, size in readAll(descriptor, size: size) }
    }

    /// What `body` makes of the file at `path`, opened for reading, and its size; nil when the
    /// file cannot be opened or its size read. The file is closed when `body` returns.
    static func withOpenFile<T>(_ path: String, _ body: (_ descriptor: Int32, _ size: Int) -> T?) -> T? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size >= 0 else { return nil }
        return body(descriptor, Int(status.st_size))
    }

    /// The first `size` bytes of `descriptor`, or nil when fewer can be read.
    private static func readAll(_ descriptor: Int32, size: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: size)
        let filled = bytes.withUnsafeMutableBytes { buffer -> Int in
            var total = 0
            while total < size, let base = buffer.baseAddress {
                let count = read(descriptor, base + total, size - total)
                if count <= 0 { break }
                total += count
            }
            return total
        }
        return filled == size ? bytes : nil
    }

    /// Puts `bytes` at `path` (its folder must exist) through a temporary file renamed into
    /// place, replacing any file there. Throws `CycleLintError.unreadablePath` with why not.
    static func replace(_ path: String, with bytes: [UInt8]) throws {
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = folder + "/.tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        guard writeNewFile(temporary, bytes) else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CycleLintError.unreadablePath(folder, reason: "cannot write a cache entry: \(reason)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CycleLintError.unreadablePath(path, reason: reason)
        }
    }

    /// Creates `path` (which must not exist) with `bytes`; false when that fails.
    private static func writeNewFile(_ path: String, _ bytes: [UInt8]) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { return false }
        let written = writeAll(bytes, to: descriptor)
        return close(descriptor) == 0 && written
    }

    /// Writes all of `bytes` to the open file `descriptor`; false when a write fails.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        bytes.withUnsafeBytes { buffer -> Bool in
            var total = 0
            while total < buffer.count, let base = buffer.baseAddress {
                let count = write(descriptor, base + total, buffer.count - total)
                if count <= 0 { return false }
                total += count
            }
            return true
        }
    }
}
