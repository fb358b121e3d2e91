import Foundation
import PlexusAnalytics

/// Writes an output file whole or not at all: `write` fills a temporary file
/// beside `out` (same file system), which rename(2) then moves over the target
/// in one step; on any failure the temporary is removed and nothing else changed.
enum AtomicOutput {
    static func write(_ out: String, what: String, _ write: (URL) throws -> Void) throws {
        let target = URL(fileURLWithPath: out)
        let temporary = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try write(temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        guard rename(temporary.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw ReportError("--out \(out): cannot write \(what): \(reason)")
        }
    }
}
