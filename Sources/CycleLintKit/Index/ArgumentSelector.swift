/// One argument of a call, as a rule pack names it: by label (`on`, or `_` for the unlabelled
/// one) or by position (`0` for the first).
public enum ArgumentSelector: Sendable, Hashable, CustomStringConvertible {
    /// The argument with this label; nil for an unlabelled argument (`_`).
    case label(String?)
    /// The argument at this position, counting from 0 (trailing closures included).
    case position(Int)

    /// Reads `on`, `_` or `1`; nil for anything else.
    init?(_ text: String) {
        if let position = Int(text) {
            guard position >= 0 else { return nil }
            self = .position(position)
        } else if text == "_" {
            self = .label(nil)
        } else {
            guard !text.isEmpty, text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
            self = .label(text)
        }
    }

    /// The index in a call's arguments this selects, if the call has it.
    func index(labels: [String?]) -> Int? {
        switch self {
        case .label(let label): return labels.firstIndex(of: label)
        case .position(let position): return position < labels.count ? position : nil
        }
    }

    public var description: String {
        switch self {
        case .label(let label): return label ?? "_"
        case .position(let position): return String(position)
        }
    }
}
