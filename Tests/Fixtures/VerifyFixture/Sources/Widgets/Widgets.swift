/// A connection whose close handler captures it strongly: closing does not break the cycle.
public final class Connection {
    public var onClose: (() -> Void)?
    public var name: String
    public init(name: String) { self.name = name }
    public func open() { onClose = { print("closed \(self.name)") } }
    public func openSafely() { onClose = { [weak self] in print("closed \(self?.name ?? "")") } }
    public func close() { onClose?() }
}

/// A parent whose children point back at it strongly.
public final class Folder {
    public var files: [File] = []
    public init() {}
    public func add(_ name: String) { files.append(File(name: name, folder: self)) }
}

public final class File {
    public var name: String
    public var folder: Folder?
    public init(name: String, folder: Folder) {
        self.name = name
        self.folder = folder
    }
}

/// A cache that is never part of a cycle (its entries hold no reference back).
public final class Cache {
    public var entries: [String: Entry] = [:]
    public init() {}
    public func store(_ key: String) { entries[key] = Entry(key: key) }
}

public final class Entry {
    public let key: String
    public init(key: String) { self.key = key }
}

/// Its handler captures it strongly, but the tests clear the handler: statically a cycle, at
/// run time nothing leaks.
public final class Session {
    public var onEvent: (() -> Void)?
    public var events = 0
    public init() {}
    public func start() { onEvent = { self.events += 1 } }
}

/// The same cycle as `Connection`, in a type no test creates.
public final class Orphan {
    public var handler: (() -> Void)?
    public init() {}
    public func arm() { handler = { print(self) } }
}

/// A cycle through a `Connection` (which the tests do create) held by a type no test creates.
public final class Relay {
    public let connection = Connection(name: "relay")
    public init() {}
    public func arm() { connection.onClose = { print(self) } }
}

/// Polls until cancelled, and nothing cancels it: once its owner drops it, only the running task
/// keeps it (a retention through a task, alive rather than garbage).
public final class Poller {
    public var task: Task<Void, Never>?
    public var ticks = 0
    public init() {}
    public func start() {
        task = Task {
            while !Task.isCancelled {
                self.ticks += 1
                try? await Task.sleep(nanoseconds: 1_000_000)
            }
        }
    }
}
