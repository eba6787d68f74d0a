import CWatch

/// The same registration, balanced: `close()` unregisters and then releases the retain.
final class Watcher {
    var fired = 0
    private var id: Int32 = -1
    private var context: UnsafeMutableRawPointer?

    func start() {
        let context = Unmanaged.passRetained(self).toOpaque()
        self.context = context
        id = watch_add({ context in
            Unmanaged<Watcher>.fromOpaque(context!).takeUnretainedValue().fired += 1
        }, context)
    }

    func close() {
        watch_remove(id)
        if let context {
            self.context = nil
            Unmanaged<Watcher>.fromOpaque(context).release()
        }
    }
}

do {
    let watcher = Watcher()
    watcher.start()
    watch_fire_all()
    watcher.close()
    print("fired \(watcher.fired) time(s)")
}
