/// Where a file's text has the word `class`, `struct`, `enum` or `actor`: a byte scan that lets
/// the extractor skip looking for local type declarations in a body that cannot have one. It
/// also counts the words in comments, strings and identifiers, so it may say "maybe" where
/// there is none, never "none" where there is one.
struct TypeKeywordOffsets {
    /// UTF-8 offsets of the words' first bytes, ascending.
    private let offsets: [Int]

    private static let keywords: [[UInt8]] = ["class", "struct", "enum", "actor"].map { Array($0.utf8) }

    init(source: String) {
        var offsets: [Int] = []
        var source = source
        source.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                guard byte == UInt8(ascii: "c") || byte == UInt8(ascii: "s") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "a"),
                      index == 0 || !ByteSearch.isIdentifierByte(bytes[index - 1]) else {
                    index += 1
                    continue
                }
                for keyword in Self.keywords where Self.matches(keyword, in: bytes, at: index) {
                    offsets.append(index)
                    break
                }
                index += 1
            }
        }
        self.offsets = offsets
    }

    /// Whether one of the words starts in `start..<end`.
    func mayHaveType(from start: Int, to end: Int) -> Bool {
        // The first offset at or after `start`.
        var low = 0
        var high = offsets.count
        while low < high {
            let middle = (low + high) / 2
            if offsets[middle] < start { low = middle + 1 } else { high = middle }
        }
        return low < offsets.count && offsets[low] < end
    }

    private static func matches(_ keyword: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let end = index + keyword.count
        guard end <= bytes.count, end == bytes.count || !ByteSearch.isIdentifierByte(bytes[end]) else { return false }
        for offset in keyword.indices where bytes[index + offset] != keyword[offset] { return false }
        return true
    }
}
