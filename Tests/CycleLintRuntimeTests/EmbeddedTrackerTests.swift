import CycleLintTrackerImage
import Foundation
import Testing

@Suite("the tracker library embedded in every cyclelint")
struct EmbeddedTrackerTests {
    @Test("written once under its content hash; a damaged file is replaced, an unwritable folder skipped")
    func install() throws {
        let cache = try CyclelintExecutable.temporaryFolder("embedded")
        defer { try? FileManager.default.removeItem(atPath: cache) }
        #expect(EmbeddedTracker.bytes.count > 10_000)
        #expect(EmbeddedTracker.bytes.prefix(4) == Data([0x7F, 0x45, 0x4C, 0x46]))   // an ELF file
        let environment = ["CYCLELINT_CACHE_DIR": cache, "TMPDIR": cache]
        let path = try EmbeddedTracker.install(environment: environment)
        #expect(path == cache + "/libCycleLintTracker-\(EmbeddedTracker.contentHash).so")
        #expect(FileManager.default.contents(atPath: path) == EmbeddedTracker.bytes)
        #expect(FileManager.default.isExecutableFile(atPath: path))

        try Data("truncated".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try EmbeddedTracker.install(environment: environment) == path)
        #expect(FileManager.default.contents(atPath: path) == EmbeddedTracker.bytes)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache) == [(path as NSString).lastPathComponent])

        // A cache folder that cannot be created (its parent is a file) is skipped for the next one.
        let blocker = cache + "/file"
        try Data().write(to: URL(fileURLWithPath: blocker))
        let fallback = try EmbeddedTracker.install(environment: ["CYCLELINT_CACHE_DIR": blocker + "/sub", "TMPDIR": cache])
        #expect(fallback.hasPrefix(cache + "/cyclelint-"), "\(fallback)")
    }
}
