/// Decodes a `Decodable` value from `CompactFormat` bytes. Every read is bounds-checked and
/// every tag checked, so damaged input gives a `DecodingError`, never a crash or a value read
/// from outside the buffer.
///
/// Keyed containers are read in the order `CompactEncoder` wrote them (the order synthesized
/// conformances use), with a lookup table built only if a key is asked for out of order.
/// Coding paths are not tracked (always empty).
enum CompactDecoder {
    /// The value in `bytes` (a whole document: the value, then its string table).
    static func decode<T: Decodable>(_ type: T.Type, from bytes: UnsafeRawBufferPointer) throws -> T {
        let reader = try CompactReader(bytes)
        return try reader.decodeValue(type, at: reader.valueStart)
    }
}

/// The bytes of one document, its string table, and typed reads at offsets.
final class CompactReader {
    private let bytes: UnsafeRawBufferPointer
    @exclusivity(unchecked) private(set) var strings: [String] = []
    /// Offset of the document's value, after its length.
    let valueStart: Int

    init(_ document: UnsafeRawBufferPointer) throws {
        guard document.count >= 8 else { throw Self.corrupted("document too short") }
        let valueLength = UInt64(littleEndian: document.loadUnaligned(as: UInt64.self))
        guard valueLength <= UInt64(document.count - 8) else { throw Self.corrupted("value past the end") }
        let tableStart = 8 + Int(valueLength)
        // Value reads are bounded by the value's own bytes, never the table's.
        bytes = UnsafeRawBufferPointer(rebasing: document[..<tableStart])
        valueStart = 8
        var offset = tableStart
        var count = try Self.varint(document, &offset)
        strings.reserveCapacity(Int(min(count, UInt64(document.count))))
        while count > 0 {
            let length = try Self.varint(document, &offset)
            guard length <= UInt64(document.count - offset) else { throw Self.corrupted("string past the end") }
            strings.append(String(decoding: UnsafeRawBufferPointer(rebasing: document[offset..<offset + Int(length)]),
                                  as: UTF8.self))
            offset += Int(length)
            count -= 1
        }
        guard offset == document.count else { throw Self.corrupted("bytes after the string table") }
    }

    static func corrupted(_ message: String) -> DecodingError {
        .dataCorrupted(DecodingError.Context(codingPath: [], debugDescription: "compact data: " + message))
    }

    static func mismatch(_ type: Any.Type, _ tag: CompactFormat.Tag) -> DecodingError {
        .typeMismatch(type, DecodingError.Context(codingPath: [], debugDescription: "found a \(tag) value"))
    }

