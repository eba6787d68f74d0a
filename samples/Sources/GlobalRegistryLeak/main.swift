// cyclelint sample: global-retention
// Every session registers itself with a process-wide registry, and close() forgets to
// unregister it.

final class SessionRegistry {
    static let shared = SessionRegistry()
    private(set) var sessions: [UserSession] = []

    func register(_ session: UserSession) {
        sessions.append(session)
    }

    func unregister(_ session: UserSession) {
        sessions.removeAll { $0 === session }
    }
}

final class UserSession {
    private(set) var isOpen = true

    init() {
        SessionRegistry.shared.register(self)
    }

    func close() {
        isOpen = false
    }
}

weak var probe: UserSession?
do {
    let session = UserSession()
    probe = session
    session.close()
}
print(probe == nil ? "UserSession deallocated" : "UserSession leaked")
