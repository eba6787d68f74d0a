// cyclelint sample: fixed twin of ContinuationLeakLeak (close() resumes every parked caller).

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
        let parked = waiting
        waiting.removeAll()
        for continuation in parked.values { continuation.resume(returning: "closed") }
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
