import CycleLintFuzzSupport
import Foundation

/// What one input is: YAML read as a `.cyclelint.yml` and as a rule pack.
func run(_ data: Data) {
    ConfigurationPipeline.check(data)
}

/// libFuzzer's callback: one input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    run(bytes.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}

#if CYCLELINT_FUZZ
/// The program's entry point when bench/fuzz.sh builds it (with -sanitize=fuzzer
/// -DCYCLELINT_FUZZ; SwiftPM links `<module>_main` as `main`): libFuzzer.
@_cdecl("CycleLintFuzzConfig_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv, fuzzOneInput)
}
#else
/// A plain build replays the inputs named on the command line (e.g. a crash file).
@main
enum Replay {
    static func main() {
        FuzzReplay.run(CommandLine.arguments.dropFirst(), through: run)
    }
}
#endif
