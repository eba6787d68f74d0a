// cyclelint sample: fixed twin of CloseInDeinitLeak (close() breaks the cycle).

final class StreamConnection {
    var onData: (([UInt8]) -> Void)?
    private(set) var received = 0

    func open() {
        onData = { bytes in
            self.received += bytes.count
        }
    }

    func close() {
        onData = nil
    }
}

weak var probe: StreamConnection?
do {
    let connection = StreamConnection()
    probe = connection
    connection.open()
    connection.onData?([1, 2, 3])
    connection.close()
}
print(probe == nil ? "StreamConnection deallocated" : "StreamConnection leaked")
