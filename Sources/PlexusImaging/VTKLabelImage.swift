import Foundation

/// Reads the legacy VTK label image ITK-SNAP saves ("Save segmentation image"
/// as .vtk): `DATASET STRUCTURED_POINTS`, `DIMENSIONS X Y 1`, one `SCALARS`
/// array of integers in `POINT_DATA`, ASCII or BINARY (big-endian, as the
/// format prescribes).
///
/// Point (x, y) is pixel (row y, column x): the file's order is row-major, the
/// same as a TIFF of the same labels, so no flip is applied.
package enum VTKLabelImage {
    /// The `SCALARS` types accepted, with their size in bytes and signedness.
    static let types: [String: (bytes: Int, signed: Bool)] = [
        "unsigned_char": (1, false), "char": (1, true),
        "unsigned_short": (2, false), "short": (2, true),
        "unsigned_int": (4, false), "int": (4, true),
    ]

    package static func read(path: String) throws -> LabelImage {
        guard FileManager.default.fileExists(atPath: path) else {
            throw LabelImageError(path: path, "file not found")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LabelImageError(path: path, "file is not readable (check its permissions)")
        }
        return try parse(data, name: path)
    }

    /// Parses the bytes of a VTK file; `name` is used in errors.
    package static func parse(_ data: Data, name: String) throws -> LabelImage {
        let bytes = [UInt8](data)
        func fail(_ message: String) -> LabelImageError { LabelImageError(path: name, message) }
        var position = 0
        var lineNumber = 0
        /// The next line without its line end, or nil at the end of the file.
        func nextLine() -> String? {
            guard position < bytes.count else { return nil }
            let start = position
            while position < bytes.count && bytes[position] != 0x0A { position += 1 }
            let line = String(decoding: bytes[start..<position], as: UTF8.self)
            if position < bytes.count { position += 1 }
            lineNumber += 1
            return line.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        /// The next line that is not blank, split into words.
        func nextWords() -> [String]? {
            while let line = nextLine() {
                if !line.isEmpty { return line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) }
            }
            return nil
        }

        guard let version = nextLine(), version.lowercased().hasPrefix("# vtk datafile") else {
            throw fail("not a legacy VTK file: the first line must be '# vtk DataFile Version …'")
        }
        _ = nextLine() // the title
        guard let encoding = nextWords()?.first?.uppercased(), encoding == "ASCII" || encoding == "BINARY" else {
            throw fail("line 3 must be ASCII or BINARY")
        }
        guard let dataset = nextWords(), dataset.count == 2, dataset[0].uppercased() == "DATASET" else {
            throw fail("line 4 must be 'DATASET STRUCTURED_POINTS'")
        }
        guard dataset[1].uppercased() == "STRUCTURED_POINTS" else {
            throw fail("DATASET \(dataset[1]) is not supported; a label image is DATASET STRUCTURED_POINTS (as ITK-SNAP saves it)")
        }

        var dimensions: [Int]?
        var pointCount: Int?
        var scalarType: String?
        while true {
            guard let words = nextWords() else {
                throw fail("the file ends before its SCALARS data (line \(lineNumber))")
            }
            let keyword = words[0].uppercased()
            switch keyword {
            case "DIMENSIONS":
                let values = words.dropFirst().compactMap { Int($0) }
                guard values.count == 3, values.allSatisfy({ $0 > 0 }) else {
                    throw fail("line \(lineNumber): DIMENSIONS must be three positive integers (got '\(words.joined(separator: " "))')")
                }
                guard values[2] == 1 else {
                    throw fail("DIMENSIONS \(values.map(String.init).joined(separator: " ")) is a 3-D image; the cell mask is the 2-D label image of frame 0 (DIMENSIONS X Y 1)")
                }
                dimensions = values
            case "SPACING", "ASPECT_RATIO", "ORIGIN":
                continue
            case "POINT_DATA":
                guard words.count == 2, let count = Int(words[1]), count > 0 else {
                    throw fail("line \(lineNumber): POINT_DATA must give the number of points")
                }
                pointCount = count
            case "CELL_DATA":
                throw fail("line \(lineNumber): CELL_DATA is not supported; the labels must be POINT_DATA (as ITK-SNAP saves them)")
            case "SCALARS":
                guard words.count >= 3 else {
                    throw fail("line \(lineNumber): SCALARS must name the array and its data type")
                }
                let type = words[2].lowercased()
                guard types[type] != nil else {
                    throw fail("SCALARS data type \(words[2]) is not supported; labels must be integers: \(types.keys.sorted().joined(separator: ", "))")
                }
                if words.count >= 4, words[3] != "1" {
                    throw fail("SCALARS with \(words[3]) components are not supported; a label image has one value per point")
                }
                scalarType = type
            default:
                throw fail("line \(lineNumber): unexpected '\(words[0])' in a STRUCTURED_POINTS label image")
            }
            if scalarType != nil { break }
        }
        guard let dimensions else { throw fail("no DIMENSIONS line before the data") }
        guard let pointCount else { throw fail("no POINT_DATA line before the data") }
        let width = dimensions[0], height = dimensions[1]
        // Checked before anything is allocated (see TIFFSizeLimits): the product without overflow,
        // at most a frame's pixels, and no more points than the file has bytes left for.
        let (points, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, points <= TIFFSizeLimits.maximumPixels else {
            throw fail("DIMENSIONS \(width) \(height) 1 is more than the \(TIFFSizeLimits.maximumPixels) px (16,384 × 16,384) a frame may have")
        }
        guard pointCount == points else {
            throw fail("POINT_DATA \(pointCount) does not match DIMENSIONS \(width) \(height) 1 (\(points) points)")
        }
        // LOOKUP_TABLE follows SCALARS in the format; some writers leave it out.
        let beforeTable = (position, lineNumber)
        if let words = nextWords(), words[0].uppercased() == "LOOKUP_TABLE" {
            // The data start on the next line.
        } else {
            (position, lineNumber) = beforeTable
        }
        let type = types[scalarType!]!
        // Each point takes its bytes (BINARY) or at least a digit (ASCII): a large image the
        // file cannot hold is refused before its labels are allocated (a small one is parsed,
        // and its error says which value is missing or wrong).
        guard pointCount <= 65_536 || pointCount <= (bytes.count - position) / (encoding == "BINARY" ? type.bytes : 1) + 1 else {
            throw fail("the data are truncated: \(bytes.count - position) bytes left for \(pointCount) points (\(scalarType!), \(encoding))")
        }
        var labels = [UInt32](repeating: 0, count: pointCount)
        var values: [Int64] = []
        values.reserveCapacity(pointCount)
        if encoding == "BINARY" {
            let needed = pointCount * type.bytes
            guard bytes.count - position >= needed else {
                throw fail("the BINARY data are truncated: \(bytes.count - position) bytes, expected \(needed) (\(pointCount) × \(scalarType!))")
            }
            for i in 0..<pointCount {
                var raw: UInt32 = 0
                for b in 0..<type.bytes { raw = raw << 8 | UInt32(bytes[position + i * type.bytes + b]) }
                let value: Int64
                switch (type.bytes, type.signed) {
                case (1, true): value = Int64(Int8(truncatingIfNeeded: raw))
                case (2, true): value = Int64(Int16(truncatingIfNeeded: raw))
                case (4, true): value = Int64(Int32(truncatingIfNeeded: raw))
                default: value = Int64(raw)
                }
                values.append(value)
            }
        } else {
            var number: Int64 = 0, digits = 0, sign: Int64 = 1
            func flush() throws {
                guard digits > 0 else { return }
                values.append(sign * number)
                number = 0; digits = 0; sign = 1
            }
            var index = position
            while index < bytes.count && values.count < pointCount {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    number = number * 10 + Int64(byte - UInt8(ascii: "0"))
                    digits += 1
                    if number > Int64(UInt32.max) { throw fail("ASCII data: value \(number)… is too large for a label") }
                case UInt8(ascii: "-") where digits == 0:
                    sign = -1
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                    try flush()
                default:
                    throw fail("ASCII data: '\(Character(UnicodeScalar(byte)))' is not part of an integer (value \(values.count + 1))")
                }
                index += 1
            }
            try flush()
            guard values.count == pointCount else {
                throw fail("the ASCII data hold \(values.count) values, expected \(pointCount)")
            }
        }
        for (i, value) in values.enumerated() {
            guard value >= 0 else {
                throw fail("point \(i) has the negative label \(value); cells are labelled 1, 2, 3, … and the background 0")
            }
            labels[i] = UInt32(value)
        }
        return LabelImage(width: width, height: height, labels: labels)
    }
}
