// cyclelint sample: observer-retention
// A repeating timer's block captures the clock; the run loop keeps the timer until it is
// invalidated, and the clock invalidates it only in deinit, which therefore never runs.
import Foundation

final class Clock {
    var timer: Timer?
    private(set) var ticks = 0

    func start() {
        timer = Timer.scheduledTimer(withTimeInterval: 0.01, repeats: true) { _ in
            self.ticks += 1
        }
    }

    deinit {
        timer?.invalidate()
    }
}

weak var probe: Clock?
do {
    let clock = Clock()
    probe = clock
    clock.start()
    RunLoop.current.run(until: Date().addingTimeInterval(0.05))
}
print(probe == nil ? "Clock deallocated" : "Clock leaked")
