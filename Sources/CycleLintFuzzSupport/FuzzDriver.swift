#if CYCLELINT_FUZZ
import CycleLintKit

/// libFuzzer's driver (`LLVMFuzzerRunDriver`, in the runtime `-sanitize=fuzzer` links). Its
/// arguments are pointers and its result an int, which Swift passes as C does.
@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(_ argc: UnsafeMutablePointer<CInt>,
                       _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                       _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// The entry point of a harness built by bench/fuzz.sh: hands the command line and the harness
/// to libFuzzer's driver, which parses the options and runs the fuzzing loop.
public enum FuzzDriver {
    /// Runs libFuzzer with `arguments` (a C `main`'s) on `harness`; returns its exit status.
    public static func run(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                           _ harness: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt {
        // The built-in rule packs are parsed once per process: do it now, so that the first
        // input's time limit does not include it.
        _ = try? RetentionKnowledge.load()
        var count = argc
        var values = argv
        return runDriver(&count, &values, harness)
    }
}
#endif
