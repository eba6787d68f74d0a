#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Byte-level searches that are much faster than Foundation's `String.contains` on large
/// sources (they run on every analysed file).
enum ByteSearch {
    /// Whether `text` contains `needle`, comparing UTF-8 bytes.
    static func contains(_ text: String, _ needle: String) -> Bool {
        var text = text
        var needle = needle
        return text.withUTF8 { haystack in
            needle.withUTF8 { pattern in
                guard let first = pattern.first else { return true }
                guard let base = haystack.baseAddress, let patternBase = pattern.baseAddress else { return false }
                var offset = 0
                // memchr to each candidate first byte, then compare the rest.
                while offset + pattern.count <= haystack.count,
                      let hit = memchr(base + offset, Int32(first), haystack.count - offset - pattern.count + 1) {
                    let position = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(hit, patternBase, pattern.count) == 0 { return true }
                    offset = position + 1
                }
                return false
            }
        }
    }

    /// Whether `byte` can be part of a Swift identifier: an ASCII letter, digit or `_`, or any
    /// byte of a non-ASCII character.
    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        byte >= 0x80 || byte == UInt8(ascii: "_") || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
    }

    /// Whether `bytes` contains a NUL byte.
    static func containsNUL(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        return memchr(base, 0, bytes.count) != nil
    }
}
