// A screen that subscribes to the app's EventBus (a framework outside these sources).

/// Leaks: the bus keeps the handler, the handler keeps the screen, nothing cancels it.
final class ProfileScreen {
    let bus: EventBus
    var name = ""

    init(bus: EventBus) {
        self.bus = bus
        self.bus.on("profile.changed") { self.reload() }
    }

    func reload() { name = "reloaded" }
}

/// Fine: the subscription is cancelled when the screen is closed.
final class SettingsScreen {
    let bus: EventBus
    var subscription: Subscription?

    init(bus: EventBus) {
        self.bus = bus
        subscription = bus.on("settings.changed") { self.reload() }
    }

    func reload() {}

    func close() { subscription?.cancel() }
}

/// Fine: the handler holds the screen weakly.
final class InboxScreen {
    let bus: EventBus

    init(bus: EventBus) {
        self.bus = bus
        bus.on("inbox.new") { [weak self] in self?.reload() }
    }

    func reload() {}
}
