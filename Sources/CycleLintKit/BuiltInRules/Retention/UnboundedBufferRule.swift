/// `unbounded-buffer`: an `AsyncStream` with the default `.unbounded` policy fed from a loop,
/// callback or another task; Combine `buffer(size: Int.max)`; a collection used as a queue that
/// only grows.
public struct UnboundedBufferRule: Rule, ClaimFreeRule {
    public init() {}

    public let description = RuleDescription(
        id: "unbounded-buffer",
        name: "Unbounded buffer fed faster than drained",
        summary: "An `AsyncStream` with the default `.unbounded` buffering policy fed from a loop, a timer, a callback or "
            + "another task, a Combine `buffer(size: Int.max)`, or a collection used as a queue that is appended to and "
            + "never removed from.",
        rationale: "A buffer without a bound keeps every element a producer hands it until the consumer takes it. When "
            + "the producer runs on its own schedule (a loop, a timer, delegate callbacks, another task) and the consumer "
            + "is slower, suspended or gone, memory grows without limit and every buffered element keeps what it "
            + "references alive. Not reported: a producer that is bounded (a loop over a finite collection, a fixed "
            + "number of yields, a loop followed by `finish()`); a consumer that takes each element at once; in test "
            + "code, a stream no loop of its own consumes (the test reads the few elements its scenario produces and the "
            + "buffer ends with the test); a growing collection owned by objects made per call (constructed in function "
            + "bodies, never held by a property or global), which end with the call that made them.",
        fix: "Bound the buffer: `AsyncStream(of:bufferingPolicy: .bufferingNewest(n))` (or `.bufferingOldest(n)`, and the "
            + "same `bufferingPolicy:` for `makeStream(of:bufferingPolicy:)`), a finite Combine buffer size, or drain the "
            + "queue (`removeFirst`, `popFirst`) where it is consumed.",
        triggeringExamples: UnboundedBufferExamples.triggering,
        nonTriggeringExamples: UnboundedBufferExamples.nonTriggering
    )

    public func check(_ context: RuleContext) -> [Finding] {
        let view = context.concurrencyView
        var findings: [Finding] = []
        for (fileIndex, file) in context.index.files.enumerated() {
            let facts = file.concurrency
            for stream in facts.streams where stream.policy == nil || stream.policy?.contains("unbounded") == true {
                // A stream of `Void` signals buffers no data: nothing is retained.
                if let element = stream.elementType ?? continuationElementType(of: stream, file: fileIndex, view: view),
                   ["Void", "()"].contains(element) { continue }
                let feeders = self.feeders(of: stream, file: fileIndex, view: view)
                guard let first = feeders.first else { continue }
                // Consumers that take each element at once keep the buffer empty.
                let consumers = self.consumers(of: stream, file: fileIndex, view: view)
                if !consumers.isEmpty && !consumers.contains(where: \.suspendsPerElement) { continue }
                // In test code a stream that no loop of its own consumes is read by the test
                // (`iterator.next()`): the test drives a fixed scenario, and the buffer ends with it.
                if consumers.isEmpty && SourceLayout.isTestCode(file.path) { continue }
                let kind = stream.isThrowing ? "AsyncThrowingStream" : "AsyncStream"
                findings.append(context.finding(
                    description, at: stream.location,
                    message: "`\(kind)` buffers without bound (default `.unbounded` policy) and is fed \(first.how) "
                        + "(\(first.yield.location.shortDescription)): a slow or absent consumer lets it grow forever; "
                        + "pass `bufferingPolicy: .bufferingNewest(n)` or `.bufferingOldest(n)`",
                    path: feeders.prefix(3).map { PathStep(location: $0.yield.location, description: "fed \($0.how)") },
                    components: [kind, stream.function.map { view.functions[fileIndex][$0].facts.name } ?? "",
                                 stream.continuationName ?? "", stream.continuationProperty ?? ""]))
            }
            for location in facts.unboundedCombineBuffers {
                findings.append(context.finding(
                    description, at: location,
                    message: "`buffer(size: Int.max)` keeps every upstream value until downstream asks for it: an "
                        + "unbounded buffer; use a finite size with `.dropOldest`/`.dropNewest`",
                    path: [], components: ["combine-buffer"]))
            }
        }
        findings += growingQueues(view: view, context: context)
        return findings
    }

    /// The element type from the declared type of the property the continuation is stored in
    /// (`AsyncStream<Void>.Continuation`).
    private func continuationElementType(of stream: StreamCreationFacts, file: Int, view: ConcurrencyView) -> String? {
        guard let name = stream.continuationProperty, let function = stream.function,
              let type = view.functions[file][function].type,
              let text = view.property(name, of: type)?.facts.typeText,
              let open = text.firstIndex(of: "<"), let close = text.firstIndex(of: ">"), open < close else { return nil }
        return String(text[text.index(after: open)..<close].filter { !$0.isWhitespace })
    }

