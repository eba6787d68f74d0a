import CWatch

/// Registers itself with the C library through a retained context and never balances it:
/// after `close()` and the last Swift reference are gone, the Watcher is still alive.
final class Watcher {
    var fired = 0
    private var id: Int32 = -1

    func start() {
        let context = Unmanaged.passRetained(self).toOpaque()
        id = watch_add({ context in
            Unmanaged<Watcher>.fromOpaque(context!).takeUnretainedValue().fired += 1
        }, context)
    }

    func close() {
        watch_remove(id)
    }
}

do {
    let watcher = Watcher()
    watcher.start()
    watch_fire_all()
    watcher.close()
    print("fired \(watcher.fired) time(s)")
}
