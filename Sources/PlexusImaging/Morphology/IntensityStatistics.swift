import Foundation

/// Summary statistics of intensities (on the 8-bit scale).
package struct IntensityStatistics: Equatable, Sendable {
    package let count: Int
    package let mean: Double
    /// The middle value, or the mean of the two middle values (as numpy.median).
    package let median: Double
    /// Population standard deviation (divisor n, as numpy.std).
    package let standardDeviation: Double
    /// Shannon entropy in bits of the 256-bin histogram of the 8-bit values
    /// (`EightBitHistogram`): −Σ p log₂ p over non-empty bins.
    package let entropyBits: Double

    /// Nil for no values.
    package init?(_ values: [Float]) {
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
        median = Self.median(values)
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

    /// The middle value(s) by radix selection on the bits of the values: two
    /// passes over the data per rank, whatever the distribution (a quickselect
    /// inside the median's 8-bit bin degrades when most pixels share that bin,
    /// as a frame's background does).
    static func median(_ values: [Float]) -> Double {
        let n = values.count
        let lowerRank = (n - 1) / 2, upperRank = n / 2
        let upper = select(values, rank: upperRank)
        guard lowerRank != upperRank else { return Double(upper) }
        // The value just below rank upperRank: the upper value itself when it
        // also holds rank lowerRank, else the largest value ordered below it
        // (one pass, in the keys' order, where select takes three).
        let upperKey = RadixSort.key(upper)
        var countBelow = 0, largestBelow: UInt32 = 0
        values.withUnsafeBufferPointer { values in
            for value in values {
                let key = RadixSort.key(value)
                if key < upperKey {
                    countBelow &+= 1
                    largestBelow = Swift.max(largestBelow, key)
                }
            }
        }
        let lower = countBelow <= lowerRank ? upper : RadixSort.value(ofKey: largestBelow)
        return (Double(lower) + Double(upper)) / 2
    }

    /// The value of the given rank (0-based, ascending): the bits of its key
    /// digit by digit (11, 11, 10 bits, most significant first), each from a
    /// counting pass over the values that share the digits found so far. Small
    /// count arrays (2,048 bins) cost less than clearing 65,536 bins per call.
    static func select(_ values: [Float], rank: Int) -> Float {
        var prefix: UInt32 = 0, below = 0
        var counts = [Int](repeating: 0, count: 1 << 11)
        for (shift, bits) in [(UInt32(21), UInt32(11)), (10, 11), (0, 10)] {
            for i in counts.indices { counts[i] = 0 }
            let digitMask: UInt32 = (1 << bits) - 1
            let known = shift + bits
            values.withUnsafeBufferPointer { values in
                counts.withUnsafeMutableBufferPointer { counts in
                    if known == 32 {
                        for value in values { counts[Int(RadixSort.key(value) >> shift)] += 1 }
                    } else {
                        let high = prefix >> known
                        for value in values {
                            let key = RadixSort.key(value)
                            if key >> known == high { counts[Int((key >> shift) & digitMask)] += 1 }
                        }
                    }
                }
            }
            var digit = 0
            while below + counts[digit] <= rank {
                below += counts[digit]
                digit += 1
            }
            prefix |= UInt32(digit) << shift
        }
        return RadixSort.value(ofKey: prefix)
    }
}
