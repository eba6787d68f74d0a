/// A type with a hand-written layout in `CompactFormat`: an unkeyed container of its fields in
/// a fixed order, with no keys. `CompactWriter` and `CompactReader` take this path instead of
/// `Codable` for such types: the facts that every file has thousands of (calls, values, paths,
/// locations) would otherwise pay for a `Decoder` existential, a key lookup and generic metadata
/// per field, which made reading the cache cost more than parsing the file again.
///
/// The layout is positional, so a conformance writes and reads exactly the same fields in the
/// same order; the facts cache keys entries by tool version, so a layout change never meets an
/// entry written by another. A record is still a well-formed container: any value in it can be
/// skipped, and damaged bytes give a `DecodingError`.
protocol CompactRecord {
    /// Writes the fields, in layout order.
    func writeFields(to fields: inout CompactFieldWriter) throws
    /// Reads the fields written by `writeFields`, in the same order.
    init(fields: inout CompactFieldReader) throws
}

/// Writes the fields of one record: each call is one field of the record's container.
struct CompactFieldWriter {
    let writer: CompactWriter
    /// The record's container header, patched by `CompactWriter.writeRecord` at the end.
    fileprivate let headerOffset: Int
    fileprivate var count = 0

    fileprivate init(writer: CompactWriter) {
        self.writer = writer
        headerOffset = writer.writeContainerHeader(.unkeyed)
    }

    private mutating func begin() { count += 1 }

    mutating func string(_ value: String) { begin(); writer.writeString(value) }
    mutating func int(_ value: Int) { begin(); writer.writeInt(Int64(value)) }
    mutating func bool(_ value: Bool) { begin(); writer.writeBool(value) }

    mutating func string(_ value: String?) {
        if let value { string(value) } else { begin(); writer.writeNil() }
    }

    mutating func int(_ value: Int?) {
        if let value { int(value) } else { begin(); writer.writeNil() }
    }

    /// A `String`-backed enum, by raw value.
    mutating func rawValue<T: RawRepresentable>(_ value: T) where T.RawValue == String { string(value.rawValue) }

    mutating func rawValue<T: RawRepresentable>(_ value: T?) where T.RawValue == String { string(value?.rawValue) }

    mutating func record<T: CompactRecord>(_ value: T) throws { begin(); try writer.writeRecord(value) }

    mutating func record<T: CompactRecord>(_ value: T?) throws {
        if let value { try record(value) } else { begin(); writer.writeNil() }
    }

    mutating func records<T: CompactRecord>(_ values: [T]) throws {
        begin()
        let array = writer.writeContainerHeader(.unkeyed)
        for value in values { try writer.writeRecord(value) }
        writer.patchContainer(at: array, count: values.count)
    }

    mutating func strings(_ values: [String]) {
        begin()
        let array = writer.writeContainerHeader(.unkeyed)
        for value in values { writer.writeString(value) }
        writer.patchContainer(at: array, count: values.count)
    }

    /// Any other value, through its `Codable` conformance.
    mutating func value<T: Encodable>(_ value: T) throws { begin(); try writer.encodeValue(value) }
}

/// Reads the fields of one record in order, each bounds-checked against the record's end.
struct CompactFieldReader {
    let reader: CompactReader
    private var position: Int
    private let end: Int

    init(reader: CompactReader, offset: Int) throws {
        self.reader = reader
        let container = try reader.container(at: offset, .unkeyed, as: [Any].self)
        position = container.start
        end = container.end
    }

    /// The offset of the next field, then moves past it.
    private mutating func next() throws -> Int {
        guard position < end else { throw CompactReader.corrupted("record has fewer fields than its layout") }
        let offset = position
        position = try reader.end(ofValueAt: offset)
        guard position <= end else { throw CompactReader.corrupted("field past its record") }
        return offset
    }

    /// The offset of the next field, or nil (moving past it) when it is nil.
    private mutating func nextPresent() throws -> Int? {
        let offset = try next()
        return try reader.isNil(at: offset) ? nil : offset
    }

    /// Reads the next field with `read`, which gives the offset past what it read; moves there.
    private mutating func leaf<T>(_ read: (CompactReader, Int, inout Int) throws -> T) throws -> T {
        guard position < end else { throw CompactReader.corrupted("record has fewer fields than its layout") }
        var next = position
        let value = try read(reader, position, &next)
        guard next <= end else { throw CompactReader.corrupted("field past its record") }
        position = next
        return value
    }

    /// Like `leaf`, for a field that may be nil.
    private mutating func optionalLeaf<T>(_ read: (CompactReader, Int, inout Int) throws -> T) throws -> T? {
        guard position < end else { throw CompactReader.corrupted("record has fewer fields than its layout") }
        if try reader.isNil(at: position) {
            position += 1
            return nil
        }
        return try leaf(read)
    }

    mutating func string() throws -> String { try leaf { try $0.string(at: $1, next: &$2) } }
    mutating func int() throws -> Int { try leaf { try $0.integer(Int.self, at: $1, next: &$2) } }
    mutating func bool() throws -> Bool { try leaf { try $0.bool(at: $1, next: &$2) } }
    mutating func optionalString() throws -> String? { try optionalLeaf { try $0.string(at: $1, next: &$2) } }
    mutating func optionalInt() throws -> Int? { try optionalLeaf { try $0.integer(Int.self, at: $1, next: &$2) } }

    mutating func rawValue<T: RawRepresentable>(_ type: T.Type) throws -> T where T.RawValue == String {
        let raw = try string()
        guard let value = T(rawValue: raw) else { throw CompactReader.corrupted("no \(T.self) named \(raw)") }
        return value
    }

    mutating func optionalRawValue<T: RawRepresentable>(_ type: T.Type) throws -> T? where T.RawValue == String {
        guard let raw = try optionalString() else { return nil }
        guard let value = T(rawValue: raw) else { throw CompactReader.corrupted("no \(T.self) named \(raw)") }
        return value
    }

    mutating func record<T: CompactRecord>(_ type: T.Type) throws -> T { try reader.readRecord(type, at: next()) }

    mutating func optionalRecord<T: CompactRecord>(_ type: T.Type) throws -> T? {
        try nextPresent().map { try reader.readRecord(type, at: $0) }
    }

    mutating func records<T: CompactRecord>(_ type: T.Type) throws -> [T] {
        var elements = try CompactFieldReader(reader: reader, offset: next())
        var values: [T] = []
        while elements.position < elements.end { values.append(try reader.readRecord(type, at: elements.next())) }
        return values
    }

    mutating func strings() throws -> [String] {
        var elements = try CompactFieldReader(reader: reader, offset: next())
        var values: [String] = []
        while elements.position < elements.end { values.append(try elements.string()) }
        return values
    }

    /// Any other value, through its `Codable` conformance.
    mutating func value<T: Decodable>(_ type: T.Type) throws -> T { try reader.decodeValue(type, at: next()) }
}

extension CompactWriter {
    /// Writes `value` as a record container.
    func writeRecord<T: CompactRecord>(_ value: T) throws {
        var fields = CompactFieldWriter(writer: self)
        try value.writeFields(to: &fields)
        patchContainer(at: fields.headerOffset, count: fields.count)
    }
}

extension CompactReader {
    /// Reads the record container at `offset`.
    func readRecord<T: CompactRecord>(_ type: T.Type, at offset: Int) throws -> T {
        var fields = try CompactFieldReader(reader: self, offset: offset)
        return try T(fields: &fields)
    }
}
