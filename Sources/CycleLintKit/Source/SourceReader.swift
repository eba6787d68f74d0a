import Foundation

/// Reads a source file as UTF-8 text, refusing what is not Swift source: binary data, invalid
/// UTF-8, and files too large to be hand-written code.
public enum SourceReader {
    /// Larger files are skipped (generated data tables, not code worth analysing).
    public static let maximumBytes = 16 << 20

    /// Why a file was not read as Swift source.
    public enum Failure: Error, CustomStringConvertible {
        /// The file could not be opened or read; the payload says why.
        case unreadable(String)
        /// Over `maximumBytes`; the payload is the bytes read, at most `maximumBytes + 1`.
        case tooLarge(Int)
        /// The data contains a NUL byte.
        case binary
        /// The data is not valid UTF-8.
        case invalidUTF8

        public var description: String {
            switch self {
            case .unreadable(let reason): return "cannot read file: \(reason)"
            case .tooLarge(let bytes): return "skipped: \(bytes) bytes is over the \(SourceReader.maximumBytes >> 20) MiB limit"
            case .binary: return "skipped: binary file (contains NUL bytes)"
            case .invalidUTF8: return "skipped: not valid UTF-8"
            }
        }
    }

    /// The text of the file at `path`, or why it is not Swift source; reads at most `maximumBytes + 1` bytes.
    public static func read(_ path: String) -> Result<String, Failure> {
        readBytes(path).flatMap(decode)
    }

    /// The bytes of the file at `path`, or why they cannot be Swift source (unreadable, too
    /// large); reads at most `maximumBytes + 1` bytes. `decode` checks the rest.
    public static func readBytes(_ path: String) -> Result<Data, Failure> {
        guard let handle = FileHandle(forReadingAtPath: path) else { return .failure(.unreadable("permission denied or not a file")) }
        defer { try? handle.close() }
        let data: Data
        do {
            guard let prefix = try handle.read(upToCount: maximumBytes + 1) else { return .success(Data()) }
            data = prefix
        } catch {
            return .failure(.unreadable(error.localizedDescription))
        }
        if data.count > maximumBytes { return .failure(.tooLarge(data.count)) }
        return .success(data)
    }

    /// Text of `data`, or why it is not Swift source.
    public static func decode(_ data: Data) -> Result<String, Failure> {
        data.withUnsafeBytes { bytes in
            if ByteSearch.containsNUL(bytes) { return .failure(.binary) }
            guard let text = String(validating: bytes.bindMemory(to: UInt8.self), as: UTF8.self) else {
                return .failure(.invalidUTF8)
            }
            return .success(text)
        }
    }
}
