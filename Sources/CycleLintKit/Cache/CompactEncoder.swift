/// Encodes a `Codable` value in `CompactFormat`: several times faster than `JSONEncoder` and a
/// fraction of its size, because strings are stored once and nothing is formatted as text.
///
/// Values are written in the order the `encode(to:)` methods produce them, straight into one
/// buffer. Writing to a container closes the containers opened inside it since; writing to a
/// closed container, asking one encoder for two kinds of container, and `superEncoder` are
/// errors (synthesized conformances never do these). Coding paths are not tracked (always
/// empty): they would cost an array per value.
enum CompactEncoder {
    /// The bytes of `value`, after `prefix` zero bytes that the caller fills in (an envelope's
    /// header: the document is made in place, never copied). Throws `EncodingError.invalidValue`
    /// for the misuses above.
    static func encode<T: Encodable>(_ value: T, prefix: Int = 0) throws -> [UInt8] {
        let writer = CompactWriter(prefix: prefix)
        try writer.encodeValue(value)
        if let failure = writer.failure { throw failure }
        return writer.document()
    }
}

/// The state of one encoding: the value bytes, the string table and the open containers.
final class CompactWriter {
    // One writer belongs to one encoding on one thread: the run-time exclusivity checks on
    // every byte appended would cost more than the appends.
    /// The caller's prefix, the value's length, then the value; `document` adds the strings.
    @exclusivity(unchecked) fileprivate var body: [UInt8] = []
    @exclusivity(unchecked) private var stringIndex: [String: Int] = [:]
    @exclusivity(unchecked) private var strings: [String] = []
    /// Open containers, innermost last.
    @exclusivity(unchecked) private var open: [CompactContainerState] = []
    /// The first misuse; reported when the encoding ends.
    fileprivate var failure: EncodingError?
    /// Where the value's length goes, after the caller's prefix.
    private let lengthOffset: Int

    init(prefix: Int = 0) {
        lengthOffset = prefix
        body.reserveCapacity(4096)
        body.append(contentsOf: repeatElement(0, count: prefix + 8))
    }

    /// The prefix, the value's length, the value, then the string table.
    func document() -> [UInt8] {
        let valueLength = UInt64(body.count - lengthOffset - 8)
        body.withUnsafeMutableBytes { $0.storeBytes(of: valueLength.littleEndian, toByteOffset: lengthOffset, as: UInt64.self) }
        Self.appendVarint(UInt64(strings.count), to: &body)
        for string in strings {
            var string = string
            string.withUTF8 { utf8 in
                Self.appendVarint(UInt64(utf8.count), to: &body)
                body.append(contentsOf: utf8)
            }
        }
        let result = body
        body = []
        return result
    }

    func fail(_ message: String) {
        if failure == nil {
            failure = .invalidValue((), EncodingError.Context(codingPath: [], debugDescription: message))
        }
    }

    // MARK: Values

    func encodeValue<T: Encodable>(_ value: T) throws {
        // The common leaves without a trip through an `Encoder` (metatype checks are cheap).
        if T.self == String.self {
            writeString(unsafeBitCast(value, to: String.self))
        } else if T.self == Int.self {
            writeInt(Int64(unsafeBitCast(value, to: Int.self)))
        } else if T.self == Bool.self {
            writeBool(unsafeBitCast(value, to: Bool.self))
        } else if let record = value as? any CompactRecord {
            try writeRecord(record)
        } else {
            let encoding = CompactEncoding(writer: self)
            try value.encode(to: encoding)
            encoding.finish()
        }
    }

    func writeNil() { body.append(CompactFormat.Tag.null.rawValue) }

    func writeBool(_ value: Bool) {
        body.append((value ? CompactFormat.Tag.true : CompactFormat.Tag.false).rawValue)
    }

