/// A two-valued raster in row-major order: `pixels[row * width + col]` is true
/// on the foreground. The one raster of Plexus: a cell's pixels in a frame (a
/// cell mask, the form the mixture fit takes), thresholded objects, skeletons.
package struct BinaryImage: Equatable, Sendable {
    package let width: Int
    package let height: Int
    package var pixels: [Bool]

    package init(width: Int, height: Int, pixels: [Bool]) {
        precondition(pixels.count == width * height, "pixel count must be width × height")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    package init(width: Int, height: Int, filled: Bool = false) {
        self.init(width: width, height: height, pixels: [Bool](repeating: filled, count: width * height))
    }

    @inlinable
    package subscript(row: Int, col: Int) -> Bool {
        get { pixels[row * width + col] }
        set { pixels[row * width + col] = newValue }
    }

    /// The number of foreground pixels (a cell's area in pixels).
    package var area: Int {
        // A Bool is one byte, 0 or 1: summing the bytes is an integer
        // reduction the compiler vectorises (a branch per pixel is not).
        pixels.withUnsafeBytes { bytes in
            var count = 0
            for byte in bytes { count &+= Int(byte) }   // at most bytes.count: cannot wrap
            return count
        }
    }

    package var isEmpty: Bool {
        pixels.withUnsafeBytes { Self.anySet(UnsafeRawBufferPointer(rebasing: $0[...])) == false }
    }

    /// The smallest rectangle holding every pixel inside (nil when empty).
    package var bounds: Rectangle? { Self.bounds(of: pixels, width: width, height: height) }

    /// Whether any byte is non-zero: an OR over the bytes, vectorised, without a
    /// branch per byte (a cell's mask leaves most rows of a large frame empty).
    @inline(__always)
    static func anySet(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var any: UInt8 = 0
        for byte in bytes { any |= byte }
        return any != 0
    }

    /// The smallest rectangle holding every true pixel of a row-major raster
    /// (nil when none is true).
    package static func bounds(of pixels: [Bool], width: Int, height: Int) -> Rectangle? {
        var top = Int.max, bottom = -1, left = Int.max, right = -1
        precondition(pixels.count == width * height, "raster size")
        pixels.withUnsafeBytes { p in
            for r in 0..<height {
                let line = r &* width
                guard anySet(UnsafeRawBufferPointer(rebasing: p[line..<(line + width)])) else { continue }
                // The first set pixel from the left, then the last from the right.
                var first = 0
                while p[line &+ first] == 0 { first &+= 1 }
                var last = width &- 1
                while p[line &+ last] == 0 { last &-= 1 }
                top = min(top, r); bottom = r
                left = min(left, first); right = max(right, last)
            }
        }
        guard bottom >= 0 else { return nil }
        return Rectangle(top: top, left: left, bottom: bottom + 1, right: right + 1)
    }
}

extension BinaryImage {
    /// A rectangle of pixels: rows `top..<bottom`, columns `left..<right`.
    package struct Rectangle: Equatable, Sendable {
        package var top: Int
        package var left: Int
        package var bottom: Int
        package var right: Int

        package init(top: Int, left: Int, bottom: Int, right: Int) {
            self.top = top
            self.left = left
            self.bottom = bottom
            self.right = right
        }

        package var width: Int { right - left }
        package var height: Int { bottom - top }

        /// Grown by `margin` on every side, within a `width` × `height` frame.
        package func expanded(by margin: Int, within width: Int, _ height: Int) -> Rectangle {
            Rectangle(top: max(0, top - margin), left: max(0, left - margin),
                      bottom: min(height, bottom + margin), right: min(width, right + margin))
        }
    }
}
