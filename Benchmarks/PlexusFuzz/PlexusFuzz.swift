// `make fuzz`: the readers of files users hand to Plexus, under libFuzzer.
//
//   PlexusFuzz TARGET [libFuzzer flags] [CORPUS_DIR …]   fuzz one target
//   PlexusFuzz TARGET FILE …                            run files through it once (a crash's reproducer)
//   PlexusFuzz --seeds DIR                              write the seed corpora to DIR/TARGET/
//
// Built only by `make fuzz` (PLEXUS_FUZZ=1 declares the target; see Package.swift),
// with `-sanitize=fuzzer` on every Swift module and `-DPLEXUS_FUZZ`. A thrown
// Swift error is a normal outcome; a crash, trap, timeout or out-of-memory is a finding.
import Foundation
#if PLEXUS_FUZZ
import CLibFuzzer
#endif

/// The target the inputs go to, chosen once in `main` before libFuzzer starts.
nonisolated(unsafe) var selectedTarget: FuzzTarget?

/// libFuzzer's entry point: one input, run through the selected target.
@_cdecl("LLVMFuzzerTestOneInput")
package func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let target = selectedTarget else { return 0 }
    let bytes = data.map { Data(bytes: $0, count: size) } ?? Data()
    target.run(bytes)
    return 0
}

@main
enum PlexusFuzz {
    static func main() {
        var arguments = CommandLine.arguments
        if arguments.count >= 2 && arguments[1] == "--seeds" {
            guard arguments.count == 3 else { usage("--seeds takes one folder") }
            do {
                let counts = try Seeds.write(to: arguments[2])
                print(counts.map { "\($0.target.rawValue): \($0.files) seed(s)" }.joined(separator: ", ") + " → \(arguments[2])")
                exit(0)
            } catch {
                printError("PlexusFuzz: cannot write the seeds: \(error)\n")
                exit(1)
            }
        }
        // The target is the first argument, or PLEXUS_FUZZ_TARGET. It is kept in the
        // environment so that the processes libFuzzer starts (-fork, -merge) run it too.
        if arguments.count >= 2, let target = FuzzTarget(rawValue: arguments[1]) {
            setenv("PLEXUS_FUZZ_TARGET", target.rawValue, 1)
            arguments.remove(at: 1)
        }
        guard let name = ProcessInfo.processInfo.environment["PLEXUS_FUZZ_TARGET"] else { usage(nil) }
        guard let target = FuzzTarget(rawValue: name) else { usage("no fuzz target \(name)") }
        selectedTarget = target
#if PLEXUS_FUZZ
        var argc = CInt(arguments.count)
        let strings = arguments.map { strdup($0) } + [nil]
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? =
            UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: strings.count)
        argv!.initialize(from: strings, count: strings.count)
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
#else
        // Built without libFuzzer: run the given files through the target once.
        let files = arguments.dropFirst()
        guard !files.isEmpty else {
            usage("this build has no libFuzzer (build it with `make fuzz`); without it, give files to run once")
        }
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { usage("cannot read \(file)") }
            target.run(data)
            print("\(file): no crash")
        }
        exit(0)
#endif
    }

    static func usage(_ problem: String?) -> Never {
        if let problem { printError("PlexusFuzz: \(problem)\n") }
        printError("""
            usage: PlexusFuzz TARGET [libFuzzer flags] [CORPUS_DIR | FILE …]
                   PlexusFuzz --seeds DIR
            targets:

            """)
        for target in FuzzTarget.allCases {
            printError("  \(target.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0)) \(target.summary)\n")
        }
        exit(2)
    }
}


/// Writes `text` to standard error.
private func printError(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
