import CycleLintFuzzSupport
import Foundation

/// What one input is: a few Swift files at once, separated by NUL bytes.
func run(_ data: Data) {
    SourcePipeline.check(SourcePipeline.files(in: data))
}

/// libFuzzer's entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    run(bytes.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}

// bench/fuzz.sh builds with -DCYCLELINT_FUZZ -parse-as-library, so libFuzzer's main runs;
// a plain build replays the inputs named on the command line.
#if !CYCLELINT_FUZZ
FuzzReplay.run(CommandLine.arguments.dropFirst(), through: run)
#endif
