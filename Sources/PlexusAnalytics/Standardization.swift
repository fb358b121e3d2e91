extension Analytics {
    /// Centring and scaling of features by the training data, as scikit-learn's
    /// `StandardScaler`: z = (x − mean) / scale, with the population standard
    /// deviation (divisor n) as scale, and scale 1 for a feature that is
    /// constant up to rounding (scikit-learn's `_is_constant_feature` bound:
    /// variance ≤ n·ε·variance + (n·mean·ε)²).
    struct Standardization: Sendable, Equatable {
        let means: [Double]
        let scales: [Double]

        /// The means and scales of the columns of `rows` (at least one row, all
        /// of length `featureCount`).
        init(rows: [[Double]], featureCount: Int) {
            let n = Double(rows.count)
            var means = [Double](repeating: 0, count: featureCount)
            var scales = [Double](repeating: 1, count: featureCount)
            for j in 0..<featureCount {
                let mean = rows.reduce(0) { $0 + $1[j] } / n
                let variance = rows.reduce(0) { $0 + ($1[j] - mean) * ($1[j] - mean) } / n
                let eps = Double.ulpOfOne
                let bound = n * eps * variance + (n * mean * eps) * (n * mean * eps)
                means[j] = mean
                scales[j] = variance <= bound ? 1 : variance.squareRoot()
            }
            self.means = means
            self.scales = scales
        }

        func apply(_ x: [Double]) -> [Double] {
            var z = x
            for j in z.indices { z[j] = (x[j] - means[j]) / scales[j] }
            return z
        }
    }
}
