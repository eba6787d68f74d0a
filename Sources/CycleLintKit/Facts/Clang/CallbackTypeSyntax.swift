/// A byte scan for the declarator of a C function pointer or block, `(*name)(` or `(^name)(`
/// (also `(*)(`, `(* const name)(`, `(**name)(`): the sign that a C file can declare or take a
/// callback. A dereference such as `sizeof(*wrapper)` or `(*box)->field` is not one, so a file
/// of macro-generated plain C (swift-nio's atomics, which take seconds to preprocess) is not
/// parsed for nothing.
enum CallbackTypeSyntax {
    /// Whether `text` has such a declarator. Comments and strings count too: the scan may say
    /// yes where the parse finds nothing, never no where the file writes one.
    static func occurs(in text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var index = 0
            while index + 1 < bytes.count {
                if bytes[index] == UInt8(ascii: "("), bytes[index + 1] == UInt8(ascii: "*") || bytes[index + 1] == UInt8(ascii: "^"),
                   closesDeclarator(bytes, from: index + 2) {
                    return true
                }
                index += 1
            }
            return false
        }
    }

    /// From just after `(*`: names, qualifiers, spaces and further `*`, then `)`, then
    /// (after spaces) the parameter list's `(`.
    private static func closesDeclarator(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        var index = start
        while index < bytes.count, isDeclaratorByte(bytes[index]) { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: ")") else { return false }
        index += 1
        while index < bytes.count, isSpace(bytes[index]) { index += 1 }
        return index < bytes.count && bytes[index] == UInt8(ascii: "(")
    }

    private static func isDeclaratorByte(_ byte: UInt8) -> Bool {
        isSpace(byte) || byte == UInt8(ascii: "*") || ByteSearch.isIdentifierByte(byte)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }
}
