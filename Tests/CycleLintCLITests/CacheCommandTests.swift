import Foundation
import Testing

/// `check --cache-path`, `check --no-cache` and `cache clean|path` through the executable.
@Suite struct CacheCommandTests {
    private let leak = """
    final class Session {
        var onClose: (() -> Void)?
        func start() { onClose = { self.cleanup() } }
        func cleanup() {}
    }

    """

    /// The committed packs of facts (`facts-vN/<tool>/<name>.pack`).
    private func entries(in cache: String) -> [String] {
        (FileManager.default.enumerator(atPath: cache)?.allObjects as? [String] ?? [])
            .filter { $0.hasPrefix("facts-v") && $0.hasSuffix(".pack") && $0.split(separator: "/").count == 3 }
    }

    @Test func cachePathNoCacheAndClean() throws {
        let folder = try Fixtures.temporaryDirectory()
        try Fixtures.write(leak, to: folder + "/Sources/Session.swift")
        let cache = folder + "/cache"

        let cold = try CLI.run(["check", "--format", "json", "--cache-path", "cache", "Sources"], in: folder)
        #expect(cold.status == 1, "\(cold.stderr)")
        #expect(entries(in: cache).count == 1)
        let warm = try CLI.run(["check", "--format", "json", "--cache-path", "cache", "Sources"], in: folder)
        #expect(warm.status == 1)
        #expect(warm.stdout == cold.stdout)

        // --no-cache reads and writes nothing: not the default folder either.
        let home = folder + "/home"
        let uncached = try CLI.run(["check", "--format", "json", "--no-cache", "Sources"], in: folder,
                                   environment: ["XDG_CACHE_HOME": home])
        #expect(uncached.stdout == cold.stdout)
        #expect(!FileManager.default.fileExists(atPath: home))
        _ = try CLI.run(["check", "Sources"], in: folder, environment: ["XDG_CACHE_HOME": home])
        #expect(entries(in: home + "/cyclelint").count == 1)

        let contradiction = try CLI.run(["check", "--no-cache", "--cache-path", "cache", "Sources"], in: folder)
        #expect(contradiction.status == 2)

        let path = try CLI.run(["cache", "path"], in: folder, environment: ["XDG_CACHE_HOME": home])
        #expect(path.stdout == home + "/cyclelint\n")
        let clean = try CLI.run(["cache", "clean", "--cache-path", "cache"], in: folder)
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(entries(in: cache).isEmpty)
    }

    @Test func unwritableCacheWarnsAndStillChecks() throws {
        let folder = try Fixtures.temporaryDirectory()
        try Fixtures.write(leak, to: folder + "/Sources/Session.swift")
        try Fixtures.write("a file, not a folder", to: folder + "/blocked")
        let result = try CLI.run(["check", "--cache-path", "blocked", "Sources"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("facts cache entry not written in"))
        #expect(result.stdout.contains("capture-cycle"))
    }
}
