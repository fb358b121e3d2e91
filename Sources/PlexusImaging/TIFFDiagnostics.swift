import CTIFF
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
import PlexusNumerics
#endif

/// Collects the errors libtiff reports for one open file, so that they become
/// part of a Swift error instead of being printed to stderr by libtiff's default
/// handlers (which know nothing of pages or of our callers). Warnings are dropped.
final class TIFFDiagnostics {
    private(set) var errors: [String] = []

    func record(error: String) { errors.append(error) }

    /// Takes and clears the errors gathered since the last call.
    func takeErrors() -> [String] {
        defer { errors.removeAll() }
        return errors
    }

    /// Options for `TIFFOpenExt` that route errors to this object and silence warnings.
    /// The caller owns the returned options and frees them after opening.
    func makeOpenOptions() -> OpaquePointer? {
        guard let options = TIFFOpenOptionsAlloc() else { return nil }
        let context = Unmanaged.passUnretained(self).toOpaque()
        TIFFOpenOptionsSetErrorHandlerExtR(options, tiffErrorHandler, context)
        TIFFOpenOptionsSetWarningHandlerExtR(options, tiffWarningHandler, context)
        return options
    }

    /// Opens `path` for reading with this object's handlers, without memory
    /// mapping ("m": a mapped file's pages count as resident as they are read,
    /// so memory would grow with a video's length). When libtiff cannot open
    /// it, the error says why, calling the file a `kind` ("TIFF").
    func open(_ path: String, as kind: String) throws -> OpaquePointer {
        let options = makeOpenOptions()
        defer { if let options { TIFFOpenOptionsFree(options) } }
        guard let handle = TIFFOpenExt(path, "rm", options) else {
            let errors = takeErrors()
            let reason = TIFFChain.problem(path: path)
                ?? (errors.isEmpty ? "libtiff could not open it" : TIFFDiagnostics.describe(errors, path: path))
            throw TIFFError(path: path, "not a readable \(kind) (\(reason))")
        }
        return handle
    }
}

private func formatTIFFMessage(_ module: UnsafePointer<CChar>?, _ format: UnsafePointer<CChar>?,
                               _ arguments: CVaListPointer?) -> String {
    guard let format, let arguments else { return "unknown libtiff error" }
    var buffer = [CChar](repeating: 0, count: 1024)
    _ = vsnprintf(&buffer, buffer.count, format, arguments)
    let text = String(nulTerminated: buffer)
    if let module, module.pointee != 0 {
        let name = String(cString: module)
        // libtiff passes the file name as "module" for many messages; the
        // error already names the file, so keep only real module names.
        if !name.contains("/") && !name.contains(".") { return "\(name): \(text)" }
    }
    return text
}

private let tiffErrorHandler: TIFFErrorHandlerExtR = { _, context, module, format, arguments in
    guard let context else { return 0 }
    let diagnostics = Unmanaged<TIFFDiagnostics>.fromOpaque(context).takeUnretainedValue()
    diagnostics.record(error: formatTIFFMessage(module, format, arguments))
    return 1
}

/// Warnings are dropped: returning 1 stops libtiff passing them on to its
/// global handlers, which print to stderr.
private let tiffWarningHandler: TIFFErrorHandlerExtR = { _, context, _, _, _ in
    guard context != nil else { return 0 }
    return 1
}
