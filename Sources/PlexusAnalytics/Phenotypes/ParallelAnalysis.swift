import PlexusNumerics
import PlexusStore

extension Analytics {
    /// Horn's parallel analysis: how many principal components of a data set
    /// stand above what data without any structure would give.
    ///
    /// `simulations` matrices of the same shape (n rows × d features) are drawn
    /// with independent standard normal entries (`SeededRandom`,
    /// seeded), standardised as the data are (`Standardization`) and
    /// decomposed as they are (`PrincipalComponents`); the threshold of the
    /// k-th component is the `quantile` (by default the 95th percentile, the
    /// linear interpolation of numpy's `percentile`) of the simulated k-th
    /// explained variances. The data keep the leading components whose
    /// explained variance exceeds their threshold, and at least one.
    ///
    /// Unlike a share of the variance (which keeps noise components when many
    /// features are noise) or the Kaiser rule (eigenvalue > 1, which keeps
    /// about half of pure-noise components when rows are few), the threshold
    /// grows with the noise that a finite sample puts into its leading
    /// eigenvalues, so with few cells it keeps only the components the
    /// cells' structure supports (Horn 1965; Zwick and Velicer 1986 found it
    /// the most accurate of the common rules).
    package struct ParallelAnalysis: Codable, Sendable, Equatable {
        /// The noise threshold of each component, in the order of the components.
        package let thresholds: [Double]
        /// The leading components above their thresholds (at least 1).
        package let retained: Int
        package let simulations: Int
        package let quantile: Double

        /// - Parameters:
        ///   - components: the data's components (fitted to `rows` rows).
        ///   - rows: the number of rows they were fitted to (at least 2).
        package init(components: PrincipalComponents, rows: Int, simulations: Int = 200,
                    quantile: Double = 0.95, seed: UInt64) throws {
            let d = components.means.count, n = rows
            precondition(n >= 2 && simulations >= 1 && (0...1).contains(quantile), "ParallelAnalysis: n ≥ 2, simulations ≥ 1, 0 ≤ quantile ≤ 1")
            var random = SeededRandom(seed: seed)
            let kept = components.explainedVariance.count
            var simulated = [[Double]](repeating: [], count: kept)
            for _ in 0..<simulations {
                let data = (0..<n).map { _ in (0..<d).map { _ in random.normal() } }
                let scaling = Standardization(rows: data, featureCount: d)
                let fitted = try PrincipalComponents(rows: data.map(scaling.apply))
                for k in 0..<kept { simulated[k].append(k < fitted.explainedVariance.count ? fitted.explainedVariance[k] : 0) }
            }
            let thresholds = simulated.map { values -> Double in
                let sorted = values.sorted()
                let position = quantile * Double(sorted.count - 1)
                let low = Int(position.rounded(.down)), high = min(low + 1, sorted.count - 1)
                return sorted[low] + (position - Double(low)) * (sorted[high] - sorted[low])
            }
            var retained = 0
            while retained < kept && components.explainedVariance[retained] > thresholds[retained] { retained += 1 }
            self.thresholds = thresholds
            self.retained = max(retained, 1)
            self.simulations = simulations
            self.quantile = quantile
        }
    }
}
