#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The entries of every pack in one folder, found by key.
///
/// A pack (`*.pack`, written by `FactsPackWriter`) is entries in their `CacheEntryFile` envelope,
/// back to back. Opening a pack reads only the envelopes' headers, so finding what a folder
/// holds costs a few small reads per entry; an entry's bytes are read when it is asked for. A
/// pack is read up to its first header that is not one (a truncated or overwritten tail): the
/// entries before it stay usable, and each entry's checksum is checked when it is read.
///
/// Packs are opened once: a pack another run deletes afterwards (when it merges the folder's
/// packs) stays readable through its open descriptor.
final class FactsPackReader: @unchecked Sendable {
    // @unchecked: the tables are written only by `init`; reads use `pread`, which has no shared
    // file position, so threads read entries at once.

    /// Where one entry is: which pack, its offset and its whole length (envelope included).
    struct Location {
        var pack: Int
        var offset: Int
        var length: Int
    }

    /// The packs' paths, in the order their entries are preferred (oldest first).
    let packPaths: [String]
    private var descriptors: [Int32] = []
    private var locations: [ContentHash: [Location]] = [:]

    /// The packs in `folder` (none when it does not exist), accepting entries in `envelope`.
    init(folder: String, envelope: CacheEntryFile) {
        let names = Self.packNames(in: folder)
        var paths: [String] = []
        for name in names {
            let path = folder + "/" + name
            let descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { continue }  // merged away by another run since the listing
            let pack = descriptors.count
            descriptors.append(descriptor)
            paths.append(path)
            for location in Self.entryLocations(descriptor, envelope: envelope) {
                locations[location.key, default: []].append(Location(pack: pack, offset: location.offset, length: location.length))
            }
        }
        packPaths = paths
    }

    deinit {
        for descriptor in descriptors { close(descriptor) }
    }

    /// Every entry under `key`, oldest pack first (two runs that missed the same file at once
    /// both stored it).
    func locations(of key: ContentHash) -> [Location] {
        locations[key] ?? []
    }

    /// Every key with an entry, in no particular order.
    var keys: Dictionary<ContentHash, [Location]>.Keys { locations.keys }

    /// The bytes of the entry at `location` (envelope included), or nil when they cannot be read
    /// whole.
    func bytes(at location: Location) -> [UInt8]? {
        let descriptor = descriptors[location.pack]
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: location.length) { buffer, count in
            var total = 0
            while total < location.length, let base = buffer.baseAddress {
                let read = pread(descriptor, base + total, location.length - total, off_t(location.offset + total))
                if read <= 0 { break }
                total += read
            }
            complete = total == location.length
            // Unread bytes are never looked at: the array is dropped when incomplete.
            count = complete ? total : 0
        }
        return complete ? bytes : nil
    }

    /// The names of the packs in `folder`, sorted (a pack's name starts with the time it was
    /// written, so this is oldest first).
    static func packNames(in folder: String) -> [String] {
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasSuffix(".pack"), !name.hasPrefix(".") { names.append(name) }
        }
        return names.sorted()
    }

    /// The entries of the open pack `descriptor`, from their headers, up to the first header
    /// that is not one of an entry of this kind or runs past the end of the file.
    private static func entryLocations(_ descriptor: Int32,
                                       envelope: CacheEntryFile) -> [(key: ContentHash, offset: Int, length: Int)] {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return [] }
        let size = Int(status.st_size)
        let headerSize = CacheEntryFile.headerSize
        var header = [UInt8](repeating: 0, count: headerSize)
        var result: [(key: ContentHash, offset: Int, length: Int)] = []
        var offset = 0
        while offset + headerSize <= size {
            let read = header.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, headerSize, off_t(offset)) }
            guard read == headerSize, let (key, payloadLength) = envelope.header(header),
                  payloadLength <= UInt64(size - offset - headerSize) else { break }
            let length = headerSize + Int(payloadLength)
            result.append((key, offset, length))
            offset += length
        }
        return result
    }
}
