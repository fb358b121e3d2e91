extension Statistics {
    /// Cohen's d of `x` against `y`: (x̄ − ȳ) / s, s² the pooled variance
    /// ((m − 1)s²ₓ + (n − 1)s²ᵧ) / (m + n − 2). nil below two values in either
    /// sample or when both are constant (s = 0).
    package static func cohensD(_ x: [Double], _ y: [Double]) -> Double? {
        guard let varianceX = sampleVariance(x), let varianceY = sampleVariance(y),
              let meanX = mean(x), let meanY = mean(y) else { return nil }
        let m = Double(x.count), n = Double(y.count)
        let pooled = ((m - 1) * varianceX + (n - 1) * varianceY) / (m + n - 2)
        guard pooled > 0 else { return nil }
        return (meanX - meanY) / pooled.squareRoot()
    }

    /// Cliff's delta of `x` against `y`: P(X > Y) − P(X < Y) over all m·n pairs,
    /// in [−1, 1]; nil when either sample is empty.
    ///
    /// From ranks rather than pairs, O((m + n) log(m + n)): with ties at half,
    /// U = #(x > y) + ½ #(x = y), so #(x > y) − #(x < y) = 2U − mn, an integer
    /// that the half-integer rank sums give exactly.
    package static func cliffsDelta(_ x: [Double], _ y: [Double]) -> Double? {
        guard !x.isEmpty, !y.isEmpty else { return nil }
        let m = Double(x.count), n = Double(y.count)
        let rankSum = averageRanks(x + y).ranks[..<x.count].reduce(0, +)
        let u = rankSum - m * (m + 1) / 2
        return (2 * u - m * n) / (m * n)
    }
}
