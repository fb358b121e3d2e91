/// Equal-width bins over the data range, binned exactly as
/// `numpy.histogram(values, bins=256)` bins them (the histogram scikit-image's
/// thresholds use for floating-point images): edges `min + i·(max − min)/256`
/// computed as `numpy.linspace` does, the last edge exactly `max`, every bin
/// half-open except the last, which includes `max`. A constant input gets the
/// range `value ± 0.5`, as in numpy.
struct RangeHistogram {
    let counts: [Int]
    /// Bin centres, `(edge[i] + edge[i + 1]) / 2`.
    let centres: [Double]

    /// Nil for no values.
    init?(_ values: [Float], bins: Int = 256) {
        guard let (smallest, largest) = Self.range(values) else { return nil }
        var low = Double(smallest), high = Double(largest)
        if low == high {
            low -= 0.5
            high += 0.5
        }
        let step = (high - low) / Double(bins)
        var edges = (0...bins).map { Double($0) * step + low }
        edges[bins] = high
        let scale = Double(bins) / (high - low)
        var counts = [Int](repeating: 0, count: bins)
        values.withUnsafeBufferPointer { values in
            edges.withUnsafeBufferPointer { edges in
                counts.withUnsafeMutableBufferPointer { counts in
                    for value in values {
                        let v = Double(value)
                        // An estimate within one bin; the edges decide, as in numpy.
                        var index = min(Int((v - low) * scale), bins - 1)
                        if v < edges[index] { index -= 1 }
                        if index != bins - 1 && v >= edges[index + 1] { index += 1 }
                        counts[index] += 1
                    }
                }
            }
        }
        self.counts = counts
        centres = (0..<bins).map { (edges[$0] + edges[$0 + 1]) / 2 }
    }

    static func range(_ values: [Float]) -> (Float, Float)? {
        guard let first = values.first else { return nil }
        var smallest = first, largest = first
        values.withUnsafeBufferPointer { values in
            for value in values {
                smallest = min(smallest, value)
                largest = max(largest, value)
            }
        }
        return (smallest, largest)
    }
}

/// 256 bins of the 8-bit values the intensities would be stored as: intensity v
/// (on the 8-bit scale) goes to bin `⌊v + 0.5⌋`, clamped to 0…255, so integer
/// intensities are their own bin (as in ImageJ's histogram of an 8-bit image).
struct EightBitHistogram {
    var counts: [Int]

    init(_ values: [Float]) {
        var counts = [Int](repeating: 0, count: 256)
        values.withUnsafeBufferPointer { values in
            counts.withUnsafeMutableBufferPointer { counts in
                for value in values { counts[Self.bin(value)] += 1 }
            }
        }
        self.counts = counts
    }

    @inline(__always)
    static func bin(_ value: Float) -> Int { Int(min(max(value + 0.5, 0), 255)) }
}
