import Foundation
import PlexusNumerics

/// Separable Gaussian smoothing with SciPy's conventions (`ndimage.gaussian_filter`):
/// kernel radius `Int(4·sigma + 0.5)`, weights `exp(-x²/2σ²)` normalised to sum 1,
/// and "reflect" borders (d c b a | a b c d | d c b a).
///
/// The result stays in floating point: rounding a smoothed frame back to
/// integers creates flat plateaus, and every plateau pixel becomes a peak.
package enum GaussianSmoothing {
    package static func kernel(sigma: Double) -> [Float] {
        let radius = Int(4.0 * sigma + 0.5)
        var weights = (-radius...radius).map { x in exp(-Double(x * x) / (2 * sigma * sigma)) }
        let total = weights.reduce(0, +)
        weights = weights.map { $0 / total }
        return weights.map(Float.init)
    }

    /// Smooths `image`; `sigma` ≤ 0 returns it unchanged.
    ///
    /// With `regions`, only the pixels inside them are smoothed (each to the
    /// same value as over the whole frame, bit for bit) and the rest are 0: a
    /// frame's cells are all that is looked at, and on a large frame with small
    /// cells smoothing all of it would cost more than the cells do.
    package static func smooth(_ image: Image, sigma: Double, regions: [BinaryImage.Rectangle]? = nil) -> Image {
        guard sigma > 0 else { return image }
        let weights = kernel(sigma: sigma)
        let radius = weights.count / 2
        let width = image.width, height = image.height
        var rows = [Float](repeating: 0, count: width * height)
        var output = [Float](repeating: 0, count: width * height)
        let colIndex = reflectedIndices(count: width, radius: radius)
        let rowIndex = reflectedIndices(count: height, radius: radius)
        let whole = BinaryImage.Rectangle(top: 0, left: 0, bottom: height, right: width)
        for region in regions ?? [whole] {
            let top = max(0, region.top), bottom = min(height, region.bottom)
            let left = max(0, region.left), right = min(width, region.right)
            guard top < bottom, left < right else { continue }
            // The first pass over the rows the second pass reads (the kernel's
            // taps, reflected at the frame's edges).
            let taps = rowIndex[top..<(bottom + 2 * radius)]
            horizontal(image.pixels, into: &rows, width: width, rows: taps.min()!..<(taps.max()! + 1),
                       columns: left..<right, weights: weights, colIndex: colIndex)
            vertical(rows, into: &output, width: width, rows: top..<bottom, columns: left..<right, weights: weights,
                     rowIndex: rowIndex)
        }
        return Image(width: width, height: height, pixels: output)
    }

    /// The first pass: each pixel of `rows` × `columns` is the weighted sum of
    /// its row's pixels under the kernel, the taps added in order.
    private static func horizontal(_ pixels: [Float], into rowsOut: inout [Float], width: Int, rows: Range<Int>,
                                   columns: Range<Int>, weights: [Float], colIndex: [Int]) {
        let radius = weights.count / 2
        pixels.withUnsafeBufferPointer { source in
            rowsOut.withUnsafeMutableBufferPointer { target in
                weights.withUnsafeBufferPointer { w in
                    colIndex.withUnsafeBufferPointer { index in
                        // Interior columns read their taps directly (a loop that
                        // vectorises); only border columns need reflected indices.
                        let interior = width > 2 * radius ? radius..<(width - radius) : 0..<0
                        let inner = interior.clamped(to: columns)
                        for r in rows {
                            let line = r * width
                            for c in columns where !interior.contains(c) {
                                var sum: Float = 0
                                for k in 0..<w.count { sum += w[k] * source[line &+ index[c &+ k]] }
                                target[line &+ c] = sum
                            }
                            // Overlapping regions compute a pixel again: it starts from 0 each time.
                            for c in inner { target[line &+ c] = 0 }
                            for k in 0..<w.count {
                                let weight = w[k]
                                let offset = line + k - radius
                                // Wrapping index arithmetic: the range is checked once above,
                                // and an overflow check per tap would stop the loop vectorising.
                                for c in inner { target[line &+ c] += weight * source[offset &+ c] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The second pass: the same along the columns of the first pass's result.
    private static func vertical(_ rowsIn: [Float], into output: inout [Float], width: Int, rows: Range<Int>,
                                 columns: Range<Int>, weights: [Float], rowIndex: [Int]) {
        rowsIn.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                weights.withUnsafeBufferPointer { w in
                    rowIndex.withUnsafeBufferPointer { index in
                        // Row-outer order keeps the inner loop contiguous (and vectorisable).
                        for r in rows {
                            let line = r * width
                            for c in columns { target[line &+ c] = 0 }
                            for k in 0..<w.count {
                                let weight = w[k]
                                let sourceLine = index[r + k] * width
                                for c in columns { target[line &+ c] += weight * source[sourceLine &+ c] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// For output position i, `result[i + k]` is the source index under kernel tap k.
    private static func reflectedIndices(count: Int, radius: Int) -> [Int] {
        (-radius..<(count + radius)).map { i in
            var j = i
            // Reflect about the edges until inside (a kernel wider than the image reflects repeatedly).
            while j < 0 || j >= count {
                if j < 0 { j = -j - 1 }
                if j >= count { j = 2 * count - j - 1 }
            }
            return j
        }
    }
}
