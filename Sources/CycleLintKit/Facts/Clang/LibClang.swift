import CClangShim
import Foundation

/// libclang, loaded at run time (never linked), so cyclelint builds and runs where it is not
/// installed. Found at `--libclang PATH` / `CYCLELINT_LIBCLANG` when set, else at the usual
/// Debian/LLVM locations and beside the Swift toolchain.
final class LibClang: @unchecked Sendable {
    /// The resolved entry points (immutable after loading, shared by all threads).
    let api: UnsafePointer<CLClangAPI>
    /// The file that was loaded.
    let path: String
    /// `Debian clang version 14.0.6`.
    let version: String
    /// clang's resource directory for this library (`…/lib/clang/14.0.6`), for builtin headers.
    let resourceDirectory: String?

    /// The environment variable naming the library to load.
    static let environmentVariable = "CYCLELINT_LIBCLANG"

    /// Why libclang could not be loaded.
    struct LoadFailure: Error, CustomStringConvertible {
        var description: String
    }

    private init(api: UnsafePointer<CLClangAPI>, path: String) {
        self.api = api
        self.path = path
        let versionString = api.pointee.getClangVersion()
        version = api.pointee.getCString(versionString).map { String(cString: $0) } ?? "unknown"
        api.pointee.disposeString(versionString)
        resourceDirectory = Self.resourceDirectory(forLibrary: path, version: version)
    }

    /// The library for this process: the one `explicitPath` (or `CYCLELINT_LIBCLANG`) names,
    /// else the first of `candidates` that loads. Loaded once per path.
    static func load(explicitPath: String? = nil) -> Result<LibClang, LoadFailure> {
        let requested = explicitPath ?? ProcessInfo.processInfo.environment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        let key = requested ?? ""
        if let cached = loaded.value(for: key) { return cached }
        let result: Result<LibClang, LoadFailure>
        if let requested {
            result = open(requested).mapError { LoadFailure(description: "cannot load libclang from \(requested): \($0.description)") }
        } else {
            var found: LibClang?
            for candidate in candidates() where FileManager.default.fileExists(atPath: candidate) {
                if case .success(let library) = open(candidate) {
                    found = library
                    break
                }
            }
            result = found.map { .success($0) } ?? .failure(LoadFailure(
                description: "libclang not found (install libclang-dev, or set --libclang PATH or \(environmentVariable))"))
        }
        loaded.store(result, for: key)
        return result
    }

    private static let loaded = LockedCache<String, Result<LibClang, LoadFailure>>()

    private static func open(_ path: String) -> Result<LibClang, LoadFailure> {
        var error = [CChar](repeating: 0, count: 512)
        guard let api = cl_load(path, &error, error.count) else {
            return .failure(LoadFailure(description: String(cString: error)))
        }
        return .success(LibClang(api: api, path: path))
    }

    /// Where libclang usually is: Debian/Ubuntu LLVM packages (newest first), the Swift
    /// toolchain that runs us, and Xcode's command line tools.
    static func candidates() -> [String] {
        var paths: [String] = []
        for major in (11...22).reversed() {
            paths.append("/usr/lib/llvm-\(major)/lib/libclang.so.1")
            paths.append("/usr/lib/llvm-\(major)/lib/libclang-\(major).so.1")
            paths.append("/usr/lib/x86_64-linux-gnu/libclang-\(major).so.1")
            paths.append("/usr/lib/aarch64-linux-gnu/libclang-\(major).so.1")
        }
        paths += ["/usr/lib/libclang.so", "/usr/lib64/libclang.so", "/usr/local/lib/libclang.so"]
        for toolchainBin in toolchainBinaryFolders() {
            paths.append(URL(fileURLWithPath: toolchainBin).deletingLastPathComponent().appendingPathComponent("lib/libclang.so").path)
        }
        paths += ["/opt/swift/usr/lib/libclang.so",
                  "/Library/Developer/CommandLineTools/usr/lib/libclang.dylib",
                  "/Applications/Xcode.app/Contents/Developer/Toolchains/XcodeDefault.xctoolchain/usr/lib/libclang.dylib"]
        var seen: Set<String> = []
        return paths.filter { seen.insert($0).inserted }
    }

