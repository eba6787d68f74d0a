/// The byte layout shared by `CompactEncoder` and `CompactDecoder`: one value, then a table of
/// the distinct strings (keys and values, each stored once) that the value refers to by index;
/// the value is written first so that the whole document is made in one buffer, without a
/// copy. Every value starts with a tag;
/// containers carry their element count and byte length, so any value can be skipped in O(1)
/// and a reader never needs to trust what it has not bounds-checked.
///
/// ```
/// document  := u64(valueByteLength) value varint(stringCount) { varint(byteCount) utf8 }*
/// value     := nil | false | true | int zigzag-varint | uint varint | double f64 | float f32
///            | string varint(tableIndex)
///            | keyed varint(count) varint(byteLength) { varint(keyIndex) value }*
///            | unkeyed varint(count) varint(byteLength) value*
/// ```
enum CompactFormat {
    /// The first byte of every value.
    enum Tag: UInt8 {
        case null = 0, `false`, `true`, int, uint, double, float, string, keyed, unkeyed
    }
}
