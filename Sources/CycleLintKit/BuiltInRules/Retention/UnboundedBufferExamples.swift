/// The `↓`-marked examples of `unbounded-buffer`, run as tests.
enum UnboundedBufferExamples {
    static let triggering = [
        """
        import Foundation
        final class Ticker {
            func ticks() -> AsyncStream<Date> {
                ↓AsyncStream { continuation in
                    let task = Task {
                        while !Task.isCancelled {
                            continuation.yield(Date())
                            try? await Task.sleep(nanoseconds: 1_000_000)
                        }
                    }
                    continuation.onTermination = { _ in task.cancel() }
                }
            }
        }
        """,
        """
        import CoreLocation
        final class LocationFeed: NSObject, CLLocationManagerDelegate {
            let updates: AsyncStream<CLLocation>
            private let continuation: AsyncStream<CLLocation>.Continuation
            override init() {
                (updates, continuation) = ↓AsyncStream.makeStream(of: CLLocation.self)
                super.init()
            }
            func locationManager(_ manager: CLLocationManager, didUpdateLocations locations: [CLLocation]) {
                for location in locations { continuation.yield(location) }
            }
        }
        """,
        """
        import Foundation
        final class Clock {
            var continuation: AsyncStream<Date>.Continuation?
            lazy var dates: AsyncStream<Date> = ↓AsyncStream { self.continuation = $0 }
            func start() {
                Timer.scheduledTimer(withTimeInterval: 1, repeats: true) { [weak self] _ in
                    self?.continuation?.yield(Date())
                }
            }
        }
        """,
        """
        import Combine
        final class LogView {
            var cancellable: AnyCancellable?
            func start(_ lines: PassthroughSubject<String, Never>) {
                cancellable = lines
                    .↓buffer(size: Int.max, prefetch: .byRequest, whenFull: .dropNewest)
                    .sink { print($0) }
            }
        }
        """,
        """
        final class EventRecorder {
            private var events: [String] = []
            func record(from source: AsyncStream<String>) async {
                for await event in source {
                    ↓events.append(event)
                }
            }
            var count: Int { events.count }
        }
        """,
        """
        final class Worker {
            func run(_ handle: @escaping @Sendable (Int) async -> Void) async {
                let (jobs, continuation) = ↓AsyncStream.makeStream(of: Int.self)
                let producer = Task {
                    var next = 0
                    while !Task.isCancelled {
                        continuation.yield(next)
                        next += 1
                    }
                }
                for await job in jobs { await handle(job) }
                producer.cancel()
            }
        }
        """,
        """
        // file: Sources/Relay/Relay.swift
        func relay(_ inbound: AsyncStream<String>) async -> String? {
            let (stream, continuation) = ↓AsyncStream.makeStream(of: String.self)
            var iterator = stream.makeAsyncIterator()
            return await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await value in inbound { continuation.yield(value) }
                }
                return await iterator.next()
            }
        }
        """,
        """
        // file: Tests/ExporterTests/SlowProcessor.swift
        actor SlowProcessor {
            private let stream: AsyncStream<Int>
            private let continuation: AsyncStream<Int>.Continuation
            init() { (stream, continuation) = ↓AsyncStream.makeStream() }
            func run(_ export: (Int) async -> Void) async {
                for await value in stream { await export(value) }
            }
            nonisolated func onEnd(_ value: Int) { continuation.yield(value) }
        }
        """,
        """
        import Foundation
        final class NotificationCollector {
            private(set) var observed: [Notification] = []
            private var token: NSObjectProtocol?
            func start(_ center: NotificationCenter) {
                token = center.addObserver(forName: nil, object: nil, queue: nil) { [weak self] note in
                    ↓self?.observed.append(note)
                }
            }
        }
        final class Monitor {
            let collector = NotificationCollector()
        }
        """,
        """
        import Foundation
        final class NotificationCollector {
            private(set) var observed: [Notification] = []
            private var token: NSObjectProtocol?
            func start(_ center: NotificationCenter) {
                token = center.addObserver(forName: nil, object: nil, queue: nil) { [weak self] note in
                    ↓self?.observed.append(note)
                }
            }
        }
        final class Hub {
            private var observers: [AnyObject] = []
            func watch(_ center: NotificationCenter) {
                let collector = NotificationCollector()
                collector.start(center)
                observers.append(collector)
            }
        }
        """,
    ]