    /// Folders of `swift` on PATH (links resolved): the toolchain ships a libclang in `../lib`.
    private static func toolchainBinaryFolders() -> [String] {
        let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return searchPath.split(separator: ":").compactMap { folder in
            let swift = URL(fileURLWithPath: String(folder)).appendingPathComponent("swift")
            guard FileManager.default.isExecutableFile(atPath: swift.path) else { return nil }
            return swift.resolvingSymlinksInPath().deletingLastPathComponent().path
        }
    }

    /// `lib/clang/<version>` beside the library: the one whose name the version string contains,
    /// else any that has `include/stddef.h`.
    static func resourceDirectory(forLibrary library: String, version: String) -> String? {
        let folder = URL(fileURLWithPath: library).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("clang")
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return nil }
        let usable = entries.sorted().filter {
            FileManager.default.fileExists(atPath: folder.appendingPathComponent("\($0)/include/stddef.h").path)
        }
        let versionWords = version.split(whereSeparator: { $0 == " " || $0 == "(" || $0 == ")" }).map(String.init)
        let best = usable.first { entry in versionWords.contains { $0 == entry || $0.hasPrefix(entry + ".") } } ?? usable.last
        return best.map { folder.appendingPathComponent($0).path }
    }

    // MARK: Small helpers over the C API

    /// A libclang string as a Swift string (the libclang string is disposed).
    func string(_ value: CLString) -> String {
        defer { api.pointee.disposeString(value) }
        return api.pointee.getCString(value).map { String(cString: $0) } ?? ""
    }

    /// The direct children of `cursor`, in order.
    func children(_ cursor: CLCursor) -> [CLCursor] {
        var count: UInt32 = 0
        guard let items = cl_children(api, cursor, &count) else { return [] }
        defer { free(items) }
        return Array(UnsafeBufferPointer(start: items, count: Int(count)))
    }

    func kind(_ cursor: CLCursor) -> Int32 { api.pointee.getCursorKind(cursor) }

    func spelling(_ cursor: CLCursor) -> String { string(api.pointee.getCursorSpelling(cursor)) }

    func type(_ cursor: CLCursor) -> CLType { api.pointee.getCursorType(cursor) }

    func spelling(_ type: CLType) -> String { string(api.pointee.getTypeSpelling(type)) }

    func canonical(_ type: CLType) -> CLType { api.pointee.getCanonicalType(type) }

    func referenced(_ cursor: CLCursor) -> CLCursor { api.pointee.getCursorReferenced(cursor) }

    /// Byte offset, line and column (1-based) of a location, and whether it is in the main file.
    func position(_ location: CLSourceLocation) -> (offset: Int, line: Int, column: Int, inMainFile: Bool) {
        var line: UInt32 = 0, column: UInt32 = 0, offset: UInt32 = 0
        api.pointee.getExpansionLocation(location, nil, &line, &column, &offset)
        return (Int(offset), Int(line), Int(column), api.pointee.locationIsFromMainFile(location) != 0)
    }

    /// The file a location is expanded in: the file that uses a macro, not the one defining it
    /// (`int PREFIXED(name)(…);` is declared where it is written).
    func expansionFile(_ location: CLSourceLocation) -> String? {
        var file: CLFile?
        var line: UInt32 = 0, column: UInt32 = 0, offset: UInt32 = 0
        api.pointee.getExpansionLocation(location, &file, &line, &column, &offset)
        return file.map { string(api.pointee.getFileName($0)) }
    }

    /// Start and end byte offsets of a cursor's extent.
    func extent(_ cursor: CLCursor) -> (start: Int, end: Int) {
        let range = api.pointee.getCursorExtent(cursor)
        return (position(api.pointee.getRangeStart(range)).offset, position(api.pointee.getRangeEnd(range)).offset)
    }

    func isNull(_ cursor: CLCursor) -> Bool { kind(cursor) >= CursorKind.firstInvalid && kind(cursor) <= CursorKind.lastInvalid }
}
