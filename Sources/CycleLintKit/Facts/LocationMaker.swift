import SwiftSyntax

/// Turns syntax positions into `SourceLocation`s of one file, from a table of line starts
/// (cheaper than walking the tree for `SourceLocationConverter`).
struct LocationMaker {
    let file: String
    /// UTF-8 offset where each line starts; line 1 starts at 0.
    private let lineStarts: [Int]

    init(file: String, source: String) {
        self.file = file
        var starts = [0]
        var source = source
        source.withUTF8 { bytes in
            for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
                starts.append(offset + 1)
            }
        }
        lineStarts = starts
    }

    func location(of node: Syntax) -> SourceLocation {
        let offset = node.positionAfterSkippingLeadingTrivia.utf8Offset
        // The last line start at or before the offset.
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return SourceLocation(file: file, line: low + 1, column: offset - lineStarts[low] + 1)
    }
}
