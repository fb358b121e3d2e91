extension Statistics {
    /// The Mann–Whitney U test of `x` against `y`, two-sided, as
    /// `scipy.stats.mannwhitneyu(x, y, alternative='two-sided', method='auto')`.
    package struct MannWhitneyResult: Equatable, Sendable {
        /// U of `x`: the pairs with x > y, plus half the pairs with x = y.
        package let u: Double
        package let pValue: Double
        /// Whether the p-value is exact (else the normal approximation).
        package let exact: Bool
    }

    /// nil when either sample is empty. Small samples give a true but weak test:
    /// the smallest two-sided p possible is 2/C(m + n, m), which is 1 with one
    /// value a side and 0.1 with three.
    ///
    /// Method, as scipy's 'auto': exact when a sample has at most 8 values and
    /// no two pooled values are equal, since the exact law assumes no ties;
    /// otherwise U against N(mn/2, σ²) with the tie-corrected
    ///   σ² = mn/12 · ((N + 1) − Σ(t³ − t) / (N(N − 1))),  N = m + n,
    /// t the sizes of the groups of equal values, and the continuity correction
    /// ½ taken towards the mean. Both p-values are 2 P(U ≥ max(U, mn − U)),
    /// capped at 1. All values equal: σ = 0, and p = 1 (every ordering gives the
    /// same U, so the data are as likely as any).
    package static func mannWhitney(_ x: [Double], _ y: [Double]) -> MannWhitneyResult? {
        guard !x.isEmpty, !y.isEmpty else { return nil }
        let m = x.count, n = y.count
        let (ranks, tieSizes) = averageRanks(x + y)
        let rankSum = ranks[..<m].reduce(0, +)
        let u = rankSum - Double(m * (m + 1)) / 2
        let larger = max(u, Double(m * n) - u)
        let tied = tieSizes.contains { $0 > 1 }

        if min(m, n) <= 8 && !tied {
            // No ties: U is an integer, and P(U ≥ larger) = P(U ≤ mn − larger) by symmetry.
            let p = 2 * mannWhitneyCumulative(m * n - Int(larger), m: m, n: n)
            return MannWhitneyResult(u: u, pValue: min(1, p), exact: true)
        }
        let total = Double(m + n)
        let tieTerm = tieSizes.reduce(0.0) { sum, t in
            let size = Double(t)
            return sum + (size * size * size - size)
        }
        let sigma = (Double(m) * Double(n) / 12 * ((total + 1) - tieTerm / (total * (total - 1)))).squareRoot()
        let distance = larger - Double(m) * Double(n) / 2 - 0.5
        guard sigma > 0 else { return MannWhitneyResult(u: u, pValue: 1, exact: false) }
        let p = 2 * normalUpperTail(distance / sigma)
        return MannWhitneyResult(u: u, pValue: min(1, p), exact: false)
    }
}