    func writeInt(_ value: Int64) {
        body.append(CompactFormat.Tag.int.rawValue)
        Self.appendVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)), to: &body)
    }

    func writeUInt(_ value: UInt64) {
        body.append(CompactFormat.Tag.uint.rawValue)
        Self.appendVarint(value, to: &body)
    }

    func writeDouble(_ value: Double) {
        body.append(CompactFormat.Tag.double.rawValue)
        withUnsafeBytes(of: value.bitPattern.littleEndian) { body.append(contentsOf: $0) }
    }

    func writeFloat(_ value: Float) {
        body.append(CompactFormat.Tag.float.rawValue)
        withUnsafeBytes(of: value.bitPattern.littleEndian) { body.append(contentsOf: $0) }
    }

    func writeString(_ value: String) {
        body.append(CompactFormat.Tag.string.rawValue)
        Self.appendVarint(UInt64(intern(value)), to: &body)
    }

    /// A key of a keyed container entry: its index in the string table, without a tag.
    func writeKey(_ key: any CodingKey) {
        Self.appendVarint(UInt64(intern(key.stringValue)), to: &body)
    }

    private func intern(_ string: String) -> Int {
        if let index = stringIndex[string] { return index }
        let index = strings.count
        strings.append(string)
        stringIndex[string] = index
        return index
    }

    static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        forEachVarintByte(value) { bytes.append($0) }
    }

    /// The bytes of `value` as a varint (7 bits each, low first, the high bit set on all but the
    /// last), handed to `emit` in order: the one encoding that appending, sizing and patching share.
    @inline(__always)
    private static func forEachVarintByte(_ value: UInt64, _ emit: (UInt8) -> Void) {
        var value = value
        while value >= 0x80 {
            emit(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        emit(UInt8(value))
    }

    // MARK: Containers

    /// Writes a container header and opens it (innermost).
    func openContainer(_ tag: CompactFormat.Tag) -> CompactContainerState {
        let state = CompactContainerState(headerOffset: writeContainerHeader(tag))
        open.append(state)
        return state
    }

    /// Writes the header of a container that its writer closes itself with `patchContainer`
    /// (not one of the open containers): its offset. The count and length get one byte each
    /// until the container is closed, which is all most containers need.
    func writeContainerHeader(_ tag: CompactFormat.Tag) -> Int {
        let offset = body.count
        body.append(tag.rawValue)
        body.append(0)
        body.append(0)
        return offset
    }

    /// Fills in the count and byte length of the container whose header is at `headerOffset`,
    /// which ends here. A count or length of 128 or more takes more bytes than the header kept:
    /// the elements move up to make room (once per such container, so a byte moves once for
    /// each large container around it).
    func patchContainer(at headerOffset: Int, count: Int) {
        let countStart = headerOffset + 1
        let elementsStart = countStart + 2
        let length = body.count - elementsStart
        if count < 0x80 && length < 0x80 {
            body.withUnsafeMutableBytes { bytes in
                bytes[countStart] = UInt8(truncatingIfNeeded: count)
                bytes[countStart + 1] = UInt8(truncatingIfNeeded: length)
            }
            return
        }
        let headerSize = Self.varintSize(UInt64(count)) + Self.varintSize(UInt64(length))
        let growth = headerSize - 2
        body.append(contentsOf: repeatElement(0, count: growth))
        body.withUnsafeMutableBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            (base + elementsStart + growth).copyMemory(from: base + elementsStart, byteCount: length)
            var position = countStart
            Self.storeVarint(UInt64(count), in: bytes, at: &position)
            Self.storeVarint(UInt64(length), in: bytes, at: &position)
        }
    }

    /// How many bytes `appendVarint` writes for `value`.
    static func varintSize(_ value: UInt64) -> Int {
        var size = 0
        forEachVarintByte(value) { _ in size += 1 }
        return size
    }

    private static func storeVarint(_ value: UInt64, in bytes: UnsafeMutableRawBufferPointer, at position: inout Int) {
        forEachVarintByte(value) { byte in
            bytes[position] = byte
            position += 1
        }
    }

    /// Makes `container` the innermost open container (closing those inside it) and counts one
    /// more element in it; false, with the failure recorded, when it is already closed.
    func beginElement(of container: CompactContainerState) -> Bool {
        guard !container.isClosed else {
            fail("written to a container after it was closed")
            return false
        }
        while let innermost = open.last, innermost !== container { close(open.removeLast()) }
        container.count += 1
        return true
    }

    /// Closes `container` and every container opened inside it.
    func closeThrough(_ container: CompactContainerState) {
        guard !container.isClosed else { return }
        while let innermost = open.popLast() {
            close(innermost)
            if innermost === container { return }
        }
    }

    private func close(_ container: CompactContainerState) {
        container.isClosed = true
        patchContainer(at: container.headerOffset, count: container.count)
    }
}

/// One container being written: where its header is and how many elements it has so far.
final class CompactContainerState {
    let headerOffset: Int
    var count = 0
    var isClosed = false

    init(headerOffset: Int) {
        self.headerOffset = headerOffset
    }
}

