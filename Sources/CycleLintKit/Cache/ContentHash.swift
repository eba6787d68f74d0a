/// A 128-bit digest of bytes that is the same on every machine and run (unlike `Hasher`):
/// XXH64 with two seeds. Fast (several GB/s) and, for content that nobody crafts to collide,
/// collision-free in practice; the facts cache names its entries by it.
public struct ContentHash: Hashable, Sendable, CustomStringConvertible {
    /// The XXH64 digest with seed 0 (the standard XXH64 of the bytes).
    public var first: UInt64
    /// The XXH64 digest with a second, fixed seed.
    public var second: UInt64

    /// The digest of `bytes`.
    public init(_ bytes: UnsafeRawBufferPointer) {
        first = XXH64.hash(bytes, seed: 0)
        second = XXH64.hash(bytes, seed: 0x9E37_79B9_7F4A_7C15)
    }

    /// The digest with these two halves (as read back from `description`'s halves).
    init(first: UInt64, second: UInt64) {
        self.first = first
        self.second = second
    }

    /// The digest of the concatenation of `parts`, each prefixed by its length so that
    /// `["ab", "c"]` and `["a", "bc"]` differ.
    public init(parts: [[UInt8]]) {
        var joined: [UInt8] = []
        joined.reserveCapacity(parts.reduce(0) { $0 + $1.count + 8 })
        for part in parts {
            withUnsafeBytes(of: UInt64(part.count).littleEndian) { joined.append(contentsOf: $0) }
            joined.append(contentsOf: part)
        }
        self = joined.withUnsafeBytes { ContentHash($0) }
    }

    /// The 16 little-endian bytes of the digest.
    public var bytes: [UInt8] {
        withUnsafeBytes(of: (first.littleEndian, second.littleEndian)) { Array($0) }
    }

    /// 32 lowercase hex digits.
    public var description: String { Self.hex(first) + Self.hex(second) }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// XXH64 (Yann Collet's xxHash, 64-bit variant), byte-for-byte the reference algorithm.
enum XXH64 {
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    private static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
    private static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

    /// The digest of `bytes` with `seed`.
    static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        let count = bytes.count
        var offset = 0
        var hash: UInt64
        if count >= 32 {
            var v1 = seed &+ prime1 &+ prime2
            var v2 = seed &+ prime2
            var v3 = seed
            var v4 = seed &- prime1
            while offset + 32 <= count {
                v1 = round(v1, word(bytes, offset))
                v2 = round(v2, word(bytes, offset + 8))
                v3 = round(v3, word(bytes, offset + 16))
                v4 = round(v4, word(bytes, offset + 24))
                offset += 32
            }
            hash = rotate(v1, 1) &+ rotate(v2, 7) &+ rotate(v3, 12) &+ rotate(v4, 18)
            for lane in [v1, v2, v3, v4] {
                hash = (hash ^ round(0, lane)) &* prime1 &+ prime4
            }
        } else {
            hash = seed &+ prime5
        }
        hash &+= UInt64(count)
        while offset + 8 <= count {
            hash = rotate(hash ^ round(0, word(bytes, offset)), 27) &* prime1 &+ prime4
            offset += 8
        }
        if offset + 4 <= count {
            let half = UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            hash = rotate(hash ^ (half &* prime1), 23) &* prime2 &+ prime3
            offset += 4
        }
        while offset < count {
            hash = rotate(hash ^ (UInt64(bytes[offset]) &* prime5), 11) &* prime1
            offset += 1
        }
        hash ^= hash >> 33
        hash &*= prime2
        hash ^= hash >> 29
        hash &*= prime3
        hash ^= hash >> 32
        return hash
    }

    @inline(__always)
    private static func word(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    @inline(__always)
    private static func round(_ accumulator: UInt64, _ input: UInt64) -> UInt64 {
        rotate(accumulator &+ input &* prime2, 31) &* prime1
    }

    @inline(__always)
    private static func rotate(_ value: UInt64, _ bits: UInt64) -> UInt64 {
        (value << bits) | (value >> (64 - bits))
    }
}
