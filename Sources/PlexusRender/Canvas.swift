/// A raster of palette indices (see `Palette`) with the few drawing operations
/// an overlay needs. Coordinates are continuous, in canvas pixels: pixel
/// (row i, column j) covers [i, i + 1) × [j, j + 1). Everything drawn outside
/// the canvas is clipped.
package struct Canvas: Sendable {
    package let width: Int
    package let height: Int
    /// Row-major palette indices.
    package var pixels: [UInt8]

    package init(width: Int, height: Int, fill: UInt8 = Palette.black) {
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: fill, count: width * height)
    }

    package subscript(row: Int, col: Int) -> UInt8 {
        get { pixels[row * width + col] }
        set { pixels[row * width + col] = newValue }
    }

    /// Colours the pixel holding point (y, x), and its neighbours within a
    /// square of side `size` centred there.
    @inline(__always)
    package mutating func dot(y: Double, x: Double, colour: UInt8, size: Int = 1) {
        guard y.isFinite, x.isFinite, abs(y) < 1e7, abs(x) < 1e7 else { return }
        let r0 = Int((y - Double(size - 1) / 2).rounded(.down)), c0 = Int((x - Double(size - 1) / 2).rounded(.down))
        let top = max(0, r0), bottom = min(height, r0 + size), left = max(0, c0), right = min(width, c0 + size)
        guard top < bottom, left < right else { return }
        for r in top..<bottom {
            for c in left..<right { pixels[r * width + c] = colour }
        }
    }

    /// A straight line from (y0, x0) to (y1, x1), `size` pixels thick.
    package mutating func line(y0: Double, x0: Double, y1: Double, x1: Double, colour: UInt8, size: Int = 1) {
        let length = ((y1 - y0) * (y1 - y0) + (x1 - x0) * (x1 - x0)).squareRoot()
        guard length.isFinite, length < 1e6 else { return }
        let steps = max(1, Int((length * 2).rounded(.up)))
        for i in 0...steps {
            let f = Double(i) / Double(steps)
            dot(y: y0 + f * (y1 - y0), x: x0 + f * (x1 - x0), colour: colour, size: size)
        }
    }

    /// The outline of an ellipse centred at (cy, cx) with semi-axes `a` (along
    /// `angle`, radians from the x axis towards +y) and `b`.
    package mutating func ellipse(cy: Double, cx: Double, a: Double, b: Double, angle: Double, colour: UInt8, size: Int = 1) {
        guard a.isFinite, b.isFinite, a < 1e5, b < 1e5 else { return }
        let cosA = cos(angle), sinA = sin(angle)
        // Points at most half a pixel apart along the perimeter.
        let steps = max(12, Int((2 * Double.pi * max(a, b) * 2).rounded(.up)))
        for i in 0..<steps {
            let theta = 2 * Double.pi * Double(i) / Double(steps)
            let u = a * cos(theta), v = b * sin(theta)
            dot(y: cy + u * sinA + v * cosA, x: cx + u * cosA - v * sinA, colour: colour, size: size)
        }
    }

    /// A filled disc of radius `r`.
    package mutating func disc(cy: Double, cx: Double, r: Double, colour: UInt8) {
        guard cy.isFinite, cx.isFinite, r.isFinite, r < 1e4 else { return }
        let top = max(0, Int((cy - r).rounded(.down))), bottom = min(height - 1, Int((cy + r).rounded(.up)))
        let left = max(0, Int((cx - r).rounded(.down))), right = min(width - 1, Int((cx + r).rounded(.up)))
        guard top <= bottom, left <= right else { return }
        for row in top...bottom {
            for col in left...right {
                let dy = Double(row) + 0.5 - cy, dx = Double(col) + 0.5 - cx
                if dy * dy + dx * dx <= r * r { pixels[row * width + col] = colour }
            }
        }
    }

    /// A filled rectangle of pixels rows `top..<bottom`, columns `left..<right`.
    package mutating func fill(top: Int, left: Int, bottom: Int, right: Int, colour: UInt8) {
        for row in max(0, top)..<max(max(0, top), min(height, bottom)) {
            for col in max(0, left)..<max(max(0, left), min(width, right)) { pixels[row * width + col] = colour }
        }
    }

    /// Text in the built-in 5×7 font, `scale` canvas pixels per font pixel,
    /// its top-left corner at (top, left), with a black outline so that it
    /// reads on any background. Characters the font lacks are left out.
    package mutating func text(_ string: String, top: Int, left: Int, scale: Int = 1, colour: UInt8 = Palette.white) {
        for pass in 0..<2 {
            var x = left
            for character in string {
                guard let glyph = BitmapFont.glyph(character) else { continue }
                for (r, line) in glyph.enumerated() {
                    for (c, bit) in line.enumerated() where bit {
                        let row = top + r * scale, col = x + c * scale
                        if pass == 0 {
                            fill(top: row - 1, left: col - 1, bottom: row + scale + 1, right: col + scale + 1, colour: Palette.black)
                        } else {
                            fill(top: row, left: col, bottom: row + scale, right: col + scale, colour: colour)
                        }
                    }
                }
                x += (BitmapFont.width + 1) * scale
            }
        }
    }

    /// The canvas pixels wide that `text` draws `string`.
    package static func textWidth(_ string: String, scale: Int) -> Int {
        let count = string.filter { BitmapFont.glyph($0) != nil }.count
        return max(0, count * (BitmapFont.width + 1) * scale - scale)
    }

    /// Row-major RGB bytes, three per pixel.
    package func rgb() -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: width * height * 3)
        let colours = Palette.colours
        bytes.withUnsafeMutableBufferPointer { out in
            for i in 0..<pixels.count {
                let c = colours[Int(pixels[i])]
                out[3 * i] = c.red
                out[3 * i + 1] = c.green
                out[3 * i + 2] = c.blue
            }
        }
        return bytes
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
