/// The C functions Swift code hands `&x` to, under the names a header may declare them by: the
/// name called and its tails after a `_` that still hold one (`CCryptoBoringSSL_XWING_encap` is
/// declared as `XWING_encap` behind a renaming macro). A header's `const T *` parameters only
/// matter for these functions, so headers that declare none of them need not be parsed for them.
struct PointerCallees: Sendable {
    private var names: Set<Substring> = []

    /// The callees of the `&x` arguments in `files`' Swift sources.
    init(files: [FileFacts] = []) {
        for file in files { add(file) }
    }

    /// Adds the callees of the `&x` arguments in `file`.
    mutating func add(_ file: FileFacts) {
        add(calleeNames: Self.calleeNames(in: file))
    }

    /// The functions `file` hands an `&x` argument to, as called.
    static func calleeNames(in file: FileFacts) -> [String] {
        file.concurrency.accesses.compactMap { access in
            access.kind == .inout && access.argumentPosition != nil ? access.calledMethod : nil
        }
    }

    /// Adds functions handed `&x`, by the names they are called by.
    mutating func add(calleeNames: [String]) {
        for callee in calleeNames {
            names.insert(Substring(callee))
            var rest = Substring(callee)
            while let separator = rest.firstIndex(of: "_") {
                rest = rest[rest.index(after: separator)...]
                guard rest.contains("_") else { break }
                names.insert(rest)
            }
        }
    }

    /// Whether `text` has an identifier that names one of the callees.
    func mayBeDeclared(in text: String) -> Bool {
        guard !names.isEmpty else { return false }
        let utf8 = text.utf8
        var start: String.Index?
        var position = utf8.startIndex
        while position < utf8.endIndex {
            let byte = utf8[position]
            let isIdentifier = byte == UInt8(ascii: "_") || (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
            if isIdentifier {
                if start == nil { start = position }
            } else if let begin = start {
                if names.contains(text[begin..<position]) { return true }
                start = nil
            }
            position = utf8.index(after: position)
        }
        if let begin = start, names.contains(text[begin...]) { return true }
        return false
    }
}
