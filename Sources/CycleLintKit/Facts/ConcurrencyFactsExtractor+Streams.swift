import SwiftSyntax

/// Streams and continuations: `AsyncStream` creations, the yields and finishes that feed them,
/// and `withTaskCancellationHandler` calls.
extension ConcurrencyFactsExtractor {
    func addStream(_ call: FunctionCallExprSyntax, form: StreamCreationForm, throwing: Bool) {
        let id = facts.streams.count
        let policy = call.arguments.first { $0.label?.text == "bufferingPolicy" }?.expression.sourceText
        var stream = StreamCreationFacts(id: id, function: top.function, form: form, isThrowing: throwing, policy: policy,
                                         elementType: StreamSyntax.elementType(of: call),
                                         continuationName: nil, continuationProperty: nil, location: location(call))
        switch form {
        case .buildClosure:
            let closure = call.trailingClosure ?? call.arguments.last?.expression.as(ClosureExprSyntax.self)
            if let closure { pendingClosureRoles[closure.id] = .streamBuild(id) }
        case .makeStream:
            var node = Syntax(call)
            while let parent = node.parent, parent.is(TryExprSyntax.self) || parent.is(AwaitExprSyntax.self) { node = parent }
            if let binding = node.parent?.parent?.as(PatternBindingSyntax.self),
               let tuple = binding.pattern.as(TuplePatternSyntax.self), tuple.elements.count == 2,
               let name = tuple.elements.last?.pattern.as(IdentifierPatternSyntax.self)?.identifier.text {
                stream.continuationName = name
                frames[frames.count - 1].continuationNames[name] = id
            } else if let (_, target) = AssignmentSyntax.assignment(valueNode: node),
                      let tuple = target.as(TupleExprSyntax.self), tuple.elements.count == 2, let last = tuple.elements.last?.expression {
                if let member = last.as(MemberAccessExprSyntax.self), member.base?.sourceText == "self" {
                    stream.continuationProperty = member.declName.baseName.text
                } else if let reference = last.as(DeclReferenceExprSyntax.self) {
                    if isLocal(reference.baseName.text) {
                        stream.continuationName = reference.baseName.text
                        frames[frames.count - 1].continuationNames[reference.baseName.text] = id
                    } else {
                        stream.continuationProperty = reference.baseName.text
                    }
                }
            }
        }
        var creation = Syntax(call)
        while let parent = creation.parent, parent.is(TryExprSyntax.self) || parent.is(AwaitExprSyntax.self) { creation = parent }
        stream.handles = StreamSyntax.handles(of: creation, function: facts.functions[top.function].name)
        facts.streams.append(stream)
    }

    /// A `for await` loop over `node.sequence`.
    func addConsumer(_ node: ForStmtSyntax) {
        guard let name = StreamSyntax.sequenceName(node.sequence) else { return }
        facts.consumers.append(StreamConsumerFacts(function: top.function, sequence: name,
                                                   suspendsPerElement: StreamSyntax.suspendsPerElement(node.body),
                                                   location: location(node)))
    }

    /// A `yield` or `finish` call on `base`.
    func feed(_ name: String, base: ExprSyntax?, node: FunctionCallExprSyntax) {
        var stream: Int?
        var property: String?
        if let reference = base?.as(DeclReferenceExprSyntax.self) {
            let text = reference.baseName.text
            if let known = continuationStream(named: text) {
                stream = known
            } else if !isLocal(text) {
                property = text
            }
        } else if let member = base?.as(MemberAccessExprSyntax.self),
                  member.base.map(CallbackSyntax.strippingOptionals)?.as(DeclReferenceExprSyntax.self)?.baseName.tokenKind == .keyword(.self) {
            property = member.declName.baseName.text
        }
        guard stream != nil || property != nil else { return }
        let escaping = escapingFrameIndex
        // The code that produces: the escaping closure the call is in, else the stream's build
        // closure or the function.
        let producer = escaping ?? producerFrameIndex
        if name == "finish" {
            frames[producer].finishes = true
            if let property, escaping == nil { facts.functions[top.function].finishedProperties.append(property) }
            return
        }
        let index = facts.yields.count
        facts.yields.append(StreamYieldFacts(
            function: top.function, stream: stream, property: property, inLoop: top.loopDepth > 0,
            inUnboundedLoop: top.untilCancelledLoopDepth > 0, inCallback: escaping != nil,
            callbackRunsOnce: escaping.map { frames[$0].runsOnce } ?? false,
            callbackRepeats: escaping.map { frames[$0].repeats } ?? false, producerFinishes: false, location: location(node)))
        frames[producer].yieldIndices.append(index)
    }

    /// The innermost stream build closure or function frame.
    private var producerFrameIndex: Int {
        for index in frames.indices.reversed() where !frames[index].isClosure || frames[index].isStreamBuild { return index }
        return 0
    }

    /// Removes the innermost frame; the yields it produced learn whether it also finishes.
    func popFrame() {
        let frame = frames.removeLast()
        for index in frame.yieldIndices { facts.yields[index].producerFinishes = frame.finishes }
    }

    func addCancellationHandler(_ call: FunctionCallExprSyntax) {
        let id = facts.cancellationHandlers.count
        var onCancel: ClosureExprSyntax?
        var closures: [(ClosureExprSyntax, String?)] = call.arguments.compactMap { argument in
            argument.expression.as(ClosureExprSyntax.self).map { ($0, argument.label?.text) }
        }
        if let trailing = call.trailingClosure { closures.append((trailing, nil)) }
        closures += call.additionalTrailingClosures.map { ($0.closure, $0.label.text) }
        for (closure, label) in closures {
            if label == "onCancel" || label == "handler" {
                onCancel = closure
                pendingClosureRoles[closure.id] = .onCancel(id)
            } else {
                pendingClosureRoles[closure.id] = .operation(id)
            }
        }
        // A handler passed as a function value cannot be inspected: assume it resumes.
        facts.cancellationHandlers.append(CancellationHandlerFacts(
            id: id, function: top.function, onCancelResumes: onCancel == nil,
            onCancelLocation: location(onCancel.map(Syntax.init) ?? Syntax(call)), location: location(call)))
    }
}
