/// `--color auto|always|never`. `auto` colours only a terminal, and never when `NO_COLOR` is
/// set to a non-empty value (https://no-color.org) or `TERM` is `dumb`; `always` overrides
/// `NO_COLOR`, being an explicit request.
public enum ColorMode: String, CaseIterable, Sendable {
    /// `auto`: colour a terminal unless the environment opts out; `always`; `never`.
    case auto, always, never

    /// Whether to colour output going to a terminal (`isTerminal`) or a file, given the
    /// process environment.
    public func isEnabled(isTerminal: Bool, writingToFile: Bool, environment: [String: String]) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            if writingToFile || !isTerminal { return false }
            if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
            return environment["TERM"] != "dumb"
        }
    }
}
