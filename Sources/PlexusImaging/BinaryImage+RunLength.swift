import PlexusNumerics

extension BinaryImage {
    /// The mask in row-major order as alternating run lengths, starting with a
    /// run of outside pixels (0 when the first pixel is inside), each run an
    /// unsigned LEB128 varint (7 bits per byte, low bits first, high bit set on
    /// every byte but the last). The runs add up to width × height.
    ///
    /// Masks are compact blobs (a few hundred bytes for a cell) that any
    /// language decodes in a few lines; see `init(runLength:width:height:)`.
    package func runLengthEncoded() -> [UInt8] {
        var bytes: [UInt8] = []
        func append(_ run: Int) {
            var value = UInt(run)
            while value >= 0x80 {
                bytes.append(UInt8(value & 0x7F) | 0x80)
                value >>= 7
            }
            bytes.append(UInt8(value))
        }
        // Runs found by scanning for the next change of value, eight pixels at a
        // time inside a run (a Bool is one byte, 0 or 1); a run's length is at
        // most the pixel count: the arithmetic cannot wrap.
        pixels.withUnsafeBytes { p in
            var current: UInt8 = 0
            var start = 0, i = 0
            let count = p.count
            while i < count {
                let same: UInt64 = current == 0 ? 0 : 0x0101_0101_0101_0101
                while i &+ 8 <= count && p.loadUnaligned(fromByteOffset: i, as: UInt64.self) == same { i &+= 8 }
                while i < count && p[i] == current { i &+= 1 }
                guard i < count else { break }
                append(i &- start)
                current = p[i]
                start = i
            }
            append(count &- start)
        }
        return bytes
    }

    /// Decodes `runLengthEncoded()`; throws when the runs do not cover exactly
    /// width × height pixels.
    package init(runLength bytes: [UInt8], width: Int, height: Int) throws {
        var pixels = [Bool](repeating: false, count: width * height)
        var index = 0
        var inside = false
        var value = 0, shift = 0
        for byte in bytes {
            guard shift < 56 else { throw DecodingError("a run-length varint is longer than 8 bytes") }
            value |= Int(byte & 0x7F) << shift
            if byte & 0x80 != 0 {
                shift += 7
                continue
            }
            guard index + value <= pixels.count else {
                throw DecodingError("the runs cover more than \(width)×\(height) pixels")
            }
            if inside { for i in index..<(index + value) { pixels[i] = true } }
            index += value
            inside.toggle()
            value = 0
            shift = 0
        }
        guard shift == 0 else { throw DecodingError("the run-length data end inside a varint") }
        guard index == pixels.count else {
            throw DecodingError("the runs cover \(index) pixels, expected \(width)×\(height) = \(pixels.count)")
        }
        self.init(width: width, height: height, pixels: pixels)
    }
}

extension BinaryImage {
    /// Run-length data that do not decode to a mask of the expected size.
    package struct DecodingError: Error, CustomStringConvertible, Equatable {
        package let message: String
        package init(_ message: String) { self.message = message }
        package var description: String { message }
    }
}
