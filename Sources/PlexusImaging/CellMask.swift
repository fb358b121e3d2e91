/// The pixels of one cell in one frame, as a full-frame boolean raster
/// (`pixels[row * width + col]`), the form the mixture fit takes.
public struct CellMask: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public var pixels: [Bool]

    public init(width: Int, height: Int, pixels: [Bool]) {
        precondition(pixels.count == width * height, "pixel count must be width × height")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    public init(width: Int, height: Int, filled: Bool = false) {
        self.init(width: width, height: height, pixels: [Bool](repeating: filled, count: width * height))
    }

    @inlinable
    public subscript(row: Int, col: Int) -> Bool {
        get { pixels[row * width + col] }
        set { pixels[row * width + col] = newValue }
    }

    /// Pixels inside.
    public var area: Int {
        pixels.withUnsafeBufferPointer { p in
            var count = 0
            for pixel in p { count &+= pixel ? 1 : 0 }   // at most p.count: cannot wrap
            return count
        }
    }

    public var isEmpty: Bool { !pixels.contains(true) }

    /// The smallest rectangle holding every pixel inside (nil when empty).
    public var bounds: Rectangle? { Self.bounds(of: pixels, width: width, height: height) }

    /// The smallest rectangle holding every true pixel of a row-major raster
    /// (nil when none is true).
    public static func bounds(of pixels: [Bool], width: Int, height: Int) -> Rectangle? {
        var top = Int.max, bottom = -1, left = Int.max, right = -1
        precondition(pixels.count == width * height, "raster size")
        pixels.withUnsafeBufferPointer { p in
            for r in 0..<height {
                let line = r * width
                // The first set pixel from the left, then the last from the right.
                var first = 0
                while first < width && !p[line &+ first] { first &+= 1 }
                guard first < width else { continue }
                var last = width &- 1
                while !p[line &+ last] { last &-= 1 }
                top = min(top, r); bottom = r
                left = min(left, first); right = max(right, last)
            }
        }
        guard bottom >= 0 else { return nil }
        return Rectangle(top: top, left: left, bottom: bottom + 1, right: right + 1)
    }

    // MARK: Run-length encoding

    /// The mask in row-major order as alternating run lengths, starting with a
    /// run of outside pixels (0 when the first pixel is inside), each run an
    /// unsigned LEB128 varint (7 bits per byte, low bits first, high bit set on
    /// every byte but the last). The runs add up to width × height.
    ///
    /// Masks are compact blobs (a few hundred bytes for a cell) that any
    /// language decodes in a few lines; see `init(runLength:width:height:)`.
    public func runLengthEncoded() -> [UInt8] {
        var bytes: [UInt8] = []
        func append(_ run: Int) {
            var value = UInt(run)
            while value >= 0x80 {
                bytes.append(UInt8(value & 0x7F) | 0x80)
                value >>= 7
            }
            bytes.append(UInt8(value))
        }
        // Runs found by scanning for the next change of value (a run's length
        // is at most the pixel count: the arithmetic cannot wrap).
        pixels.withUnsafeBufferPointer { p in
            var current = false
            var start = 0, i = 0
            while i < p.count {
                if p[i] != current {
                    append(i &- start)
                    current = p[i]
                    start = i
                }
                i &+= 1
            }
            append(p.count &- start)
        }
        return bytes
    }

    /// Decodes `runLengthEncoded()`; throws when the runs do not cover exactly
    /// width × height pixels.
    public init(runLength bytes: [UInt8], width: Int, height: Int) throws {
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

extension CellMask {
    /// A rectangle of pixels: rows `top..<bottom`, columns `left..<right`.
    public struct Rectangle: Equatable, Sendable {
        public var top: Int
        public var left: Int
        public var bottom: Int
        public var right: Int

        public init(top: Int, left: Int, bottom: Int, right: Int) {
            self.top = top
            self.left = left
            self.bottom = bottom
            self.right = right
        }

        public var width: Int { right - left }
        public var height: Int { bottom - top }

        /// Grown by `margin` on every side, within a `width` × `height` frame.
        public func expanded(by margin: Int, within width: Int, _ height: Int) -> Rectangle {
            Rectangle(top: max(0, top - margin), left: max(0, left - margin),
                      bottom: min(height, bottom + margin), right: min(width, right + margin))
        }
    }

    /// Run-length data that do not decode to a mask of the expected size.
    public struct DecodingError: Error, CustomStringConvertible, Equatable {
        public let message: String
        public init(_ message: String) { self.message = message }
        public var description: String { message }
    }
}