    static let nonTriggering = [
        """
        import Foundation
        final class Ticker {
            func ticks() -> AsyncStream<Date> {
                AsyncStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
                    let task = Task {
                        while !Task.isCancelled {
                            continuation.yield(Date())
                            try? await Task.sleep(nanoseconds: 1_000_000)
                        }
                    }
                    continuation.onTermination = { _ in task.cancel() }
                }
            }
        }
        """,
        """
        func single(_ value: Int) -> AsyncStream<Int> {
            AsyncStream { continuation in
                continuation.yield(value)
                continuation.finish()
            }
        }
        """,
        """
        import Foundation
        func load(_ fetch: @escaping (@escaping (Data) -> Void) -> Void) -> AsyncStream<Data> {
            AsyncStream { continuation in
                fetch { data in
                    continuation.yield(data)
                    continuation.finish()
                }
            }
        }
        """,
        """
        func numbers(_ values: [Int]) -> AsyncStream<Int> {
            AsyncStream { continuation in
                for value in values { continuation.yield(value) }
                continuation.finish()
            }
        }
        """,
        """
        func firstValue() async -> Int? {
            let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
            continuation.yield(42)
            continuation.finish()
            for await value in stream { return value }
            return nil
        }
        """,
        """
        final class Collector {
            private var names: [String] = []
            func collect(_ iterator: inout IndexingIterator<[String]>) {
                while let name = iterator.next() { names.append(name) }
            }
            var all: [String] { names }
        }
        """,
        """
        final class Inbox {
            private var messages: [String] = []
            func receive(from source: AsyncStream<String>) async {
                for await message in source { messages.append(message) }
            }
            func drain() -> [String] {
                defer { messages.removeAll() }
                return messages
            }
        }
        """,
        """
        final class Dispatcher {
            func run(_ handle: @escaping @Sendable (Int) async -> Void) async {
                let (jobs, continuation) = AsyncStream.makeStream(of: Int.self)
                let producer = Task {
                    var next = 0
                    while !Task.isCancelled {
                        continuation.yield(next)
                        next += 1
                    }
                }
                await withTaskGroup(of: Void.self) { group in
                    for await job in jobs { group.addTask { await handle(job) } }
                }
                producer.cancel()
            }
        }
        """,
        """
        func lines(_ source: [String]) -> AsyncStream<String> {
            AsyncStream { continuation in
                Task {
                    var index = 0
                    while index < source.count {
                        continuation.yield(source[index])
                        index += 1
                    }
                    continuation.finish()
                }
            }
        }
        """,
            """
        // file: Tests/RelayTests/RelayTests.swift
        import XCTest
        final class RelayTests: XCTestCase {
            func testRelay(_ inbound: AsyncStream<String>) async {
                let (stream, continuation) = AsyncStream.makeStream(of: String.self)
                var iterator = stream.makeAsyncIterator()
                await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await value in inbound { continuation.yield(value) }
                    }
                    let first = await iterator.next()
                    XCTAssertEqual(first, "hello")
                    group.cancelAll()
                }
            }
        }
        """,
        """
        import Foundation
        final class NotificationCollector {
            private(set) var observed: [Notification] = []
            private var token: NSObjectProtocol?
            func start(_ center: NotificationCenter) {
                token = center.addObserver(forName: nil, object: nil, queue: nil) { [weak self] note in
                    self?.observed.append(note)
                }
            }
        }
        func notifications(from center: NotificationCenter, during work: () -> Void) -> [Notification] {
            let collector = NotificationCollector()
            collector.start(center)
            work()
            return collector.observed
        }
        """,
    ]
}