/// The `Encoder` handed to one value's `encode(to:)`.
private final class CompactEncoding: Encoder {
    let writer: CompactWriter
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// The keyed or unkeyed container this value made, or nil.
    private var root: (tag: CompactFormat.Tag, state: CompactContainerState)?
    private var wroteSingleValue = false

    init(writer: CompactWriter) {
        self.writer = writer
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(CompactKeyedEncoding<Key>(writer: writer, state: rootState(.keyed)))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        CompactUnkeyedEncoding(writer: writer, state: rootState(.unkeyed))
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        if root != nil { writer.fail("a single value and a container for one value") }
        return CompactSingleValueEncoding(encoding: self)
    }

    /// The value's container of kind `tag`, opened on first request (asking again gives the same one).
    private func rootState(_ tag: CompactFormat.Tag) -> CompactContainerState {
        if let root {
            if root.tag != tag { writer.fail("two kinds of container for one value") }
            return root.state
        }
        if wroteSingleValue { writer.fail("a single value and a container for one value") }
        let state = writer.openContainer(tag)
        root = (tag, state)
        return state
    }

    /// Called once the single value is about to be written; false for a second one.
    func claimSingleValue() -> Bool {
        guard !wroteSingleValue, root == nil else {
            writer.fail("more than one value for one value")
            return false
        }
        wroteSingleValue = true
        return true
    }

    /// Ends the value: an empty keyed container when it wrote nothing, else closes its container.
    func finish() {
        if let root {
            writer.closeThrough(root.state)
        } else if !wroteSingleValue {
            writer.closeThrough(writer.openContainer(.keyed))
        }
    }
}

private struct CompactKeyedEncoding<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: CompactWriter
    let state: CompactContainerState
    var codingPath: [any CodingKey] { [] }

    /// Starts the entry for `key`; false (failure recorded) when the container is closed.
    private func begin(_ key: Key) -> Bool {
        guard writer.beginElement(of: state) else { return false }
        writer.writeKey(key)
        return true
    }

    mutating func encodeNil(forKey key: Key) throws { if begin(key) { writer.writeNil() } }
    mutating func encode(_ value: Bool, forKey key: Key) throws { if begin(key) { writer.writeBool(value) } }
    mutating func encode(_ value: String, forKey key: Key) throws { if begin(key) { writer.writeString(value) } }
    mutating func encode(_ value: Double, forKey key: Key) throws { if begin(key) { writer.writeDouble(value) } }
    mutating func encode(_ value: Float, forKey key: Key) throws { if begin(key) { writer.writeFloat(value) } }
    mutating func encode(_ value: Int, forKey key: Key) throws { if begin(key) { writer.writeInt(Int64(value)) } }
    mutating func encode(_ value: Int8, forKey key: Key) throws { if begin(key) { writer.writeInt(Int64(value)) } }
    mutating func encode(_ value: Int16, forKey key: Key) throws { if begin(key) { writer.writeInt(Int64(value)) } }
    mutating func encode(_ value: Int32, forKey key: Key) throws { if begin(key) { writer.writeInt(Int64(value)) } }
    mutating func encode(_ value: Int64, forKey key: Key) throws { if begin(key) { writer.writeInt(value) } }
    mutating func encode(_ value: UInt, forKey key: Key) throws { if begin(key) { writer.writeUInt(UInt64(value)) } }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { if begin(key) { writer.writeUInt(UInt64(value)) } }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { if begin(key) { writer.writeUInt(UInt64(value)) } }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { if begin(key) { writer.writeUInt(UInt64(value)) } }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { if begin(key) { writer.writeUInt(value) } }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        if begin(key) { try writer.encodeValue(value) }
    }

    // Absent optionals are written as nil, so that decoding finds every key in order.
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try encodeOptional(value, forKey: key) }

    private mutating func encodeOptional<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                        forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        _ = begin(key)
        return KeyedEncodingContainer(CompactKeyedEncoding<NestedKey>(
            writer: writer, state: writer.openContainer(.keyed)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        _ = begin(key)
        return CompactUnkeyedEncoding(writer: writer, state: writer.openContainer(.unkeyed))
    }

    mutating func superEncoder() -> any Encoder {
        writer.fail("superEncoder is not supported")
        return CompactEncoding(writer: writer)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder() }
}

private struct CompactUnkeyedEncoding: UnkeyedEncodingContainer {
    let writer: CompactWriter
    let state: CompactContainerState
    var codingPath: [any CodingKey] { [] }
    var count: Int { state.count }

