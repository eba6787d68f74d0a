import CycleLintKit
import Testing

/// Types declared outside the scanned files, types declared inside functions, and class-bound
/// protocol extensions are analysis contexts when the evidence says `self` is a reference.
@Suite("Types known from extensions and local declarations")
struct UnseenTypeTests {
    @Test("an extension whose method assigns a member of self is a class: its stored closure capturing self is a cycle")
    func extensionAssigningMember() throws {
        let result = try findings("""
        extension Downloader {
            func setUp() {
                self.onFinish = { self.reset() }
            }
            func reset() {}
        }
        """)
        #expect(result.map(\.ruleID) == ["capture-cycle"])
        #expect(result.first?.location.line == 3)
    }

    @Test("an extension with [weak self] elsewhere is a class; implicit members are its own, not globals")
    func extensionWeakSelfEvidence() throws {
        let result = try findings("""
        extension Player {
            func observe() {
                load { [weak self] in self?.play() }
                onEnd = { self.play() }
            }
            func play() {}
            func load(_ done: () -> Void) {}
        }
        """)
        #expect(result.map(\.ruleID) == ["capture-cycle"])
        #expect(result.first?.location.line == 4)
    }

    @Test("an extension with no evidence of reference semantics is not analysed (it may be a struct)")
    func extensionWithoutEvidence() throws {
        let result = try findings("""
        extension Settings {
            func describe() -> String { name }
            func register() {
                NotificationCenter.default.addObserver(forName: .init("x"), object: nil, queue: nil) { _ in print(self) }
            }
        }
        """)
        #expect(result.isEmpty)
    }

    @Test("a mutating method's stores are no evidence")
    func mutatingStoreIsNoEvidence() throws {
        let result = try findings("""
        extension Counter {
            mutating func set() { self.handler = { print(self) } }
        }
        """)
        #expect(result.isEmpty)
    }

    @Test("a class declared inside a function is analysed")
    func localClass() throws {
        let result = try findings("""
        func makeThing() {
            final class Box {
                var action: (() -> Void)?
                func arm() { action = { self.fire() } }
                func fire() {}
            }
            Box().arm()
        }
        """)
        #expect(result.map(\.ruleID) == ["capture-cycle"])
        #expect(result.first?.location.line == 4)
    }

    @Test("a class-bound protocol's extension stores through its settable requirement")
    func classBoundProtocolExtension() throws {
        let result = try findings("""
        protocol Refreshing: AnyObject {
            var onRefresh: (() -> Void)? { get set }
            func refresh()
        }
        extension Refreshing {
            func arm() { onRefresh = { self.refresh() } }
        }
        """)
        #expect(result.map(\.ruleID) == ["capture-cycle"])
    }

    @Test("a requirement every conformer implements weakly holds nothing")
    func requirementWeakInConformers() throws {
        let result = try findings("""
        protocol Screen: AnyObject { var delegate: AnyObject? { get set } }
        final class Panel: Screen { weak var delegate: AnyObject? }
        final class Host {
            var screen: Screen?
            func show() {
                screen = Panel()
                screen?.delegate = self
            }
        }
        """)
        #expect(result.isEmpty)
    }

    @Test("a requirement a class conformer stores strongly closes the cycle through the protocol-typed property")
    func requirementStrongInConformer() throws {
        let result = try findings("""
        protocol Screen: AnyObject { var delegate: AnyObject? { get set } }
        final class Panel: Screen { var delegate: AnyObject? }
        final class Host {
            var screen: Screen?
            func show() {
                screen = Panel()
                screen?.delegate = self
            }
        }
        """)
        #expect(result.map(\.ruleID) == ["backref-cycle"])
        #expect(result.first?.location.line == 7)
    }
}
