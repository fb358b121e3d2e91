import Foundation
import PlexusImaging
import PlexusStore

/// One video to ingest, with what the lab knows about it.
package struct VideoSpec: Equatable, Sendable {
    package var path: String
    package var condition: String
    package var replicate: String?
    package var pixelSizeMicrometres: Double?
    package var frameIntervalSeconds: Double?
    package var treatmentFrame: Int?
    /// The frame-0 label image (TIFF or legacy VTK) whose labels are the cells; nil: no mask.
    package var maskPath: String?
    /// The sheet's own channel, z projection and significant bits for this
    /// video (nil: the command line's).
    package var channel: ChannelSelector?
    package var zProjection: ZProjection?
    package var bitDepth: Int?
    /// Other sample-sheet columns, kept as metadata.
    package var metadata: [String: String]
    /// Where it came from, for messages: "samples.csv row 3" or the path.
    package var origin: String

    package init(path: String, condition: String, replicate: String? = nil, pixelSizeMicrometres: Double? = nil,
                frameIntervalSeconds: Double? = nil, treatmentFrame: Int? = nil, maskPath: String? = nil,
                metadata: [String: String] = [:], origin: String? = nil) {
        self.path = path
        self.condition = condition
        self.replicate = replicate
        self.pixelSizeMicrometres = pixelSizeMicrometres
        self.frameIntervalSeconds = frameIntervalSeconds
        self.treatmentFrame = treatmentFrame
        self.maskPath = maskPath
        self.metadata = metadata
        self.origin = origin ?? path
    }

    /// Whether the video comes from a sample sheet row (else the command line).
    package var isFromSheet: Bool { origin != path }

    package var metadataJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(metadata)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

/// A CSV sample sheet, one video per row, as labs keep them in spreadsheets.
///
/// Columns: `video` (path, relative to the sheet) and `condition` are required;
/// `replicate`, `pixel_size_um`, `frame_interval_s`, `treatment_frame` and
/// `mask` (the frame-0 label image, relative to the sheet; empty: no mask),
/// `channel` (index or name), `z_project` (max, mean, sum) and `bit_depth`
/// (significant bits) are optional; any other column is kept as metadata. The
/// video may be a folder of single-frame TIFFs. Rows are numbered
/// as a spreadsheet shows them: the header is row 1.
package enum SampleSheet {
    static let known: Set<String> = ["video", "condition", "replicate", "pixel_size_um", "frame_interval_s",
                                     "treatment_frame", "mask", "channel", "z_project", "bit_depth"]

    package static func load(path: String) throws -> [VideoSpec] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw IngestError(path: path, "sample sheet not found")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw IngestError(path: path, "cannot read the sample sheet")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw IngestError(path: path, "the sample sheet is not UTF-8 text (save it as CSV UTF-8)")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        return try parse(text, sheetName: path, folder: folder)
    }

    package static func parse(_ text: String, sheetName: String, folder: URL) throws -> [VideoSpec] {
        func fail(_ message: String) -> IngestError { IngestError(path: sheetName, message) }
        let records = try CSV.parse(text, name: sheetName)
        guard let header = records.first, !(header.fields.count == 1 && header.fields[0].isEmpty) else {
            throw fail("the sample sheet is empty; its first row must name the columns (at least video, condition)")
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var seen = Set<String>()
        for (i, name) in names.enumerated() {
            if name.isEmpty { throw fail("row 1, column \(i + 1): the column has no name") }
            if !seen.insert(name).inserted { throw fail("row 1: column \(name) appears twice") }
        }
        for required in ["video", "condition"] where !seen.contains(required) {
            throw fail("row 1: the required column \(required) is missing (columns found: \(names.joined(separator: ", ")))")
        }
        var specs: [VideoSpec] = []
        var listed: [String: (row: Int, spec: VideoSpec)] = [:]
        for record in records.dropFirst() {
            let row = record.line
            if record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            guard record.fields.count == names.count else {
                throw fail("row \(row): \(record.fields.count) fields, but the header names \(names.count) columns")
            }
            var values: [String: String] = [:]
            for (name, field) in zip(names, record.fields) {
                values[name] = field.trimmingCharacters(in: .whitespaces)
            }
            func required(_ column: String) throws -> String {
                guard let value = values[column], !value.isEmpty else {
                    throw fail("row \(row), column \(column): the value is empty")
                }
                return value
            }
            func number(_ column: String) throws -> Double? {
                guard let text = values[column], !text.isEmpty else { return nil }
                guard let value = Double(text), value.isFinite, value > 0 else {
                    throw fail("row \(row), column \(column): '\(text)' is not a positive number")
                }
                return value
            }
            let video = try required("video")
            let condition = try required("condition")
            var treatment: Int?
            if let text = values["treatment_frame"], !text.isEmpty {
                guard let value = Int(text), value >= 0 else {
                    throw fail("row \(row), column treatment_frame: '\(text)' is not a frame index (an integer ≥ 0)")
                }
                treatment = value
            }
            var projection: ZProjection?
            if let text = values["z_project"], !text.isEmpty {
                guard let value = ZProjection(rawValue: text.lowercased()) else {
                    throw fail("row \(row), column z_project: '\(text)' is not max, mean or sum")
                }
                projection = value
            }
            var bits: Int?
            if let text = values["bit_depth"], !text.isEmpty {
                guard let value = Int(text), (1...16).contains(value) else {
                    throw fail("row \(row), column bit_depth: '\(text)' is not a number of significant bits from 1 to 16")
                }
                bits = value
            }
            let channel = values["channel"].flatMap { $0.isEmpty ? nil : ChannelSelector($0) }
            if case let .index(i)? = channel, i < 0 {
                throw fail("row \(row), column channel: \(i) is not a channel index (≥ 0) or name")
            }
            func resolved(_ path: String) -> String {
                path.hasPrefix("/") ? path : folder.appendingPathComponent(path).standardizedFileURL.path
            }
            var spec = VideoSpec(
                path: resolved(video), condition: condition,
                replicate: values["replicate"].flatMap { $0.isEmpty ? nil : $0 },
                pixelSizeMicrometres: try number("pixel_size_um"),
                frameIntervalSeconds: try number("frame_interval_s"),
                treatmentFrame: treatment,
                maskPath: values["mask"].flatMap { $0.isEmpty ? nil : resolved($0) },
                metadata: values.filter { !known.contains($0.key) },
                origin: "\(sheetName) row \(row)")
            spec.channel = channel
            spec.zProjection = projection
            spec.bitDepth = bits
            // The same video analysed the same way twice: ingest would store it once and skip
            // the other row, whatever condition it gives. (Another mask, channel, projection or
            // bit depth is another analysis, and may be listed.)
            let identity = "\(spec.path)\u{0}\(spec.maskPath ?? "")\u{0}\(channel.map { "\($0)" } ?? "")\u{0}\(projection?.rawValue ?? "")\u{0}\(bits.map(String.init) ?? "")"
            if let (first, earlier) = listed[identity] {
                let differs = earlier.condition != spec.condition ? "with condition \(spec.condition) (row \(first): \(earlier.condition))"
                    : earlier.replicate != spec.replicate ? "with replicate \(spec.replicate ?? "none") (row \(first): \(earlier.replicate ?? "none"))"
                    : "again"
                throw fail("row \(row) lists \(video) \(differs), the same video with the same mask and channel as row \(first): a video is stored once, so one of the rows would be skipped; remove one (or give it another mask, channel, --z-project or --bit-depth)")
            }
            listed[identity] = (row, spec)
            specs.append(spec)
        }
        if specs.isEmpty { throw fail("the sample sheet lists no videos (only a header row)") }
        return specs
    }
}

/// RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks;
/// CRLF or LF line ends; a UTF-8 byte-order mark is ignored.
enum CSV {
    struct Record {
        /// 1-based line on which the record starts.
        let line: Int
        let fields: [String]
    }

    static func parse(_ text: String, name: String) throws -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var characters = Array(text)
        if characters.first == "\u{FEFF}" { characters.removeFirst() }
        var i = 0
        while i < characters.count {
            let ch = characters[i]
            if inQuotes {
                if ch == "\"" {
                    if i + 1 < characters.count && characters[i + 1] == "\"" {
                        field.append("\"")
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if ch == "\n" || ch == "\r\n" { line += 1 }
                    field.append(ch)
                }
            } else {
                switch ch {
                case "\"":
                    guard field.isEmpty else {
                        throw IngestError(path: name, "row \(line): a quote inside an unquoted field; quote the whole field")
                    }
                    inQuotes = true
                case ",":
                    fields.append(field)
                    field = ""
                case "\n", "\r\n", "\r":
                    fields.append(field)
                    records.append(Record(line: recordLine, fields: fields))
                    fields = []
                    field = ""
                    line += 1
                    recordLine = line
                default:
                    field.append(ch)
                }
            }
            i += 1
        }
        if inQuotes { throw IngestError(path: name, "row \(recordLine): a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            records.append(Record(line: recordLine, fields: fields))
        }
        return records
    }
}

extension Shard {
    /// The identity of a batch given as a sample sheet: the SHA-256 of the sheet's bytes.
    package static func batchSHA256(sheet path: String) throws -> String {
        try SHA256.hexDigest(ofFile: path)
    }

    /// The identity of a batch of videos given on the command line: the SHA-256
    /// of their paths as given, one per line.
    package static func batchSHA256(videos paths: [String]) -> String {
        SHA256.hexDigest(of: paths.map { $0 + "\n" }.joined())
    }
}
