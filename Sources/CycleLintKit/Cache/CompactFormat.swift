/// The byte layout shared by `CompactEncoder` and `CompactDecoder`: a table of the distinct
/// strings (keys and values, each stored once), then one value. Every value starts with a tag;
/// containers carry their element count and byte length, so any value can be skipped in O(1)
/// and a reader never needs to trust what it has not bounds-checked.
///
/// ```
/// document  := varint(stringCount) { varint(byteCount) utf8 }* value
/// value     := nil | false | true | int zigzag-varint | uint varint | double f64 | float f32
///            | string varint(tableIndex)
///            | keyed u32(count) u32(byteLength) { varint(keyIndex) value }*
///            | unkeyed u32(count) u32(byteLength) value*
/// ```
enum CompactFormat {
    /// The first byte of every value.
    enum Tag: UInt8 {
        case null = 0, `false`, `true`, int, uint, double, float, string, keyed, unkeyed
    }

    /// Bytes of a container header after its tag: element count and byte length of the elements.
    static let containerHeaderSize = 8
}