    private static func varint(_ bytes: UnsafeRawBufferPointer, _ offset: inout Int) throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            guard shift < 64 else { throw corrupted("varint too long") }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        throw corrupted("varint past the end")
    }

    // MARK: Raw reads

    func varint(at offset: inout Int) throws -> UInt64 { try Self.varint(bytes, &offset) }

    func tag(at offset: Int) throws -> CompactFormat.Tag {
        guard offset >= 0, offset < bytes.count else { throw Self.corrupted("value past the end") }
        guard let tag = CompactFormat.Tag(rawValue: bytes[offset]) else { throw Self.corrupted("unknown tag") }
        return tag
    }

    private func uint32(at offset: Int) throws -> UInt32 {
        guard offset >= 0, offset + 4 <= bytes.count else { throw Self.corrupted("value past the end") }
        return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    private func uint64(at offset: Int) throws -> UInt64 {
        guard offset >= 0, offset + 8 <= bytes.count else { throw Self.corrupted("value past the end") }
        return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// The string at table index read from `offset` (advanced past it).
    func tableString(at offset: inout Int) throws -> String {
        let index = try varint(at: &offset)
        guard index < UInt64(strings.count) else { throw Self.corrupted("string index out of range") }
        return strings[Int(index)]
    }

    /// The element count, first element offset and end offset of the container at `offset`.
    func container(at offset: Int, _ expected: CompactFormat.Tag, as type: Any.Type) throws -> (count: Int, start: Int, end: Int) {
        let found = try tag(at: offset)
        guard found == expected else { throw Self.mismatch(type, found) }
        return try containerBounds(at: offset)
    }

    /// The offset just past the value at `offset`.
    func end(ofValueAt offset: Int) throws -> Int {
        switch try tag(at: offset) {
        case .null, .false, .true: return offset + 1
        case .int, .uint, .string:
            var position = offset + 1
            _ = try varint(at: &position)
            return position
        case .double: return offset + 9
        case .float: return offset + 5
        case .keyed, .unkeyed:
            return try containerBounds(at: offset).end
        }
    }

    /// The element count, first element offset and end offset of the container whose tag is at
    /// `offset`, from its header's two varints.
    private func containerBounds(at offset: Int) throws -> (count: Int, start: Int, end: Int) {
        var position = offset + 1
        let count = try varint(at: &position)
        let length = try varint(at: &position)
        guard count <= UInt64(bytes.count), length <= UInt64(bytes.count - position) else {
            throw Self.corrupted("container past the end")
        }
        return (Int(count), position, position + Int(length))
    }

    // MARK: Typed reads

    func decodeValue<T: Decodable>(_ type: T.Type, at offset: Int) throws -> T {
        // The common leaves without a trip through a `Decoder` (metatype checks are cheap).
        if T.self == String.self { return unsafeBitCast(try string(at: offset), to: T.self) }
        if T.self == Int.self { return unsafeBitCast(try integer(Int.self, at: offset), to: T.self) }
        if T.self == Bool.self { return unsafeBitCast(try bool(at: offset), to: T.self) }
        if let recordType = T.self as? any CompactRecord.Type {
            guard let value = try readRecord(recordType, at: offset) as? T else { throw Self.mismatch(T.self, .unkeyed) }
            return value
        }
        return try T(from: CompactDecoding(reader: self, offset: offset))
    }

    func isNil(at offset: Int) throws -> Bool { try tag(at: offset) == .null }

    func bool(at offset: Int) throws -> Bool {
        var next = offset
        return try bool(at: offset, next: &next)
    }

    /// The leaf reads below also give the offset just past what they read (`next`), so that a
    /// record's fields are each read once, not skipped and then read.
    func bool(at offset: Int, next: inout Int) throws -> Bool {
        next = offset + 1
        switch try tag(at: offset) {
        case .true: return true
        case .false: return false
        case let other: throw Self.mismatch(Bool.self, other)
        }
    }

    func string(at offset: Int) throws -> String {
        var next = offset
        return try string(at: offset, next: &next)
    }

    func string(at offset: Int, next: inout Int) throws -> String {
        let found = try tag(at: offset)
        guard found == .string else { throw Self.mismatch(String.self, found) }
        next = offset + 1
        return try tableString(at: &next)
    }

    func integer<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) throws -> T {
        var next = offset
        return try integer(type, at: offset, next: &next)
    }

    func integer<T: FixedWidthInteger>(_ type: T.Type, at offset: Int, next position: inout Int) throws -> T {
        position = offset + 1
        let found = try tag(at: offset)
        let result: T?
        switch found {
        case .int:
            let raw = try varint(at: &position)
            result = T(exactly: Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1))
        case .uint:
            result = T(exactly: try varint(at: &position))
        default:
            throw Self.mismatch(type, found)
        }
        guard let result else { throw Self.corrupted("\(T.self) out of range") }
        return result
    }

    func double(at offset: Int) throws -> Double {
        let found = try tag(at: offset)
        guard found == .double else { throw Self.mismatch(Double.self, found) }
        return Double(bitPattern: try uint64(at: offset + 1))
    }

    func float(at offset: Int) throws -> Float {
        let found = try tag(at: offset)
        guard found == .float else { throw Self.mismatch(Float.self, found) }
        return Float(bitPattern: try uint32(at: offset + 1))
    }
}

/// The `Decoder` for the value at one offset (a struct: fits an existential without allocating).
private struct CompactDecoding: Decoder {
    let reader: CompactReader
    let offset: Int
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(CompactKeyedDecoding<Key>(entries: try CompactKeyedEntries(reader: reader, offset: offset)))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try CompactUnkeyedDecoding(reader: reader, offset: offset)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        CompactSingleValueDecoding(reader: reader, offset: offset)
    }
}