    private func begin() -> Bool { writer.beginElement(of: state) }

    mutating func encodeNil() throws { if begin() { writer.writeNil() } }
    mutating func encode(_ value: Bool) throws { if begin() { writer.writeBool(value) } }
    mutating func encode(_ value: String) throws { if begin() { writer.writeString(value) } }
    mutating func encode(_ value: Double) throws { if begin() { writer.writeDouble(value) } }
    mutating func encode(_ value: Float) throws { if begin() { writer.writeFloat(value) } }
    mutating func encode(_ value: Int) throws { if begin() { writer.writeInt(Int64(value)) } }
    mutating func encode(_ value: Int8) throws { if begin() { writer.writeInt(Int64(value)) } }
    mutating func encode(_ value: Int16) throws { if begin() { writer.writeInt(Int64(value)) } }
    mutating func encode(_ value: Int32) throws { if begin() { writer.writeInt(Int64(value)) } }
    mutating func encode(_ value: Int64) throws { if begin() { writer.writeInt(value) } }
    mutating func encode(_ value: UInt) throws { if begin() { writer.writeUInt(UInt64(value)) } }
    mutating func encode(_ value: UInt8) throws { if begin() { writer.writeUInt(UInt64(value)) } }
    mutating func encode(_ value: UInt16) throws { if begin() { writer.writeUInt(UInt64(value)) } }
    mutating func encode(_ value: UInt32) throws { if begin() { writer.writeUInt(UInt64(value)) } }
    mutating func encode(_ value: UInt64) throws { if begin() { writer.writeUInt(value) } }

    mutating func encode<T: Encodable>(_ value: T) throws {
        if begin() { try writer.encodeValue(value) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        _ = begin()
        return KeyedEncodingContainer(CompactKeyedEncoding<NestedKey>(
            writer: writer, state: writer.openContainer(.keyed)))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        _ = begin()
        return CompactUnkeyedEncoding(writer: writer, state: writer.openContainer(.unkeyed))
    }

    mutating func superEncoder() -> any Encoder {
        writer.fail("superEncoder is not supported")
        return CompactEncoding(writer: writer)
    }
}

private struct CompactSingleValueEncoding: SingleValueEncodingContainer {
    let encoding: CompactEncoding
    var codingPath: [any CodingKey] { [] }
    private var writer: CompactWriter { encoding.writer }

    mutating func encodeNil() throws { if encoding.claimSingleValue() { writer.writeNil() } }
    mutating func encode(_ value: Bool) throws { if encoding.claimSingleValue() { writer.writeBool(value) } }
    mutating func encode(_ value: String) throws { if encoding.claimSingleValue() { writer.writeString(value) } }
    mutating func encode(_ value: Double) throws { if encoding.claimSingleValue() { writer.writeDouble(value) } }
    mutating func encode(_ value: Float) throws { if encoding.claimSingleValue() { writer.writeFloat(value) } }
    mutating func encode(_ value: Int) throws { if encoding.claimSingleValue() { writer.writeInt(Int64(value)) } }
    mutating func encode(_ value: Int8) throws { if encoding.claimSingleValue() { writer.writeInt(Int64(value)) } }
    mutating func encode(_ value: Int16) throws { if encoding.claimSingleValue() { writer.writeInt(Int64(value)) } }
    mutating func encode(_ value: Int32) throws { if encoding.claimSingleValue() { writer.writeInt(Int64(value)) } }
    mutating func encode(_ value: Int64) throws { if encoding.claimSingleValue() { writer.writeInt(value) } }
    mutating func encode(_ value: UInt) throws { if encoding.claimSingleValue() { writer.writeUInt(UInt64(value)) } }
    mutating func encode(_ value: UInt8) throws { if encoding.claimSingleValue() { writer.writeUInt(UInt64(value)) } }
    mutating func encode(_ value: UInt16) throws { if encoding.claimSingleValue() { writer.writeUInt(UInt64(value)) } }
    mutating func encode(_ value: UInt32) throws { if encoding.claimSingleValue() { writer.writeUInt(UInt64(value)) } }
    mutating func encode(_ value: UInt64) throws { if encoding.claimSingleValue() { writer.writeUInt(value) } }

    mutating func encode<T: Encodable>(_ value: T) throws {
        if encoding.claimSingleValue() { try writer.encodeValue(value) }
    }
}
