import CycleLintKit
import Testing

@Suite("Project-wide analysis")
struct CrossFileTests {
    @Test("a strong property in one file and the back-reference assignment in another form a cycle")
    func crossFileBackReference() throws {
        let result = try findings([
            ("Child.swift", """
            final class Child {
                var owner: Owner?
            }
            """),
            ("Owner.swift", """
            final class Owner {
                let child = Child()
            }
            """),
            ("Owner+Setup.swift", """
            extension Owner {
                func wire() {
                    child.owner = self
                }
            }
            """),
        ])
        let finding = try #require(result.first)
        #expect(result.count == 1)
        #expect(finding.ruleID == "backref-cycle")
        #expect(finding.location == SourceLocation(file: "Owner+Setup.swift", line: 3, column: 9))
        #expect(Set(finding.path.map(\.location.file)) == ["Owner.swift", "Owner+Setup.swift"])
    }

    @Test("a method that stores its closure parameter, declared in another file, makes the call a cycle")
    func crossFileStoringParameter() throws {
        let result = try findings([
            ("Bus.swift", """
            final class Bus {
                private var listeners: [(Int) -> Void] = []
                func listen(_ listener: @escaping (Int) -> Void) { listeners.append(listener) }
            }
            """),
            ("Screen.swift", """
            final class Screen {
                let bus = Bus()
                func appear() { bus.listen { self.show($0) } }
                func show(_ value: Int) {}
            }
            """),
        ])
        #expect(result.map(\.ruleID) == ["capture-cycle"])
        #expect(result.first?.location.file == "Screen.swift")
    }

    @Test("a cycle closed in a superclass method through a subclass instance is found")
    func inheritedProperty() throws {
        let result = try findings("""
        class Base { var callback: (() -> Void)? }
        final class Derived: Base {
            func arm() { callback = { self.fire() } }
            func fire() {}
        }
        """)
        #expect(result.map(\.ruleID) == ["capture-cycle"])
    }

    @Test("each edge of a reported cycle carries a source location")
    func pathLocations() throws {
        let result = try findings("""
        final class Session {
            var onClose: (() -> Void)?
            func start() {
                onClose = { self.cleanup() }
            }
            func cleanup() {}
        }
        """)
        let finding = try #require(result.first)
        #expect(finding.path.count == 2)
        #expect(finding.path.allSatisfy { $0.location.line > 0 })
        #expect(finding.path.map(\.location.line) == [4, 4])
        #expect(finding.message.contains("Session"))
    }

    @Test("fingerprints survive inserted lines and unrelated edits")
    func stableFingerprints() throws {
        let before = try findings("""
        final class Session {
            var onClose: (() -> Void)?
            func start() { onClose = { self.cleanup() } }
            func cleanup() {}
        }
        """)
        let after = try findings("""
        import Foundation

        // A comment that moves everything down.
        final class Session {
            var count = 0
            var onClose: (() -> Void)?
            func start() { onClose = { self.cleanup() } }
            func cleanup() { count += 1 }
        }
        """)
        #expect(before.map(\.fingerprint) == after.map(\.fingerprint))
        #expect(!before.isEmpty)
    }
}
