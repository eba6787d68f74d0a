extension ContextGraphBuilder {
    /// The object an API entry's `kept_by` argument names
    /// (`dispatch_source_set_event_handler(source, handler)` keeps the handler in `source`); nil
    /// when the entry has none (the receiver keeps it) or the argument is not an object path.
    func keeperKey(_ entry: APIRetentionEntry, call: CallFacts, context: BodyContext) -> NodeKey? {
        guard let keeper = entry.keeper, let position = keeper.index(labels: call.labels) else { return nil }
        for case .path(let path) in call.arguments[position] {
            if let key = canonical(path, context) { return key }
        }
        return nil
    }
}