/// The entries of one keyed container and where the in-order reading has got to.
private final class CompactKeyedEntries {
    let reader: CompactReader
    private let count: Int
    private let start: Int
    private let end: Int
    /// The entry the in-order reading is at: its index and offset (of its key).
    private var current = 0
    private var currentOffset: Int
    /// Key → value offset, built on the first out-of-order lookup.
    private var table: [String: Int]?

    init(reader: CompactReader, offset: Int) throws {
        self.reader = reader
        (count, start, end) = try reader.container(at: offset, .keyed, as: [String: Any].self)
        currentOffset = start
    }

    /// The key and value offset of the entry whose key is at `offset`.
    private func entry(at offset: Int) throws -> (key: String, value: Int) {
        guard offset < end else { throw CompactReader.corrupted("entry past its container") }
        var position = offset
        let key = try reader.tableString(at: &position)
        return (key, position)
    }

    /// The offset of the value for `key`, or nil when the container has no such key. Reading
    /// keys in written order looks at most at the current and the next entry.
    func valueOffset(for key: String) throws -> Int? {
        if let table { return table[key] }
        if current < count {
            let here = try entry(at: currentOffset)
            if here.key == key { return here.value }
            if current + 1 < count {
                let nextOffset = try reader.end(ofValueAt: here.value)
                let next = try entry(at: nextOffset)
                if next.key == key {
                    current += 1
                    currentOffset = nextOffset
                    return next.value
                }
            }
        }
        let table = try buildTable()
        return table[key]
    }

    private func buildTable() throws -> [String: Int] {
        var table: [String: Int] = [:]
        var offset = start
        for _ in 0..<count {
            let found = try entry(at: offset)
            table[found.key] = found.value
            offset = try reader.end(ofValueAt: found.value)
        }
        guard offset <= end else { throw CompactReader.corrupted("entries past their container") }
        self.table = table
        return table
    }

    /// Every key, in written order.
    func keys() throws -> [String] {
        var keys: [String] = []
        var offset = start
        for _ in 0..<count {
            let found = try entry(at: offset)
            keys.append(found.key)
            offset = try reader.end(ofValueAt: found.value)
        }
        return keys
    }
}

