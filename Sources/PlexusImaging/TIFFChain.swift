import Foundation

/// The chain of a TIFF file's image directories (IFDs), walked by hand to
/// say in plain words why libtiff could not follow it: a directory past the
/// end of a truncated file, one whose entries run past the end, or a chain
/// that loops. Classic TIFF and BigTIFF, either byte order.
enum TIFFChain {
    /// What is wrong with the directory chain of the file at `path`, as a
    /// sentence; nil when the chain reads to its end (or the file cannot be
    /// opened: the caller has its own message for that).
    static func problem(path: String, maximumPages: Int = 10_000_000) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd() else { return nil }
        func read(_ offset: UInt64, _ count: Int) -> [UInt8]? {
            guard offset <= size, UInt64(count) <= size - offset else { return nil }
            guard (try? handle.seek(toOffset: offset)) != nil,
                  let data = try? handle.read(upToCount: count), data.count == count else { return nil }
            return [UInt8](data)
        }
        guard let header = read(0, 8) else {
            return "the file is \(size) bytes, too short for a TIFF header (8 bytes)"
        }
        let little: Bool
        switch (header[0], header[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default:
            return String(format: "the file does not start as a TIFF does (bytes 0x%02X 0x%02X, not \"II\" or \"MM\")", header[0], header[1])
        }
        func integer(_ bytes: [UInt8]) -> UInt64 {
            (little ? bytes.reversed() : bytes).reduce(0) { $0 << 8 | UInt64($1) }
        }
        let version = integer(Array(header[2..<4]))
        let big: Bool
        switch version {
        case 42: big = false
        case 43: big = true
        default: return "the TIFF version number is \(version), not 42 (TIFF) or 43 (BigTIFF)"
        }
        var next: UInt64
        if big {
            guard let extended = read(0, 16) else { return "the file is \(size) bytes, too short for a BigTIFF header (16 bytes)" }
            next = integer(Array(extended[8..<16]))
        } else {
            next = integer(Array(header[4..<8]))
        }
        let countSize = big ? 8 : 2, entrySize = big ? 20 : 12, offsetSize = big ? 8 : 4
        var seen: [UInt64: Int] = [:]
        var page = 0
        while next != 0 && page < maximumPages {
            if let earlier = seen[next] {
                return "page \(page)'s directory is page \(earlier)'s again (byte \(next)): the chain of pages loops"
            }
            seen[next] = page
            let file = "the file (\(size) bytes)"
            guard let countBytes = read(next, countSize) else {
                return "page \(page)'s directory would start at byte \(next), past the end of \(file): the file is truncated after \(page == 0 ? "its header" : "page \(page - 1)")"
            }
            let entries = integer(countBytes)
            let (tableBytes, overflow) = entries.multipliedReportingOverflow(by: UInt64(entrySize))
            let start = next + UInt64(countSize)
            guard !overflow, tableBytes <= size, start <= size - tableBytes,
                  let nextBytes = read(start + tableBytes, offsetSize) else {
                return "page \(page)'s directory at byte \(next) lists \(entries) entries, which run past the end of \(file): the file is truncated or the directory is corrupt"
            }
            guard entries > 0 else { return "page \(page)'s directory at byte \(next) has no entries: the file is corrupt" }
            next = integer(nextBytes)
            page += 1
        }
        return nil
    }
}

extension TIFFDiagnostics {
    /// libtiff's messages about the file at `path` in plain words where we
    /// know what they mean, the rest as libtiff gave them (without the file
    /// name, which the error already has, or the internal routine's name).
    static func describe(_ messages: [String], path: String) -> String {
        var plain: [String] = []
        var chainChecked = false
        for message in messages {
            var text = message
            // "TIFFReadDirectory: /path/file.tif: Error …" → "Error …"
            for prefix in ["\(path): "] where text.contains(prefix) {
                text = String(text[text.range(of: prefix)!.upperBound...])
            }
            if let colon = text.firstIndex(of: ":"), text[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
               text.hasPrefix("TIFF") || text.hasPrefix("_TIFF") {
                text = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            let lower = text.lowercased()
            if lower.contains("directory") || lower.contains("ifd") {
                if !chainChecked, let problem = TIFFChain.problem(path: path) {
                    plain.append(problem)
                    chainChecked = true
                    continue
                }
                if chainChecked { continue }
            }
            // Field-level faults of a directory, named by the TIFF tag.
            if let quoted = text.split(separator: "\"").dropFirst().first {
                if lower.hasPrefix("incorrect count for") {
                    plain.append("its \(quoted) field has the wrong number of values (the directory is corrupt)")
                    continue
                }
                if lower.hasPrefix("incompatible type for") {
                    plain.append("its \(quoted) field has the wrong data type (the directory is corrupt)")
                    continue
                }
            }
            if lower.hasPrefix("read error at scanline") || lower.hasPrefix("read error on strip") || lower.hasPrefix("read error on tile")
                || lower.contains("seek error") {
                let detail = text.range(of: "got ").map { "; " + text[$0.lowerBound...] } ?? ""
                plain.append("the page's image data could not be read in full\(detail)")
                continue
            }
            plain.append(text)
        }
        var unique: [String] = []
        for line in plain where !unique.contains(line) { unique.append(line) }
        return unique.joined(separator: "; ")
    }
}
