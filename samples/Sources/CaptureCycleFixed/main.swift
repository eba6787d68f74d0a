// cyclelint sample: fixed twin of CaptureCycleLeak (weak capture).

final class ChatSession {
    var onMessage: ((String) -> Void)?
    private(set) var transcript: [String] = []

    func open() {
        onMessage = { [weak self] text in
            self?.transcript.append(text)
        }
    }
}

weak var probe: ChatSession?
do {
    let session = ChatSession()
    probe = session
    session.open()
    session.onMessage?("hello")
}
print(probe == nil ? "ChatSession deallocated" : "ChatSession leaked")