    /// The `for await` loops over `stream`: by the variable or property it is kept in (in the same
    /// file, or in the same type), or by the function that returns it (in the same module).
    private func consumers(of stream: StreamCreationFacts, file: Int, view: ConcurrencyView) -> [StreamConsumerFacts] {
        let function = stream.function.map { view.functions[file][$0] }
        let module = view.index.module(ofFile: file)
        var result: [StreamConsumerFacts] = []
        for (fileIndex, other) in view.index.files.enumerated() {
            for consumer in other.concurrency.consumers where stream.handles.contains(consumer.sequence) {
                let consumerType = view.functions[fileIndex][consumer.function].type
                let returned = consumer.sequence == function?.facts.name && view.index.module(ofFile: fileIndex) == module
                if fileIndex == file || (consumerType != nil && consumerType == function?.type) || returned {
                    result.append(consumer)
                }
            }
        }
        return result
    }

    private struct Feeder {
        var yield: StreamYieldFacts
        var how: String
    }

    private static func feeds(_ yield: StreamYieldFacts) -> String? {
        if yield.inUnboundedLoop { return "from a loop that runs until cancelled" }
        // A loop followed by `finish()` produces a bounded number of elements.
        if yield.inLoop && !yield.producerFinishes { return "from a loop" }
        // A callback of unknown frequency (a completion handler, a one-off event) is not enough.
        if yield.callbackRepeats && !yield.producerFinishes { return "from a repeating callback" }
        return nil
    }

    /// The yields that keep feeding `stream`: through its local continuation, or through the
    /// property its continuation is stored in.
    private func feeders(of stream: StreamCreationFacts, file: Int, view: ConcurrencyView) -> [Feeder] {
        var result: [Feeder] = []
        for yield in view.index.files[file].concurrency.yields where yield.stream == stream.id {
            if let how = Self.feeds(yield) { result.append(Feeder(yield: yield, how: how)) }
        }
        if let property = stream.continuationProperty, let function = stream.function,
           let type = view.functions[file][function].type {
            for (fileIndex, other) in view.index.files.enumerated() {
                for yield in other.concurrency.yields where yield.property == property {
                    guard let function = yield.function, view.functions[fileIndex][function].type == type else { continue }
                    let facts = view.functions[fileIndex][function].facts
                    if let how = Self.feeds(yield) {
                        result.append(Feeder(yield: yield, how: how))
                    } else if facts.kind == .function && !facts.finishedProperties.contains(property) {
                        // A method that yields and then finishes produces a fixed number of elements.
                        result.append(Feeder(yield: yield, how: "from \(ConcurrencyView.displayName(facts)) whenever it is called"))
                    }
                }
            }
        }
        return result.sorted { $0.yield.location < $1.yield.location }
    }

    /// Array and deque properties appended to from a loop that runs until cancelled (or until its
    /// stream ends) or from a repeating callback, and never removed from anywhere. Results
    /// accumulated by a bounded loop are not queues.
    private func growingQueues(view: ConcurrencyView, context: RuleContext) -> [Finding] {
        var candidates: [(key: String, info: ProjectIndex.TypeInfo, property: ConcurrencyPropertyFacts, first: ConcurrencyView.Access)] = []
        for key in view.propertiesByType.keys.sorted() {
            guard let info = context.index.types[key], info.kind == .class || info.kind == .actor else { continue }
            for property in (view.propertiesByType[key] ?? [:]).values.sorted(by: { $0.facts.name < $1.facts.name }) {
                let facts = property.facts
                guard facts.isVar, !facts.isStatic, facts.isStored, !facts.hasAttributes, let typeText = facts.typeText,
                      ConcurrencyView.isCollection(typeText), !typeText.contains(":"), !typeText.contains("Dictionary"),
                      !typeText.contains("Continuation") else { continue }
                let inserts = view.ownAccesses(of: facts.name, in: key).filter { access in
                    let grows = access.facts.kind == .compoundAssign
                        || (access.facts.kind == .call && ["append", "insert", "prepend", "push", "enqueue"].contains(access.facts.calledMethod ?? ""))
                    return grows && (access.facts.inUnboundedLoop || access.facts.inRepeatingCallback)
                }
                guard let first = inserts.min(by: { $0.facts.location < $1.facts.location }) else { continue }
                let removed = (view.accessesByName[facts.name] ?? []).contains { access in
                    access.facts.isRemoval && access.function.facts.kind != .initializer
                        && access.function.facts.kind != .propertyInitializer
                }
                if !removed { candidates.append((key, info, facts, first)) }
            }
        }
        // One index of constructions for every candidate type, not a scan of the project per queue.
        let perCall = PerCallObjects(index: context.index, typeNames: Set(candidates.map(\.info.name)))
        var findings: [Finding] = []
        for (key, info, facts, first) in candidates where !perCall.isMadePerCall(key, info: info) {
            let displayName = "\(info.name).\(facts.name)"
            let how = first.facts.inUnboundedLoop ? "in a loop that runs until cancelled" : "from a repeating callback"
            findings.append(context.finding(
                description, at: first.facts.location,
                message: "`\(displayName)` is used as a queue that only grows: appended \(how) in "
                    + "\(ConcurrencyView.displayName(first.function.facts)) and never removed from anywhere; drain it "
                    + "where it is consumed (`removeFirst`, `popFirst`) or bound it",
                path: [PathStep(location: facts.location, description: "`\(displayName)` declared")],
                components: [displayName, "growing-queue"]))
        }
        return findings
    }
}
