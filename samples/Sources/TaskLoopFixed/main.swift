// cyclelint sample: fixed twin of TaskLoopLeak (cancellation-aware loop, self taken weakly
// in each iteration).

final class Heartbeat {
    var task: Task<Void, Never>?
    private(set) var beats = 0

    func start() {
        task = Task { [weak self] in
            while !Task.isCancelled {
                guard let self else { return }
                self.beats += 1
                try? await Task.sleep(nanoseconds: 1_000_000)
            }
        }
    }

    func stop() {
        task?.cancel()
    }
}

weak var probe: Heartbeat?
do {
    let heartbeat = Heartbeat()
    probe = heartbeat
    heartbeat.start()
    try? await Task.sleep(nanoseconds: 20_000_000)
    heartbeat.stop()
}
try? await Task.sleep(nanoseconds: 20_000_000)
print(probe == nil ? "Heartbeat deallocated" : "Heartbeat leaked")
