// cyclelint sample: stored-error-cycle
// The HTTP client story: a response fails, its connection's protocol handler keeps the error,
// and the error points back at the response. close() does not clear it.

struct ResponseError: Error {
    let response: HTTPResponse
    let reason: String
}

final class ProtocolHandler {
    var error: Error?
}

final class Connection {
    let handler = ProtocolHandler()
}

final class HTTPResponse {
    let connection: Connection
    private(set) var isClosed = false

    init(connection: Connection) {
        self.connection = connection
    }

    func fail(_ reason: String) {
        connection.handler.error = ResponseError(response: self, reason: reason)
    }

    func close() {
        isClosed = true
    }
}

weak var probe: HTTPResponse?
do {
    let response = HTTPResponse(connection: Connection())
    probe = response
    response.fail("connection reset")
    response.close()
}
print(probe == nil ? "HTTPResponse deallocated" : "HTTPResponse leaked")
