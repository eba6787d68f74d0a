extension ContextGraphBuilder {
    /// The edges by which a context parameter keeps `self` (rule packs' `{context: TYPE, owns:
    /// receiver, until: …}`): `handlerAdded(context: ChannelHandlerContext)` is called with the
    /// context that owns the handler. What is reached from the context (its channel, its event
    /// loop) is not the owner: once the framework removes the object, only the context still
    /// holds it.
    mutating func contextOwnershipEdges(body: BodyFacts, context: BodyContext) -> [OwnershipEdge] {
        guard let typeName, body.kind == .instance, !knowledge.contextOwnerships.isEmpty,
              let method = index.method(ofBody: body.id, in: context.file) else { return [] }
        var edges: [OwnershipEdge] = []
        for parameter in method.parameters {
            guard let declared = parameter.type?.name,
                  let ownership = knowledge.contextOwnership(ofParameterType: declared),
                  ownership.owns(typeName, in: index) else { continue }
            let key = NodeKey.scopedPath(file: context.file, body: body.id, root: .parameter(parameter.name), members: [])
            let node = objectNode(key)
            let selfNode = objectNode(.selfPath([]))
            let until = "\(ownership.releasingMethod)(\(ownership.releasingLabels.map { ($0 ?? "_") + ":" }.joined()))"
            edges.append(OwnershipEdge(
                from: node, to: selfNode, kind: .holds, label: "owns it until \(until)", location: method.location,
                description: "\(parameter.name) (\(ownership.contextType)) keeps \(displayName(.selfPath([]))) until \(until)",
                release: nil))
        }
        return edges
    }
}
