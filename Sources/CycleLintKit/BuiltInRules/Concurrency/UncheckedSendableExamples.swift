/// The `↓`-marked examples of `unchecked-sendable`, run as tests.
enum UncheckedSendableExamples {
    static let triggering = [
        """
        /// Not thread-safe: confine each instance to one task.
        final class Connection: @unchecked Sendable {
            var buffer: [UInt8] = []
            nonisolated(unsafe) static var logHandler: ((String) -> Void)?
            static func configure() { ↓logHandler = { print($0) } }
            func fail() { ↓Self.logHandler?("failed") }
        }
        """,
        """
        /// A pool of read-only connections, each with its own dispatch queue.
        final class SnapshotPool: @unchecked Sendable {
            private var readers: [Int]? = []
            func close() { ↓readers = nil }
            func releaseMemory() { ↓readers?.removeAll() }
        }
        """,
        """
        import Foundation
        final class Observer: @unchecked Sendable {
            private let lock = NSLock()
            /// Guarded by `lock`.
            private var state = 0
            func changed() { ↓state += 1 }
            func read() -> Int { lock.withLock { state } }
        }
        """,
        """
        import Foundation
        @propertyWrapper
        final class Atomic<Value>: @unchecked Sendable {
            private let lock = NSLock()
            private var value: Value
            init(wrappedValue: Value) { value = wrappedValue }
            var wrappedValue: Value {
                get { lock.withLock { value } }
                set { ↓value = newValue }
            }
        }
        """,
        """
        /// Stores the access token in memory; it is lost when the process exits.
        final class TokenStorage: @unchecked Sendable {
            private var token: String?
            func save(_ token: String) { ↓self.token = token }
            func clear() { ↓token = nil }
        }
        """,
        """
        import Foundation
        final class Counter: @unchecked Sendable {
            private let lock = NSLock()
            private var count = 0
            func increment() {
                lock.lock()
                count += 1
                lock.unlock()
            }
            var current: Int { ↓count }
        }
        """,
        """
        import Foundation
        final class Connection: @unchecked Sendable {
            private var isOpen = false
            private var buffer: [UInt8] = []
            func open() { ↓isOpen = true }
            func send(_ bytes: [UInt8]) {
                guard ↓isOpen else { return }
                ↓self.buffer.append(contentsOf: bytes)
            }
            func flush() -> [UInt8] { ↓buffer }
        }
        """,
        """
        final class Registry {
            nonisolated(unsafe) static var names: [String] = []
            static func register(_ name: String) { ↓names.append(name) }
            static var all: [String] { ↓names }
        }
        """,
        """
        import Foundation
        extension NSLock {
            func synchronized<T>(_ body: () throws -> T) rethrows -> T {
                lock()
                defer { unlock() }
                return try body()
            }
        }
        final class Tally: @unchecked Sendable {
            private let lock = NSLock()
            private var total = 0
            func add(_ value: Int) { lock.synchronized { total += value } }
            func report(_ send: (Int) -> Void) { send(↓total) }
        }
        """,
        """
        final class Loader: @unchecked Sendable {
            private var cache: [String: Int] = [:]
            func load(_ key: String) {
                Task { ↓self.cache[key] = 1 }
                print(↓cache.count)
            }
        }
        """,
        """
        final class Schema: @unchecked Sendable {
            /// The fields of the type, computed on first use.
            var fields: () -> [String] {
                get { ↓fieldFunc }
                set { ↓fieldFunc = newValue }
            }
            private var fieldFunc: () -> [String]
            init(fields: @escaping () -> [String]) { fieldFunc = fields }
        }
        """,
        """
        struct Frames {
            static func validated<S: AsyncSequence>(_ frames: S) -> AsyncThrowingCompactMapSequence<S, Int> where S.Element == Int {
                let validator = Validator()
                Task { validator.reset() }
                return frames.compactMap(validator.validate)
            }
        }
        final class Validator: @unchecked Sendable {
            private var last: Int?
            func validate(_ frame: Int) throws -> Int? {
                if ↓last == nil { ↓last = frame; return nil }
                return frame
            }
            func reset() { ↓last = nil }
        }
        """,
        """
        func record(_ box: Box) {}
        func run() {
            let box = Box()
            box.add(1)
            record(box)
        }
        final class Box: @unchecked Sendable {
            private var items: [Int] = []
            func add(_ item: Int) { ↓items.append(item) }
            func all() -> [Int] { ↓items }
        }
        """,
        """
        func run() {
            let boxes = (0..<2).map { _ in Box() }
            for box in boxes { Task { box.add(1) } }
        }
        final class Box: @unchecked Sendable {
            private var items: [Int] = []
            func add(_ item: Int) { ↓items.append(item) }
            func all() -> [Int] { ↓items }
        }
        """,
        """
        import XCTest
        final class Measuring: Hashable {
            nonisolated(unsafe) static var checks = 0
            static func == (lhs: Measuring, rhs: Measuring) -> Bool { ↓Measuring.checks += 1; return lhs.value == rhs.value }
            func hash(into hasher: inout Hasher) { ↓Measuring.checks += 1; hasher.combine(value) }
            let value: Int
            init(_ value: Int) { self.value = value }
        }
        final class DiffingTests: XCTestCase {
            func testLinear() {
                ↓Measuring.checks = 0
                Task { _ = Set([1, 2, 3].map { Measuring($0) }) }
                XCTAssertLessThan(↓Measuring.checks, 10)
            }
        }
        """,
        """
        import XCTest
        final class Context {
            nonisolated(unsafe) static var current: Context?
            static func push(_ context: Context) { ↓current = context }
            static func reset() { ↓current = nil }
        }
        final class ContextTests: XCTestCase {
            func testPush() { Context.push(Context()) }
        }
        """,
        """
        final class Reporting: AsyncSequence, AsyncIteratorProtocol, @unchecked Sendable {
            typealias Element = Int
            var events: [String] = []
            var elements: [Int]
            init(_ elements: [Int]) { self.elements = elements }
            func next() async -> Int? {
                ↓events.append("next")
                return elements.isEmpty ? nil : elements.removeFirst()
            }
            func makeAsyncIterator() -> Reporting {
                ↓events.append("makeAsyncIterator")
                return self
            }
            func reset() { ↓events = [] }
        }
        """,
        """
        // file: Sources/CKey/include/key.h
        struct key { unsigned char bytes[32]; };
        int key_public(unsigned char *out, const struct key *private_key);
        int key_rotate(struct key *private_key);
        // file: Sources/Keys/PrivateKey.swift
        import CKey
        final class PrivateKey: @unchecked Sendable {
            private var key = CKey.key()
            var publicKey: [UInt8] {
                var out = [UInt8](repeating: 0, count: 32)
                _ = key_public(&out, &↓self.key)
                return out
            }
            func rotate() { _ = key_rotate(&↓self.key) }
        }
        """,
        """
        protocol EventQueue: AnyObject {
            func open()
            func stop()
            func close()
        }
        final class MockQueue: EventQueue, @unchecked Sendable {
            private(set) var state: Int?
            func open() { if ↓state == nil { ↓state = 1 } }
            func stop() { ↓state = 2 }
            func close() { ↓state = nil }
        }
        actor Pool<Queue: EventQueue> {
            private(set) var queue: Queue
            init(queue: Queue) { self.queue = queue }
            func prepare() { queue.open() }
            func cancel() {
                queue.stop()
                queue.close()
            }
        }
        extension Pool where Queue == MockQueue {
            static func make() -> Self { .init(queue: MockQueue()) }
        }
        func shutdown(_ pool: Pool<MockQueue>) async { await pool.queue.close() }
        """,
        """
        protocol EventQueue: AnyObject {
            func open()
            func close()
        }
        final class MockQueue: EventQueue, @unchecked Sendable {
            private(set) var state: Int?
            func open() { if ↓state == nil { ↓state = 1 } }
            func close() { ↓state = nil }
            func fail() { close() }
        }
        actor Pool<Queue: EventQueue> {
            private(set) var queue: Queue
            init(queue: Queue) { self.queue = queue }
            func prepare() { queue.open() }
            func cancel() { queue.close() }
        }
        extension Pool where Queue == MockQueue {
            static func make() -> Self { .init(queue: MockQueue()) }
        }
        func fail(_ pool: Pool<MockQueue>) async { await pool.queue.fail() }
        """,
        """
        import NIOCore
        func run(_ future: EventLoopFuture<Int>) {
            let box = Box()
            _ = future.map { box.add($0) }
            box.add(2)
        }
        final class Box: @unchecked Sendable {
            private var items: [Int] = []
            func add(_ item: Int) { ↓items.append(item) }
            func all() -> [Int] { ↓items }
        }
        """,
        """
        func makeBox() -> Box {
            let box = Box()
            box.add(1)
            return box
        }
        final class Box: @unchecked Sendable {
            private var items: [Int] = []
            func add(_ item: Int) { ↓items.append(item) }
            func all() -> [Int] { ↓items }
        }
        """,
        """
        import Foundation
        func run() {
            let box = Box()
            box.start()
            box.add(1)
        }
        final class Box: @unchecked Sendable {
            private var items: [Int] = []
            func start() { DispatchQueue.global().async { print(↓self.items) } }
            func add(_ item: Int) { ↓items.append(item) }
        }
        """,
    ]

