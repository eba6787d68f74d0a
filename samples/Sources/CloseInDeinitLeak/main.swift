// cyclelint sample: retained-after-close
// The connection clears its data handler in deinit; deinit cannot run while the handler
// holds the connection, so the cycle is never broken.

final class StreamConnection {
    var onData: (([UInt8]) -> Void)?
    private(set) var received = 0

    func open() {
        onData = { bytes in
            self.received += bytes.count
        }
    }

    deinit {
        onData = nil
    }
}

weak var probe: StreamConnection?
do {
    let connection = StreamConnection()
    probe = connection
    connection.open()
    connection.onData?([1, 2, 3])
}
print(probe == nil ? "StreamConnection deallocated" : "StreamConnection leaked")
