// cyclelint sample: fixed twin of TimerLeak (weak capture, invalidated in stop()).
import Foundation

final class Clock {
    var timer: Timer?
    private(set) var ticks = 0

    func start() {
        timer = Timer.scheduledTimer(withTimeInterval: 0.01, repeats: true) { [weak self] _ in
            self?.ticks += 1
        }
    }

    func stop() {
        timer?.invalidate()
        timer = nil
    }
}

weak var probe: Clock?
do {
    let clock = Clock()
    probe = clock
    clock.start()
    RunLoop.current.run(until: Date().addingTimeInterval(0.05))
    clock.stop()
}
print(probe == nil ? "Clock deallocated" : "Clock leaked")
