// cyclelint sample: task-retention
// A heartbeat task loops forever holding self. stop() cancels it, but `try?` swallows the
// cancellation, so the loop never ends and the heartbeat is never freed.

final class Heartbeat {
    var task: Task<Void, Never>?
    private(set) var beats = 0

    func start() {
        task = Task {
            while true {
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
