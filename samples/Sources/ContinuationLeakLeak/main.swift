// cyclelint sample: continuation-leak
// A request table parks each caller's continuation until the reply arrives. close() forgets the
// parked callers: their continuations are dropped without being resumed, so each waiting task
// stays suspended forever and keeps everything it captured (here, the request payload) alive.

final class Payload {
    let bytes: [UInt8]
    init(_ size: Int) { bytes = [UInt8](repeating: 7, count: size) }
}

actor RequestTable {
    private var waiting: [Int: CheckedContinuation<String, Never>] = [:]

    func send(id: Int) async -> String {
        await withCheckedContinuation { continuation in
            waiting[id] = continuation
        }
    }

    func reply(id: Int, with text: String) {
        waiting.removeValue(forKey: id)?.resume(returning: text)
    }

    func close() {
        waiting.removeAll()
    }
}

weak var probe: Payload?
let table = RequestTable()
do {
    let payload = Payload(1 << 16)
    probe = payload
    Task {
        let answer = await table.send(id: 1)
        print("request of \(payload.bytes.count) bytes answered: \(answer)")
    }
}
try? await Task.sleep(nanoseconds: 50_000_000)
await table.close()
try? await Task.sleep(nanoseconds: 50_000_000)
print(probe == nil ? "Payload deallocated" : "Payload leaked")
