import Foundation

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
    package static func smooth(_ image: Image, sigma: Double) -> Image {
        guard sigma > 0 else { return image }
        let weights = kernel(sigma: sigma)
        let radius = weights.count / 2
        let width = image.width, height = image.height
        var rows = [Float](repeating: 0, count: width * height)
        var output = [Float](repeating: 0, count: width * height)
        let colIndex = reflectedIndices(count: width, radius: radius)
        let rowIndex = reflectedIndices(count: height, radius: radius)
        image.pixels.withUnsafeBufferPointer { source in
            rows.withUnsafeMutableBufferPointer { target in
                weights.withUnsafeBufferPointer { w in
                    colIndex.withUnsafeBufferPointer { index in
                        // Interior columns read their taps directly (a loop that
                        // vectorises); only border columns need reflected indices.
                        let interior = width > 2 * radius ? radius..<(width - radius) : 0..<0
                        for r in 0..<height {
                            let line = r * width
                            for c in 0..<width where !interior.contains(c) {
                                var sum: Float = 0
                                for k in 0..<w.count { sum += w[k] * source[line &+ index[c &+ k]] }
                                target[line &+ c] = sum
                            }
                            for k in 0..<w.count {
                                let weight = w[k]
                                let offset = line + k - radius
                                // Wrapping index arithmetic: the range is checked once above,
                                // and an overflow check per tap would stop the loop vectorising.
                                for c in interior { target[line &+ c] += weight * source[offset &+ c] }
                            }
                        }
                    }
                }
            }
        }
        rows.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                weights.withUnsafeBufferPointer { w in
                    rowIndex.withUnsafeBufferPointer { index in
                        // Row-outer order keeps the inner loop contiguous (and vectorisable).
                        for r in 0..<height {
                            let line = r * width
                            for k in 0..<w.count {
                                let weight = w[k]
                                let sourceLine = index[r + k] * width
                                for c in 0..<width { target[line &+ c] += weight * source[sourceLine &+ c] }
                            }
                        }
                    }
                }
            }
        }
        return Image(width: width, height: height, pixels: output)
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
