import Foundation

/// libFuzzer's driver (`libclang_rt.fuzzer_no_main.a`, linked by `scripts/fuzz.sh`): parses libFuzzer's
/// command line and calls the callback once per input.
@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The input handler of the running fuzzer; set once by `FuzzDriver.run` before libFuzzer starts.
nonisolated(unsafe) private var handler: (UnsafeBufferPointer<UInt8>) -> Void = { _ in }

/// Runs libFuzzer with the process's arguments, handing each input to `body`. The fuzz targets are ordinary
/// `@main` executables (SwiftPM renames and links their entry point) that call this, instead of defining
/// `LLVMFuzzerTestOneInput` and taking libFuzzer's `main`.
public enum FuzzDriver {
    public static func run(_ body: @escaping (UnsafeBufferPointer<UInt8>) -> Void) -> Never {
        handler = body
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        let status = runDriver(&argc, &argv) { data, size in
            handler(UnsafeBufferPointer(start: data, count: size))
            return 0
        }
        exit(status)
    }
}
