/// One rule pack entry: how `Type.method(label:…)` treats the closures (or the named argument)
/// passed to it.
public struct APIRetentionEntry: Sendable, Hashable {
    /// `Timer` in `Timer.scheduledTimer(withTimeInterval:repeats:block:)`; nil matches any receiver.
    public var typeName: String?
    /// `scheduledTimer`; `init` for initializers.
    public var methodName: String
    /// `["withTimeInterval", "repeats", "block"]`, nil for `_`.
    public var labels: [String?]
    /// How long the API keeps the closures (or the `retainedArgument`) passed to it.
    public var retention: ClosureRetention
    /// The argument whose value is retained instead of every closure argument (`on` for
    /// `assign(to:on:)`, the `handler:` closure of `setEventHandler(qos:flags:handler:)`).
    public var retainedArgument: ArgumentSelector?
    /// The argument that keeps what is retained, for `retained-by-receiver` APIs that are free
    /// functions (`dispatch_source_set_event_handler(source, handler)`: position 0); nil for the
    /// receiver (or, for an initializer, the object it makes).
    public var keeper: ArgumentSelector?
    /// Argument literals that make the call transient (`repeats: false`).
    public var transientWhen: [String: String]
    /// Where the entry was declared: pack name and line.
    public var source: String

    /// An entry for `typeName.methodName(labels…)`; by default retaining the closure arguments,
    /// kept by the receiver, never transient.
    public init(typeName: String?, methodName: String, labels: [String?], retention: ClosureRetention,
                retainedArgument: ArgumentSelector? = nil, keeper: ArgumentSelector? = nil,
                transientWhen: [String: String] = [:], source: String) {
        self.typeName = typeName
        self.methodName = methodName
        self.labels = labels
        self.retention = retention
        self.retainedArgument = retainedArgument
        self.keeper = keeper
        self.transientWhen = transientWhen
        self.source = source
    }

    /// `Type.method(a:b:)` as written in packs.
    public var api: String {
        (typeName.map { $0 + "." } ?? "") + methodName + "(" + labels.map { ($0 ?? "_") + ":" }.joined() + ")"
    }

    /// Parses `Type.method(a:_:b:)`, `method(a:)` or `Type.init(a:)`; nil when malformed.
    static func parseSignature(_ text: String) -> (type: String?, method: String, labels: [String?])? {
        guard let open = text.firstIndex(of: "("), text.hasSuffix(")") else { return nil }
        let head = String(text[..<open])
        let inside = text[text.index(after: open)..<text.index(before: text.endIndex)]
        guard inside.isEmpty || inside.hasSuffix(":") else { return nil }
        let labels: [String?] = inside.split(separator: ":", omittingEmptySubsequences: false).dropLast().map {
            $0 == "_" ? nil : String($0)
        }
        guard labels.allSatisfy({ $0.map { !$0.isEmpty && !$0.contains(" ") } ?? true }) else { return nil }
        let parts = head.split(separator: ".").map(String.init)
        guard let method = parts.last, !method.isEmpty, !head.contains(" ") else { return nil }
        let type = parts.count > 1 ? parts.dropLast().joined(separator: ".") : nil
        return (type, method, labels)
    }
}
