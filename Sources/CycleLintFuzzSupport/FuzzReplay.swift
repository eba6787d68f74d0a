import Foundation

/// Runs a harness on the files named on the command line: how the harness executables behave
/// when built without `-sanitize=fuzzer` (plain `swift build`), to replay a crash input in a
/// debugger. Exits 2 when a file cannot be read.
public enum FuzzReplay {
    /// Feeds each file of `arguments` to `harness`, printing its name first.
    public static func run(_ arguments: ArraySlice<String>, through harness: (Data) -> Void) -> Never {
        if arguments.isEmpty {
            FileHandle.standardError.write(Data("usage: \(CommandLine.arguments[0]) INPUT…  (built without the fuzzer: replays inputs)\n".utf8))
            exit(2)
        }
        for path in arguments {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
                exit(2)
            }
            print(path)
            harness(data)
        }
        exit(0)
    }
}