    static let nonTriggering = [
        """
        final class Observer: @unchecked Sendable {
            /// Support for the transaction observer, protected by the serialized writer dispatch queue.
            private var observationState = 0
            func databaseDidChange() { observationState += 1 }
            func databaseDidCommit() -> Int { observationState }
        }
        """,
        """
        @propertyWrapper
        final class Field<Value>: @unchecked Sendable {
            private var value: Value?
            init() {}
            var wrappedValue: Value {
                get { value! }
                set { value = newValue }
            }
            func load(_ output: Value) { value = output }
        }
        """,
        """
        /// Only intended to be used in single-threaded testing.
        final class TestTracer: @unchecked Sendable {
            private(set) var spans: [String] = []
            func startSpan(_ name: String) { spans.append(name) }
            func startAnySpan(_ name: String) { spans.append(name) }
        }
        """,
        """
        /// - Important: This type is `@unchecked Sendable`. All mutable state is accessed
        ///   exclusively through the `Transport` actor, which serializes every call.
        final class Authorizer: @unchecked Sendable {
            private var token: String?
            func handleChallenge() { token = nil }
            func authorize() -> String? { token }
        }
        """,
        """
        final class MetadataBox {
            var rendered: String?
            func render() -> String {
                if let rendered { return rendered }
                rendered = "value"
                return "value"
            }
            func reset() { rendered = nil }
        }
        // Not thread-safe: a test box that renders at most once, never shared across threads.
        extension MetadataBox: @unchecked Sendable {}
        """,
        """
        import Foundation
        final class Counter: @unchecked Sendable {
            private let lock = NSLock()
            private var count = 0
            init(start: Int) { count = start }
            func increment() {
                lock.lock()
                defer { lock.unlock() }
                count += 1
            }
            var current: Int { lock.withLock { count } }
            deinit { print(count) }
        }
        """,
        """
        import Synchronization
        final class Cache: @unchecked Sendable {
            private let storage = Mutex<[String: Int]>([:])
            private var hits = 0
            private let queue = DispatchQueue(label: "cache")
            func value(for key: String) -> Int? {
                queue.sync { hits += 1 }
                return storage.withLock { $0[key] }
            }
            func reset() { queue.sync { hits = 0 } }
        }
        """,
        """
        final class Settings: @unchecked Sendable {
            let name: String
            let retries: Int
            let tags: [String]
            init(name: String, retries: Int, tags: [String]) {
                self.name = name
                self.retries = retries
                self.tags = tags
            }
        }
        """,
        """
        import Foundation
        final class Pool: @unchecked Sendable {
            private let lock = NSLock()
            private var free: [Int] = []
            func take() -> Int? { lock.withLock { takeLocked() } }
            func put(_ value: Int) {
                lock.lock()
                free.append(value)
                lock.unlock()
            }
            private func takeLocked() -> Int? { free.popLast() }
        }
        """,
        """
        import Foundation
        extension NSLock {
            func synchronized<T>(_ body: () throws -> T) rethrows -> T {
                lock()
                defer { unlock() }
                return try body()
            }
        }
        final class Tally: @unchecked Sendable {
            private let lock = NSLock()
            private var total = 0
            func add(_ value: Int) { lock.synchronized { total += value } }
            var current: Int { lock.synchronized { total } }
        }
        """,
        """
        #if os(Windows)
        import WinSDK
        #else
        import Glibc
        #endif
        final class Handles: @unchecked Sendable {
            #if os(Windows)
            private var section = CRITICAL_SECTION()
            #else
            private var mutex = pthread_mutex_t()
            #endif
            private var open: [Int32] = []
            func add(_ handle: Int32) {
                #if os(Windows)
                EnterCriticalSection(&section)
                defer { LeaveCriticalSection(&section) }
                #else
                pthread_mutex_lock(&mutex)
                defer { pthread_mutex_unlock(&mutex) }
                #endif
                open.append(handle)
            }
            var count: Int {
                #if os(Windows)
                EnterCriticalSection(&section)
                #else
                pthread_mutex_lock(&mutex)
                #endif
                let result = open.count
                #if os(Windows)
                LeaveCriticalSection(&section)
                #else
                pthread_mutex_unlock(&mutex)
                #endif
                return result
            }
        }
        """,
        """
        final class Connections {
            func closeAll() {}
            func add(_ id: Int) {}
        }
        final class Server: @unchecked Sendable {
            private var connections: Connections? = Connections()
            func accept(_ id: Int) { connections?.add(id) }
            func stop() { connections?.closeAll() }
        }
        """,
        """
        final class Stats: @unchecked Sendable {
            private var hits = 0
            func hit() { hits += 1 }
        }
        """,
            """
        final class InterceptStream: @unchecked Sendable {
            private var text = ""
            func write(_ string: String) {
                if text.isEmpty { text = string } else { text += "\n" + string }
            }
        }
        """,
        """
        final class Alias: @unchecked Sendable {
            // This Sendable conformance is transient: Alias is not really Sendable.
            private enum Impl { case undefined, named(String) }
            private var impl: Impl = .undefined
            func rename(_ name: String) { impl = .named(name) }
            var name: String? {
                if case .named(let name) = impl { return name }
                return nil
            }
        }
        """,
            """
        final class Schema: @unchecked Sendable {
            /// The fields. These may be mutated during setup, but should not be modified once the
            /// schema is being used for execution.
            var fields: () -> [String] {
                get { fieldFunc }
                set { fieldFunc = newValue }
            }
            private var fieldFunc: () -> [String]
            init(fields: @escaping () -> [String]) { fieldFunc = fields }
        }
        """,
        """
        final class Database {
            /// - warning: `logError` must be set before any database connection is opened.
            nonisolated(unsafe) static var logError: ((String) -> Void)?
            func close() { Self.logError?("closed") }
        }
        func configure() { Database.logError = { print($0) } }
        """,
        """
        struct Frames {
            static func validated<S: AsyncSequence>(_ frames: S) -> AsyncThrowingCompactMapSequence<S, Int> where S.Element == Int {
                let validator = Validator()
                return frames.compactMap(validator.validate)
            }
        }
        final class Validator: @unchecked Sendable {
            private var last: Int?
            func validate(_ frame: Int) throws -> Int? {
                if last == nil { last = frame; return nil }
                return frame
            }
            func reset() { last = nil }
        }
        """,
        """
        extension AsyncStream<Int> {
            static func relaying<S: AsyncSequence>(_ elements: S) -> Self where S.Element == Int {
                let iterator = Iterator(elements)
                return AsyncStream<Int> {
                    do {
                        return try await iterator.next()
                    } catch {
                        iterator.close()
                        return nil
                    }
                }
            }
            private final class Iterator<S: AsyncSequence>: @unchecked Sendable where S.Element == Int {
                var iterator: S.AsyncIterator?
                init(_ elements: S) { iterator = elements.makeAsyncIterator() }
                func next() async throws -> Int? { try await iterator?.next() }
                func close() { iterator = nil }
            }
        }
        """,
        """
        import XCTest
        final class Measuring: Hashable {
            nonisolated(unsafe) static var checks = 0
            static func == (lhs: Measuring, rhs: Measuring) -> Bool { Measuring.checks += 1; return lhs.value == rhs.value }
            func hash(into hasher: inout Hasher) { Measuring.checks += 1; hasher.combine(value) }
            let value: Int
            init(_ value: Int) { self.value = value }
        }
        final class DiffingTests: XCTestCase {
            func testLinear() {
                Measuring.checks = 0
                _ = Set([1, 2, 3].map { Measuring($0) })
                XCTAssertLessThan(Measuring.checks, 10)
            }
        }
        """,
        """
        final class Reporting: AsyncSequence, AsyncIteratorProtocol, @unchecked Sendable {
            typealias Element = Int
            var events: [String] = []
            var elements: [Int]
            init(_ elements: [Int]) { self.elements = elements }
            func next() async -> Int? {
                events.append("next")
                return elements.isEmpty ? nil : elements.removeFirst()
            }
            func makeAsyncIterator() -> Reporting {
                events.append("makeAsyncIterator")
                return self
            }
        }
        """,
        """
        import XCTest
        final class ThroughputMetric: NSObject, XCTMetric, @unchecked Sendable {
            var eventCount = 0
            func reportMeasurements(from startTime: XCTPerformanceMeasurementTimestamp,
                                    to endTime: XCTPerformanceMeasurementTimestamp) throws -> [XCTPerformanceMeasurement] {
                [XCTPerformanceMeasurement(identifier: "events", displayName: "Events", doubleValue: Double(eventCount), unitSymbol: "")]
            }
            func copy(with zone: NSZone? = nil) -> Any { self }
            func willBeginMeasuring() { eventCount = 0 }
            func didStopMeasuring() {}
        }
        """,
        """
        // file: Sources/CKey/include/key.h
        #define CKEY_PREFIXED(name) CKey_##name
        #define key_decap CKEY_PREFIXED(key_decap)
        struct key { unsigned char bytes[32]; };
        int key_public(unsigned char *out, const struct key *private_key);
        int key_decap(unsigned char *out, const unsigned char *ciphertext, const struct key *private_key);
        // file: Sources/Keys/PrivateKey.swift
        import CKey
        final class PrivateKey: @unchecked Sendable {
            private var key = CKey.key()
            var publicKey: [UInt8] {
                var out = [UInt8](repeating: 0, count: 32)
                _ = key_public(&out, &self.key)
                return out
            }
            func decapsulate(_ ciphertext: [UInt8]) -> [UInt8] {
                var out = [UInt8](repeating: 0, count: 32)
                _ = CKey_key_decap(&out, ciphertext, &self.key)
                return out
            }
        }
        """,
        """
        protocol EventQueue: AnyObject {
            func open()
            func stop()
            func close()
        }
        final class MockQueue: EventQueue, @unchecked Sendable {
            private(set) var state: Int?
            func open() { if state == nil { state = 1 } }
            func stop() { state = 2 }
            func close() { state = nil }
        }
        actor Pool<Queue: EventQueue> {
            private(set) var queue: Queue
            init(queue: Queue) { self.queue = queue }
            func prepare() { queue.open() }
            func cancel() {
                queue.stop()
                queue.close()
            }
        }
        extension Pool where Queue == MockQueue {
            static func make() -> Self { .init(queue: MockQueue()) }
        }
        func status(_ pool: Pool<MockQueue>) async -> Int? { await pool.queue.state }
        """,
    ]
}
