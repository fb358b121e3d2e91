import Foundation

/// A little-endian, single-strip, uncompressed, single-page greyscale TIFF made
/// byte by byte, for sample formats TIFFWriter does not write.
package struct MinimalTIFF {
    package let width: Int, height: Int, bitsPerSample: Int, sampleFormat: Int
    package let data: [UInt8]
    /// The Compression tag (1 none, 8 Deflate); the data are stored as given.
    package var compression = 1

    package init(width: Int, height: Int, bitsPerSample: Int, sampleFormat: Int, data: [UInt8], compression: Int = 1) {
        self.width = width
        self.height = height
        self.bitsPerSample = bitsPerSample
        self.sampleFormat = sampleFormat
        self.data = data
        self.compression = compression
    }

    /// The file's bytes.
    package var bytes: Data {
        // Tag, type (3 SHORT, 4 LONG), value; entries sorted by tag as the standard requires.
        // Sizes are LONG, so that a header can declare more than 65,535 px.
        let dataOffset = 8 + 2 + 10 * 12 + 4
        let entries: [(UInt16, UInt16, UInt32)] = [
            (256, 4, UInt32(width)), (257, 4, UInt32(height)), (258, 3, UInt32(bitsPerSample)),
            (259, 3, UInt32(compression)), (262, 3, 1), (273, 4, UInt32(dataOffset)), (277, 3, 1),
            (278, 4, UInt32(height)), (279, 4, UInt32(data.count)), (339, 3, UInt32(sampleFormat)),
        ]
        var out = Data()
        func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
        }
        out.append(contentsOf: [0x49, 0x49]) // "II"
        append(UInt16(42))
        append(UInt32(8))
        append(UInt16(entries.count))
        for (tag, type, value) in entries {
            append(tag)
            append(type)
            append(UInt32(1))
            if type == 3 {
                append(UInt16(value))
                append(UInt16(0))
            } else {
                append(value)
            }
        }
        append(UInt32(0)) // no next directory
        precondition(out.count == dataOffset)
        out.append(contentsOf: data)
        return out
    }
}
