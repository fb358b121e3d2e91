import Foundation

/// Summary statistics of intensities (on the 8-bit scale).
public struct IntensityStatistics: Equatable, Sendable {
    public let count: Int
    public let mean: Double
    /// The middle value, or the mean of the two middle values (as numpy.median).
    public let median: Double
    /// Population standard deviation (divisor n, as numpy.std).
    public let standardDeviation: Double
    /// Shannon entropy in bits of the 256-bin histogram of the 8-bit values
    /// (`EightBitHistogram`): −Σ p log₂ p over non-empty bins.
    public let entropyBits: Double

    /// Nil for no values.
    public init?(_ values: [Float]) {
        guard !values.isEmpty else { return nil }
        let n = Double(values.count)
        let mean = Self.sum(values) { Double($0) } / n
        let squares = Self.sum(values) { (Double($0) - mean) * (Double($0) - mean) }
        let histogram = EightBitHistogram(values)
        var entropy = 0.0
        for bin in histogram.counts where bin > 0 {
            let p = Double(bin) / n
            entropy -= p * log2(p)
        }
        count = values.count
        self.mean = mean
        median = Self.median(values, histogram: histogram)
        standardDeviation = (squares / n).squareRoot()
        entropyBits = entropy
    }

    /// Σ term(v), in four interleaved partial sums: the additions of one sum
    /// wait for each other, four sums keep the processor busy.
    @inline(__always)
    private static func sum(_ values: [Float], _ term: (Float) -> Double) -> Double {
        values.withUnsafeBufferPointer { values in
            var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
            var i = 0
            while i + 4 <= values.count {
                s0 += term(values[i])
                s1 += term(values[i + 1])
                s2 += term(values[i + 2])
                s3 += term(values[i + 3])
                i += 4
            }
            while i < values.count {
                s0 += term(values[i])
                i += 1
            }
            return (s0 + s1) + (s2 + s3)
        }
    }

    static func median(_ values: [Float]) -> Double { median(values, histogram: EightBitHistogram(values)) }

    /// The histogram's bins are ordered like the values, so the middle values lie
    /// in the bins where the cumulative count passes n/2: only those values are
    /// copied and searched (quickselect), not all of them.
    static func median(_ values: [Float], histogram: EightBitHistogram) -> Double {
        let n = values.count
        let lowerRank = (n - 1) / 2, upperRank = n / 2
        var firstBin = 0, below = 0
        while below + histogram.counts[firstBin] <= lowerRank {
            below += histogram.counts[firstBin]
            firstBin += 1
        }
        var lastBin = firstBin, through = below + histogram.counts[firstBin]
        while through <= upperRank {
            lastBin += 1
            through += histogram.counts[lastBin]
        }
        var middle: [Float] = []
        middle.reserveCapacity(through - below)
        values.withUnsafeBufferPointer { values in
            for value in values {
                let bin = EightBitHistogram.bin(value)
                if bin >= firstBin && bin <= lastBin { middle.append(value) }
            }
        }
        let upper = select(&middle, rank: upperRank - below)
        guard lowerRank != upperRank else { return Double(upper) }
        // The lower middle is the largest value left of the upper middle.
        let lower = middle[0..<(upperRank - below)].max()!
        return (Double(lower) + Double(upper)) / 2
    }

    /// Rearranges `values` so that the element of the given rank (0-based, in
    /// ascending order) is in place, smaller-or-equal ones before it and
    /// greater-or-equal ones after it; returns it.
    private static func select(_ values: inout [Float], rank: Int) -> Float {
        values.withUnsafeMutableBufferPointer { buffer in
            var low = 0, high = buffer.count - 1
            while low < high {
                // Median of three as pivot.
                let middle = (low + high) / 2
                if buffer[middle] < buffer[low] { buffer.swapAt(middle, low) }
                if buffer[high] < buffer[low] { buffer.swapAt(high, low) }
                if buffer[high] < buffer[middle] { buffer.swapAt(high, middle) }
                let pivot = buffer[middle]
                var i = low, j = high
                while i <= j {
                    while buffer[i] < pivot { i += 1 }
                    while buffer[j] > pivot { j -= 1 }
                    if i <= j {
                        buffer.swapAt(i, j)
                        i += 1
                        j -= 1
                    }
                }
                if rank <= j { high = j } else if rank >= i { low = i } else { break }
            }
            return buffer[rank]
        }
    }
}
