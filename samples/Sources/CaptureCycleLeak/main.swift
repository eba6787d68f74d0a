// cyclelint sample: capture-cycle
// A chat session keeps its message handler, and the handler captures the session strongly.

final class ChatSession {
    var onMessage: ((String) -> Void)?
    private(set) var transcript: [String] = []

    func open() {
        onMessage = { text in
            self.transcript.append(text)
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
