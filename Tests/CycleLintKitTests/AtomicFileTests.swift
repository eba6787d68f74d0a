import CycleLintKit
import Foundation
import Testing

/// `AtomicFile`: a file is replaced whole or not at all.
@Suite("Atomic file writes")
struct AtomicFileTests {
    private let manager = FileManager.default

    private func permissions(_ path: String) throws -> Int {
        try #require(manager.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test("replaces the content, keeps the old file's permissions and leaves no temporary file")
    func replaces() throws {
        let root = try temporaryFolder("atomic")
        defer { try? manager.removeItem(atPath: root) }
        let path = root + "/report.json"
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        try manager.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        try AtomicFile.write("new\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")
        #expect(try permissions(path) == 0o640)
        #expect(try manager.contentsOfDirectory(atPath: root) == ["report.json"])
    }

    @Test("a new file gets 0666 minus the umask, not the temporary file's 0600")
    func newFilePermissions() throws {
        let root = try temporaryFolder("atomic")
        defer { try? manager.removeItem(atPath: root) }
        let mask = umask(0o022)
        umask(mask)
        try AtomicFile.write("x", to: root + "/new.txt")
        #expect(try permissions(root + "/new.txt") == 0o666 & ~Int(mask))
    }

    @Test("a symbolic link stays a link; the file it names is replaced")
    func followsLinks() throws {
        let root = try temporaryFolder("atomic")
        defer { try? manager.removeItem(atPath: root) }
        try "old".write(toFile: root + "/real.txt", atomically: false, encoding: .utf8)
        try manager.createSymbolicLink(atPath: root + "/link.txt", withDestinationPath: root + "/real.txt")
        try AtomicFile.write("new", to: root + "/link.txt")
        #expect(try manager.destinationOfSymbolicLink(atPath: root + "/link.txt") == root + "/real.txt")
        #expect(try String(contentsOfFile: root + "/real.txt", encoding: .utf8) == "new")
    }

    @Test("a write that cannot replace the target leaves it and its folder as they were")
    func failedReplace() throws {
        let root = try temporaryFolder("atomic")
        defer { try? manager.removeItem(atPath: root) }
        // A non-empty folder cannot be replaced by a file: the rename fails after the write.
        try manager.createDirectory(atPath: root + "/out/keep", withIntermediateDirectories: true)
        #expect(throws: AtomicFile.Failure.self) { try AtomicFile.write("new", to: root + "/out") }
        #expect(try manager.contentsOfDirectory(atPath: root) == ["out"])
        #expect(try manager.contentsOfDirectory(atPath: root + "/out") == ["keep"])
    }

    @Test("a folder that does not exist, or is a file, is an error naming it")
    func missingFolder() throws {
        let root = try temporaryFolder("atomic")
        defer { try? manager.removeItem(atPath: root) }
        try "file".write(toFile: root + "/plain", atomically: false, encoding: .utf8)
        for path in [root + "/missing/out.json", root + "/plain/out.json"] {
            let failure = #expect(throws: AtomicFile.Failure.self) { try AtomicFile.write("new", to: path) }
            #expect(failure?.description.contains((path as NSString).deletingLastPathComponent) == true)
        }
        #expect(try String(contentsOfFile: root + "/plain", encoding: .utf8) == "file")
    }

    @Test("a read-only folder is an error and the old file is kept",
          .enabled(if: geteuid() != 0, "root writes into read-only folders"))
    func readOnlyFolder() throws {
        let root = try temporaryFolder("atomic")
        defer {
            try? manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root)
            try? manager.removeItem(atPath: root)
        }
        try "old".write(toFile: root + "/report.json", atomically: false, encoding: .utf8)
        try manager.setAttributes([.posixPermissions: 0o555], ofItemAtPath: root)
        let failure = #expect(throws: AtomicFile.Failure.self) { try AtomicFile.write("new", to: root + "/report.json") }
        #expect(failure?.description.contains("Permission denied") == true)
        #expect(try String(contentsOfFile: root + "/report.json", encoding: .utf8) == "old")
    }
}
