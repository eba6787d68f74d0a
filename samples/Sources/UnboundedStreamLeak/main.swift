// cyclelint sample: unbounded-buffer
// Unbounded retention: a producer yields into an AsyncStream with the default (unbounded)
// buffer faster than the consumer drains it, so every pending message stays alive.
// `cyclelint trace --snapshot-every 0.2` shows the site allocating `Message` growing.

final class Message {
    let payload: [UInt8]
    init(_ index: Int) { payload = [UInt8](repeating: UInt8(truncatingIfNeeded: index), count: 4096) }
}

final class Pipeline {
    let stream: AsyncStream<Message>
    let continuation: AsyncStream<Message>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream(of: Message.self)  // .unbounded
    }

    func produce(_ count: Int) async {
        for index in 0..<count {
            continuation.yield(Message(index))
            if index % 4 == 0 { try? await Task.sleep(nanoseconds: 2_000_000) }
        }
    }

    func consume() async -> Int {
        var seen = 0
        for await message in stream {
            seen += message.payload.count > 0 ? 1 : 0
            try? await Task.sleep(nanoseconds: 5_000_000)
        }
        return seen
    }

    func close() { continuation.finish() }
}

func run() async {
    let pipeline = Pipeline()
    let consumer = Task { await pipeline.consume() }
    await pipeline.produce(2400)
    pipeline.close()
    consumer.cancel()
    print("produced 2400 messages")
}

await run()
