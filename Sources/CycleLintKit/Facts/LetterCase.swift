extension StringProtocol {
    /// Whether the first character is an uppercase letter, as `first?.isUppercase` says, without
    /// making a `Character` (grapheme breaking, Unicode tables) when the text starts with two
    /// ASCII bytes or is one ASCII byte: almost every identifier.
    var startsWithUppercase: Bool {
        switch asciiFirstByte {
        case .some(let byte): byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")
        case nil: first?.isUppercase == true
        }
    }

    /// Whether the first character is a lowercase letter, as `first?.isLowercase` says (see
    /// `startsWithUppercase`).
    var startsWithLowercase: Bool {
        switch asciiFirstByte {
        case .some(let byte): byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
        case nil: first?.isLowercase == true
        }
    }

    /// The first byte when it is the whole first character: ASCII, and followed by an ASCII byte
    /// or by nothing (an ASCII letter followed by a combining mark is one character with it).
    /// `\r\n`, one character of two ASCII bytes, is neither a letter nor `\r` one: no matter.
    private var asciiFirstByte: UInt8? {
        var bytes = utf8.makeIterator()
        guard let first = bytes.next(), first < 0x80 else { return nil }
        if let second = bytes.next(), second >= 0x80 { return nil }
        return first
    }
}
