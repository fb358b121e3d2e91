import Foundation

/// OpenBLAS starts one thread per core, which only slows the small matrices
/// Plexus diagonalises (K ≈ 30) — and competes with `--jobs`. OpenBLAS reads
/// OPENBLAS_NUM_THREADS when it is loaded, before `main` runs, so the limit is
/// set through its runtime call instead, found with dlsym so that any other
/// LAPACK (reference, MKL) also works.
package enum BLASThreads {
    /// Limits OpenBLAS to one thread unless the user set OPENBLAS_NUM_THREADS.
    package static func useOneThreadUnlessConfigured() {
        guard ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] == nil else { return }
        setenv("OPENBLAS_NUM_THREADS", "1", 0)
        typealias SetThreads = @convention(c) (Int32) -> Void
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "openblas_set_num_threads") else { return }
        unsafeBitCast(symbol, to: SetThreads.self)(1)
    }
}
