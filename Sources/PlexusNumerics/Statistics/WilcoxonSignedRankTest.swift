extension Statistics {
    /// The Wilcoxon signed-rank test of paired differences against a median of
    /// 0, two-sided, as `scipy.stats.wilcoxon(d)` with its defaults
    /// (zero_method='wilcox', correction=False, method='auto').
    package struct WilcoxonResult: Equatable, Sendable {
        /// W⁺: the sum of the ranks of |d| over the positive differences.
        package let rankSumPositive: Double
        /// W⁻: the same over the negative differences.
        package let rankSumNegative: Double
        /// The differences left once zeros are dropped (W⁺ + W⁻ = n(n + 1)/2).
        package let nonZero: Int
        package let pValue: Double
        /// Whether the p-value is exact (all 2ⁿ sign assignments counted) or the
        /// normal approximation.
        package let exact: Bool

        /// scipy's two-sided statistic, min(W⁺, W⁻).
        package var statistic: Double { min(rankSumPositive, rankSumNegative) }

        /// The matched-pairs rank-biserial correlation (W⁺ − W⁻) / (W⁺ + W⁻),
        /// in [−1, 1]: +1 when every nonzero difference is positive. Zeros are
        /// left out, as they are from W⁺ and W⁻; nil when every difference is 0.
        package var rankBiserial: Double? {
            let total = rankSumPositive + rankSumNegative
            return total > 0 ? (rankSumPositive - rankSumNegative) / total : nil
        }
    }

    /// Differences of more than this many pairs (zeros included) get the
    /// normal approximation, as scipy's 'auto'.
    static let wilcoxonExactLimit = 50
    /// With ties or zeros, up to this many pairs scipy counts every sign
    /// assignment (a permutation test that is exact because 2¹³ < its 9999
    /// resamples); beyond, it uses the normal approximation.
    static let wilcoxonTiedExactLimit = 13

    /// nil when `differences` is empty.
    ///
    /// Zeros are dropped before ranking (Wilcoxon's method); |d| of the rest
    /// are ranked, ties sharing their average rank. With N pairs in all:
    /// - N ≤ 50, no ties and no zeros: exact. Under the null hypothesis each
    ///   difference is + or − with probability ½ independently, so W⁺ is a sum
    ///   of ranks each present with probability ½;
    /// - ties or zeros and N ≤ 13: the same count over the 2ⁿ sign assignments
    ///   of the tied (average) ranks, which is scipy's permutation test there;
    /// - otherwise the normal approximation: z = (W⁺ − n(n + 1)/4) / σ with
    ///     σ² = (n(n + 1)(2n + 1) − Σ(t³ − t)/2) / 24,
    ///   t the sizes of the groups of tied |d|, no continuity correction.
    /// Exact p-values are 2 min(P(W⁺ ≤ w), P(W⁺ ≥ w)), capped at 1; the
    /// approximate ones 2 P(Z > |z|). All differences 0: p = 1 (no evidence
    /// either way; scipy gives NaN there).
    package static func wilcoxonSignedRank(_ differences: [Double]) -> WilcoxonResult? {
        guard !differences.isEmpty else { return nil }
        let nonZero = differences.filter { $0 != 0 }
        let n = nonZero.count
        let (ranks, tieSizes) = averageRanks(nonZero.map(abs))
        var positive = 0.0, negative = 0.0
        for (rank, difference) in zip(ranks, nonZero) {
            if difference > 0 { positive += rank } else { negative += rank }
        }
        guard n > 0 else {
            return WilcoxonResult(rankSumPositive: 0, rankSumNegative: 0, nonZero: 0, pValue: 1, exact: true)
        }
        let tied = tieSizes.contains { $0 > 1 } || n < differences.count
        let total = differences.count
        if total <= wilcoxonExactLimit && (!tied || total <= wilcoxonTiedExactLimit) {
            let p = signedRankTails(ranks: ranks, observed: positive)
            return WilcoxonResult(rankSumPositive: positive, rankSumNegative: negative, nonZero: n,
                                  pValue: min(1, 2 * min(p.atMost, p.atLeast)), exact: true)
        }
        let count = Double(n)
        let tieTerm = tieSizes.reduce(0.0) { sum, t in
            let size = Double(t)
            return sum + (size * size * size - size)
        }
        let sigma = ((count * (count + 1) * (2 * count + 1) - tieTerm / 2) / 24).squareRoot()
        let z = (positive - count * (count + 1) / 4) / sigma
        return WilcoxonResult(rankSumPositive: positive, rankSumNegative: negative, nonZero: n,
                              pValue: min(1, 2 * normalUpperTail(abs(z))), exact: false)
    }

    /// P(W⁺ ≤ w) and P(W⁺ ≥ w) when each rank counts with probability ½.
    /// Average ranks are multiples of ½, so the sums are counted in halves:
    /// `ways[s]` is the number of sign assignments with 2W⁺ = s, built one
    /// rank at a time (a subset-sum count), O(n · n(n + 1)) for n ranks.
    static func signedRankTails(ranks: [Double], observed: Double) -> (atMost: Double, atLeast: Double) {
        let doubled = ranks.map { Int(($0 * 2).rounded()) }
        let largest = doubled.reduce(0, +)
        var ways = [Double](repeating: 0, count: largest + 1)
        ways[0] = 1
        var reached = 0
        for step in doubled {
            // Falling s: ways[s − step] still counts the assignments without this rank.
            for s in stride(from: reached + step, through: step, by: -1) { ways[s] += ways[s - step] }
            reached += step
        }
        let assignments = ways.reduce(0, +)
        let w = Int((observed * 2).rounded())
        let atMost = ways[...w].reduce(0, +), atLeast = ways[w...].reduce(0, +)
        return (atMost / assignments, atLeast / assignments)
    }
}
