import Foundation

extension Threshold {
    /// Li's minimum cross entropy (Li and Lee 1993), by the iteration of Li and
    /// Tam (1998), as scikit-image's `threshold_li` computes it on floating-point
    /// images: intensities are shifted so the smallest is 0; starting from their
    /// mean, t ← (μ_b − μ_f) / (ln μ_b − ln μ_f), where μ_f and μ_b are the means
    /// above and at-or-below t, until t moves by at most half the smallest gap
    /// between distinct intensities (or μ_b is 0); the shift is then undone. A
    /// constant input returns its value. Finding the smallest gap needs a sort
    /// (`RadixSort`), so this is the slowest of the methods.
    package static func li(_ values: [Float]) -> Double? {
        guard let first = values.first else { return nil }
        if values.allSatisfy({ $0 == first }) { return Double(first) }
        let sorted = RadixSort.sorted(values)
        let minimum = Double(sorted[0])
        let shifted = sorted.map { Double($0) - minimum }
        var smallestGap = Double.infinity
        for i in 1..<shifted.count where shifted[i] != shifted[i - 1] {
            smallestGap = min(smallestGap, shifted[i] - shifted[i - 1])
        }
        let tolerance = smallestGap / 2
        // With the values sorted, the class sums come from prefix sums and one
        // binary search per iteration.
        var prefix = [Double](repeating: 0, count: shifted.count + 1)
        for i in 0..<shifted.count { prefix[i + 1] = prefix[i] + shifted[i] }
        let total = prefix[shifted.count]
        var next = total / Double(shifted.count)
        var current = -2 * tolerance
        while abs(next - current) > tolerance {
            current = next
            // Number of values ≤ current: the background.
            var lowIndex = 0, highIndex = shifted.count
            while lowIndex < highIndex {
                let middle = (lowIndex + highIndex) / 2
                if shifted[middle] <= current { lowIndex = middle + 1 } else { highIndex = middle }
            }
            let backgroundCount = lowIndex
            guard backgroundCount > 0, backgroundCount < shifted.count else { break }
            let meanBackground = prefix[backgroundCount] / Double(backgroundCount)
            let meanForeground = (total - prefix[backgroundCount]) / Double(shifted.count - backgroundCount)
            if meanBackground == 0 { break }
            next = (meanBackground - meanForeground) / (log(meanBackground) - log(meanForeground))
        }
        return next + minimum
    }
}
