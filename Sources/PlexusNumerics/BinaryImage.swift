/// A two-valued raster in row-major order: `pixels[row * width + col]` is true
/// on the foreground. The one raster of Plexus: a cell's pixels in a frame (a
/// cell mask, the form the mixture fit takes), thresholded objects, skeletons.
package struct BinaryImage: Equatable, Sendable {
    package let width: Int
    package let height: Int
    /// Any change forgets `extent`. Changed in place (`_modify`): an observer
    /// (didSet) would copy the whole raster for each pixel set from another
    /// module, which made finding 32 cells in the WT/KO frame take 7 s instead of 1.
    package var pixels: [Bool] {
        get { storage }
        set {
            storage = newValue
            extent = nil
        }
        _modify {
            extent = nil
            yield &storage
        }
    }
    private var storage: [Bool]
    /// A rectangle known to hold every pixel inside, when whoever made the
    /// image knew one (a cell's mask made from its rectangle): `bounds` then
    /// scans only it. Changing `pixels` forgets it.
    package private(set) var extent: Rectangle?

    package init(width: Int, height: Int, pixels: [Bool], extent: Rectangle? = nil) {
        precondition(pixels.count == width * height, "pixel count must be width × height")
        if let extent {
            precondition(extent.top >= 0 && extent.left >= 0 && extent.bottom <= height && extent.right <= width,
                         "extent outside the image")
        }
        self.width = width
        self.height = height
        storage = pixels
        self.extent = extent
    }

    package init(width: Int, height: Int, filled: Bool = false) {
        self.init(width: width, height: height, pixels: [Bool](repeating: filled, count: width * height))
    }

    /// The same size and pixels (what is known of the extent does not count).
    package static func == (a: BinaryImage, b: BinaryImage) -> Bool {
        a.width == b.width && a.height == b.height && a.storage == b.storage
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
        let area = extent ?? Rectangle(top: 0, left: 0, bottom: height, right: width)
        return pixels.withUnsafeBytes { bytes in
            var count = 0
            // At most bytes.count: cannot wrap.
            for r in area.top..<max(area.top, area.bottom) {
                for byte in bytes[(r * width + area.left)..<(r * width + area.right)] { count &+= Int(byte) }
            }
            return count
        }
    }

    package var isEmpty: Bool { bounds == nil }

    /// The smallest rectangle holding every pixel inside (nil when empty).
    package var bounds: Rectangle? { Self.bounds(of: pixels, width: width, height: height, within: extent) }

    /// Whether any byte is non-zero: an OR over the bytes, vectorised, without a
    /// branch per byte (a cell's mask leaves most rows of a large frame empty).
    @inline(__always)
    static func anySet(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var any: UInt8 = 0
        for byte in bytes { any |= byte }
        return any != 0
    }

    /// The smallest rectangle holding every true pixel of a row-major raster
    /// (nil when none is true); with `within`, a rectangle known to hold them
    /// all, only it is scanned.
    package static func bounds(of pixels: [Bool], width: Int, height: Int, within: Rectangle? = nil) -> Rectangle? {
        var top = Int.max, bottom = -1, left = Int.max, right = -1
        precondition(pixels.count == width * height, "raster size")
        let area = within ?? Rectangle(top: 0, left: 0, bottom: height, right: width)
        precondition(area.top >= 0 && area.left >= 0 && area.bottom <= height && area.right <= width, "scan area")
        guard area.top < area.bottom, area.left < area.right else { return nil }
        pixels.withUnsafeBytes { p in
            for r in area.top..<area.bottom {
                let line = r &* width
                guard anySet(UnsafeRawBufferPointer(rebasing: p[(line + area.left)..<(line + area.right)])) else { continue }
                // The first set pixel from the left, then the last from the right.
                var first = area.left
                while p[line &+ first] == 0 { first &+= 1 }
                var last = area.right &- 1
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
