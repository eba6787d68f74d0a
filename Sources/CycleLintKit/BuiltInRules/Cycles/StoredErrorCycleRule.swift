/// `stored-error-cycle`: an error (or `Result`) kept in a property whose value leads back to the
/// object that stored it.
public struct StoredErrorCycleRule: Rule {
    /// The rule; it has no configuration of its own.
    public init() {}

    public let description = RuleDescription(
        id: "stored-error-cycle",
        name: "Stored error cycle",
        summary: "An Error or Result stored in a property holds (through its fields, a closure, or owned objects) the object that stored it.",
        rationale: "Errors often carry context: the request, the response, a retry closure. Keeping the last error on a "
            + "connection or handler that the failing object owns closes a cycle that outlives close().",
        fix: "Clear the stored error in the close-like method (`handler.error = nil`), or store a summary of the error "
            + "(its description or code) instead of the error value.",
        triggeringExamples: [
            """
            struct ResponseError: Error { let response: Response }
            final class ProtocolHandler { var error: Error? }
            final class Connection { let handler = ProtocolHandler() }
            final class Response {
                let connection: Connection
                init(connection: Connection) { self.connection = connection }
                func fail() {
                    ↓connection.handler.error = ResponseError(response: self)
                }
            }
            """,
            """
            struct RetryError: Error { let retry: () -> Void }
            final class Download {
                var lastError: RetryError?
                func failed() {
                    ↓lastError = RetryError(retry: { self.start() })
                }
                func start() {}
            }
            """,
            """
            enum LoadState { case idle, failed(Error) }
            struct OwnerError: Error { let owner: Loader }
            final class Loader {
                var state = LoadState.idle
                func fail() {
                    ↓state = .failed(OwnerError(owner: self))
                }
            }
            """,
        ],
        nonTriggeringExamples: [
            """
            struct ResponseError: Error { let response: Response }
            final class ProtocolHandler { var error: Error? }
            final class Connection { let handler = ProtocolHandler() }
            final class Response {
                let connection: Connection
                init(connection: Connection) { self.connection = connection }
                func fail() { connection.handler.error = ResponseError(response: self) }
                func close() { connection.handler.error = nil }
            }
            """,
            """
            struct TimeoutError: Error { let seconds: Int }
            final class Request {
                var error: Error?
                func timedOut() { error = TimeoutError(seconds: 30) }
            }
            """,
            """
            struct ResponseError: Error { weak var response: Response? }
            final class Response {
                var error: Error?
                func fail() { error = ResponseError(response: self) }
            }
            """,
        ]
    )

    public func check(_ context: RuleContext) -> [Finding] {
        context.report(description, where: { $0.kind == .cycle && $0.involvesStoredError }) { retention in
            "stored error keeps its owner alive: \(retention.summary); clear the stored error in close()"
        }
    }
}
