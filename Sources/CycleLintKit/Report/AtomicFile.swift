import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a whole file or nothing: the bytes go to a temporary file in the target's folder,
/// are flushed to disk, and replace the target with one `rename`, so a run that fails or is
/// killed while writing leaves the previous file as it was. A symbolic link is followed (the
/// file it names is replaced); the new file keeps the old one's permissions, else gets 0666
/// minus the umask, as a file the shell creates would.
public enum AtomicFile {
    /// Why a write failed; the target is untouched and no temporary file is left behind.
    public struct Failure: Error, CustomStringConvertible {
        /// What failed and the system's reason, e.g. "cannot create a file in /ro: Permission denied".
        public var description: String
    }

    /// Replaces the file at `path` with `text` in UTF-8; throws `Failure`.
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    /// Replaces the file at `path` with `data`; throws `Failure`.
    public static func write(_ data: Data, to path: String) throws {
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let folder = (target as NSString).deletingLastPathComponent
        var template = Array(((folder.isEmpty ? "." : folder) + "/." + (target as NSString).lastPathComponent + ".XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw failure("cannot create a file in \(folder.isEmpty ? "." : folder)") }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var closed = false
        do {
            defer { if !closed { close(descriptor) } }
            guard fchmod(descriptor, permissions(replacing: target)) == 0 else { throw failure("cannot set permissions of \(temporary)") }
            try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
                var offset = 0
                while offset < bytes.count {
                    let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw failure("cannot write \(temporary)")
                    }
                    offset += written
                }
            }
            guard fsync(descriptor) == 0 else { throw failure("cannot flush \(temporary)") }
            closed = true
            guard close(descriptor) == 0 else { throw failure("cannot close \(temporary)") }
            guard rename(temporary, target) == 0 else { throw failure("cannot replace \(target)") }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    private static func permissions(replacing target: String) -> mode_t {
        var status = stat()
        if stat(target, &status) == 0 { return status.st_mode & 0o7777 }
        let mask = umask(0o022)
        umask(mask)
        return 0o666 & ~mask
    }

    private static func failure(_ what: String) -> Failure {
        Failure(description: "\(what): \(String(cString: strerror(errno)))")
    }
}

/// The C library's `write` (inside `AtomicFile` the name means its own method).
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