private struct CompactKeyedDecoding<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let entries: CompactKeyedEntries
    var codingPath: [any CodingKey] { [] }
    private var reader: CompactReader { entries.reader }

    var allKeys: [Key] { ((try? entries.keys()) ?? []).compactMap(Key.init(stringValue:)) }

    func contains(_ key: Key) -> Bool { (try? entries.valueOffset(for: key.stringValue)) != nil }

    private func offset(_ key: Key) throws -> Int {
        guard let offset = try entries.valueOffset(for: key.stringValue) else {
            throw DecodingError.keyNotFound(key, DecodingError.Context(codingPath: [], debugDescription: "no such key"))
        }
        return offset
    }

    func decodeNil(forKey key: Key) throws -> Bool { try reader.isNil(at: offset(key)) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try reader.bool(at: offset(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try reader.string(at: offset(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try reader.double(at: offset(key)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try reader.float(at: offset(key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try reader.integer(type, at: offset(key)) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try reader.integer(type, at: offset(key)) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try reader.integer(type, at: offset(key)) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try reader.integer(type, at: offset(key)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try reader.integer(type, at: offset(key)) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try reader.integer(type, at: offset(key)) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try reader.integer(type, at: offset(key)) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try reader.integer(type, at: offset(key)) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try reader.integer(type, at: offset(key)) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try reader.integer(type, at: offset(key)) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try reader.decodeValue(type, at: offset(key)) }

    // One lookup per optional instead of the default's three (contains, decodeNil, decode).
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optional(key) { try reader.bool(at: $0) } }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optional(key) { try reader.string(at: $0) } }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optional(key) { try reader.integer(type, at: $0) } }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try optional(key) { try reader.decodeValue(type, at: $0) }
    }

    private func optional<T>(_ key: Key, _ read: (Int) throws -> T) throws -> T? {
        guard let offset = try entries.valueOffset(for: key.stringValue), try !reader.isNil(at: offset) else { return nil }
        return try read(offset)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type,
                                               forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        KeyedDecodingContainer(CompactKeyedDecoding<NestedKey>(entries: try CompactKeyedEntries(reader: reader, offset: offset(key))))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try CompactUnkeyedDecoding(reader: reader, offset: offset(key))
    }

    func superDecoder() throws -> any Decoder {
        throw CompactReader.corrupted("superDecoder is not supported")
    }

    func superDecoder(forKey key: Key) throws -> any Decoder { try superDecoder() }
}

private struct CompactUnkeyedDecoding: UnkeyedDecodingContainer {
    let reader: CompactReader
    private let end: Int
    private var position: Int
    var count: Int?
    private(set) var currentIndex = 0
    var codingPath: [any CodingKey] { [] }
    var isAtEnd: Bool { currentIndex >= count ?? 0 }

    init(reader: CompactReader, offset: Int) throws {
        self.reader = reader
        let container = try reader.container(at: offset, .unkeyed, as: [Any].self)
        count = container.count
        position = container.start
        end = container.end
    }

    /// The offset of the next element, then moves past it.
    private mutating func next() throws -> Int {
        guard !isAtEnd, position < end else {
            throw DecodingError.valueNotFound(Any.self, DecodingError.Context(codingPath: [], debugDescription: "unkeyed container is at its end"))
        }
        let offset = position
        position = try reader.end(ofValueAt: offset)
        guard position <= end else { throw CompactReader.corrupted("element past its container") }
        currentIndex += 1
        return offset
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, position < end, try reader.isNil(at: position) else { return false }
        _ = try next()
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try reader.bool(at: next()) }
    mutating func decode(_ type: String.Type) throws -> String { try reader.string(at: next()) }
    mutating func decode(_ type: Double.Type) throws -> Double { try reader.double(at: next()) }
    mutating func decode(_ type: Float.Type) throws -> Float { try reader.float(at: next()) }
    mutating func decode(_ type: Int.Type) throws -> Int { try reader.integer(type, at: next()) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try reader.integer(type, at: next()) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try reader.integer(type, at: next()) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try reader.integer(type, at: next()) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try reader.integer(type, at: next()) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try reader.integer(type, at: next()) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try reader.integer(type, at: next()) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try reader.integer(type, at: next()) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try reader.integer(type, at: next()) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try reader.integer(type, at: next()) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try reader.decodeValue(type, at: next()) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        KeyedDecodingContainer(CompactKeyedDecoding<NestedKey>(entries: try CompactKeyedEntries(reader: reader, offset: next())))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try CompactUnkeyedDecoding(reader: reader, offset: next())
    }

    mutating func superDecoder() throws -> any Decoder {
        throw CompactReader.corrupted("superDecoder is not supported")
    }
}

private struct CompactSingleValueDecoding: SingleValueDecodingContainer {
    let reader: CompactReader
    let offset: Int
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool { (try? reader.isNil(at: offset)) ?? false }
    func decode(_ type: Bool.Type) throws -> Bool { try reader.bool(at: offset) }
    func decode(_ type: String.Type) throws -> String { try reader.string(at: offset) }
    func decode(_ type: Double.Type) throws -> Double { try reader.double(at: offset) }
    func decode(_ type: Float.Type) throws -> Float { try reader.float(at: offset) }
    func decode(_ type: Int.Type) throws -> Int { try reader.integer(type, at: offset) }
    func decode(_ type: Int8.Type) throws -> Int8 { try reader.integer(type, at: offset) }
    func decode(_ type: Int16.Type) throws -> Int16 { try reader.integer(type, at: offset) }
    func decode(_ type: Int32.Type) throws -> Int32 { try reader.integer(type, at: offset) }
    func decode(_ type: Int64.Type) throws -> Int64 { try reader.integer(type, at: offset) }
    func decode(_ type: UInt.Type) throws -> UInt { try reader.integer(type, at: offset) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try reader.integer(type, at: offset) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try reader.integer(type, at: offset) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try reader.integer(type, at: offset) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try reader.integer(type, at: offset) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try reader.decodeValue(type, at: offset) }
}
