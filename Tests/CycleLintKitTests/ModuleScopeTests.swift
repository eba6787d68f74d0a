import CycleLintKit
import Foundation
import Testing

/// A run over several packages resolves names the way the compiler would: within a module and
/// the modules it depends on, never in an unrelated package.
@Suite("Module scoping")
struct ModuleScopeTests {
    /// Writes `files` (relative path → text) under a new temporary folder and returns it.
    private func folder(_ files: [String: String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cyclelint-scope-\(UUID().uuidString)").path
        for (path, text) in files {
            let url = URL(fileURLWithPath: root + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return root
    }

    private static let boxPackage = [
        "A/Package.swift": """
        // swift-tools-version:5.9
        import PackageDescription
        let package = Package(name: "A", products: [.library(name: "ABox", targets: ["ABox"])], targets: [.target(name: "ABox")])
        """,
        "A/Sources/ABox/Box.swift": """
        public final class Box {
            var value = 0
            public func set() { value = 1 }
            public func get() -> Int { value }
            nonisolated(unsafe) static var current = 0
            static func read() -> Int { current }
        }
        """,
    ]

    private func uncheckedFindings(_ files: [String: String]) throws -> [Finding] {
        let root = try folder(files)
        defer { try? FileManager.default.removeItem(atPath: root) }
        return try CycleLint.check(paths: [root]).findings.filter { $0.ruleID == "unchecked-sendable" }
    }

    @Test("an extension in an unrelated package does not attach to another package's type of that name")
    func extensionStaysInItsPackage() throws {
        var files = Self.boxPackage
        files["B/Package.swift"] = """
        import PackageDescription
        let package = Package(name: "B", targets: [.target(name: "BKit")])
        """
        files["B/Sources/BKit/Box+Sendable.swift"] = "extension Box: @unchecked Sendable {}\n"
        #expect(try uncheckedFindings(files).isEmpty)
    }

    @Test("a package that depends on the product sees its types")
    func dependencySeesType() throws {
        var files = Self.boxPackage
        files["B/Package.swift"] = """
        import PackageDescription
        let package = Package(name: "B", dependencies: [.package(path: "../A")],
                              targets: [.target(name: "BKit", dependencies: [.product(name: "ABox", package: "A")])])
        """
        files["B/Sources/BKit/Box+Sendable.swift"] = "import ABox\nextension Box: @unchecked Sendable {}\n"
        #expect(try uncheckedFindings(files).map(\.location.line) == [3, 4])
    }

    @Test("a static written through a type name the writer's module cannot see is not an access of another package's static")
    func staticsDoNotMix() throws {
        var files = Self.boxPackage
        files["B/Package.swift"] = """
        import PackageDescription
        let package = Package(name: "B", targets: [.target(name: "BKit")])
        """
        files["B/Sources/BKit/Writer.swift"] = "import Other\nfunc reset() { Box.current = 1 }\n"
        #expect(try uncheckedFindings(files).isEmpty)
        files["A/Sources/ABox/Writer.swift"] = "func reset() { Box.current = 1 }\n"
        #expect(try uncheckedFindings(files).map(\.location.line) == [6, 1])
    }

    /// A framework package whose handler calls its decoder protocol's `decoderRemoved()`, and a
    /// package depending on it whose decoder clears its parser's back-reference there; a third,
    /// unrelated package declares a type of the same name.
    private static func decoderPackages(frameworkCallsRemoved: Bool) -> [String: String] {
        [
            "Core/Package.swift": """
            import PackageDescription
            let package = Package(name: "Core", products: [.library(name: "Core", targets: ["Core"])],
                                  targets: [.target(name: "Core")])
            """,
            "Core/Sources/Core/Handler.swift": """
            public protocol Decoder: AnyObject { func decoderAdded(); func decoderRemoved() }
            public final class Handler {
                let decoder: Decoder
                public init(decoder: Decoder) { self.decoder = decoder }
                public func added() { decoder.decoderAdded() }
                public func removed() { \(frameworkCallsRemoved ? "decoder.decoderRemoved()" : "") }
            }
            """,
            "HTTP/Package.swift": """
            import PackageDescription
            let package = Package(name: "HTTP", dependencies: [.package(path: "../Core")],
                                  targets: [.target(name: "HTTP", dependencies: [.product(name: "Core", package: "Core")])])
            """,
            "HTTP/Sources/HTTP/Decoder.swift": """
            import Core
            final class Parser { var delegate: HTTPDecoder? }
            public final class HTTPDecoder: Decoder {
                private let parser = Parser()
                public func decoderAdded() { parser.delegate = self }
                public func decoderRemoved() { parser.delegate = nil }
            }
            """,
            "Other/Package.swift": """
            import PackageDescription
            let package = Package(name: "Other", targets: [.target(name: "Other")])
            """,
            "Other/Sources/Other/Decoder.swift": """
            final class HTTPDecoder { func decoderRemoved() {} }
            func use(_ decoder: HTTPDecoder) { decoder.decoderRemoved() }
            """,
        ]
    }

    @Test("a release in a method the depended-on framework calls breaks the cycle, though another package has a type of that name")
    func releaseCalledByFramework() throws {
        let root = try folder(Self.decoderPackages(frameworkCallsRemoved: true))
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try CycleLint.check(paths: [root]).findings.filter { $0.ruleID == "backref-cycle" }.isEmpty)
    }

    @Test("a release in a method only an unrelated package calls breaks nothing")
    func releaseCalledOnlyByUnrelatedPackage() throws {
        let root = try folder(Self.decoderPackages(frameworkCallsRemoved: false))
        defer { try? FileManager.default.removeItem(atPath: root) }
        let findings = try CycleLint.check(paths: [root]).findings.filter { $0.ruleID == "backref-cycle" }
        #expect(findings.map(\.location.line) == [5])
    }
}
