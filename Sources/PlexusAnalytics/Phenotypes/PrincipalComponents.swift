import PlexusGraph

extension Analytics {
    /// Principal component analysis of a data matrix, the decomposition of
    /// scikit-learn's `PCA()` (all components, no whitening), computed as the
    /// eigen-decomposition of the sample covariance matrix (LAPACK `dsyevd`
    /// through `SymmetricEigen`) rather than an SVD of the centred data: the
    /// two give the same components and variances (to rounding) and the
    /// covariance is only features × features.
    ///
    /// Sign convention: each component is flipped so that its loading of
    /// largest magnitude is positive (the first such on a tie), which is what
    /// scikit-learn's `svd_flip(u_based_decision=False)` does for `PCA` since
    /// version 1.5. A score's sign therefore follows the component's.
    package struct PrincipalComponents: Codable, Sendable, Equatable {
        /// The mean of each feature over the fitted rows, subtracted before projecting.
        package let means: [Double]
        /// `components[k][j]`: the loading of feature j on component k (unit
        /// length rows), ordered by decreasing explained variance;
        /// min(rows, features) components.
        package let components: [[Double]]
        /// The variance of the scores on each component (divisor n − 1, as scikit-learn's `explained_variance_`).
        package let explainedVariance: [Double]
        /// Each component's share of the total variance (`explained_variance_ratio_`).
        package let explainedVarianceRatio: [Double]

        /// Fits the components to `rows` (at least 2, equally long, finite).
        /// - Throws: `ClassificationError` for fewer than 2 rows or ragged or
        ///   non-finite rows; `EigenError` if LAPACK fails.
        package init(rows: [[Double]]) throws {
            let n = rows.count
            guard n >= 2 else {
                throw ClassificationError.invalidParameter("principal components need at least 2 rows, not \(n)")
            }
            let d = try Analytics.validate(features: rows, labels: [Int](repeating: 0, count: n), classCount: 1)
            guard d >= 1 else { throw ClassificationError.invalidParameter("principal components need at least 1 feature") }
            var means = [Double](repeating: 0, count: d)
            for row in rows { for j in 0..<d { means[j] += row[j] } }
            for j in 0..<d { means[j] /= Double(n) }
            var covariance = [Double](repeating: 0, count: d * d)
            for row in rows {
                for i in 0..<d {
                    let a = row[i] - means[i]
                    for j in i..<d { covariance[i * d + j] += a * (row[j] - means[j]) }
                }
            }
            for i in 0..<d { for j in i..<d { covariance[i * d + j] /= Double(n - 1) } }
            let total = (0..<d).reduce(0) { $0 + covariance[$1 * d + $1] }
            let eigen = try SymmetricEigen.decompose(covariance, size: d, vectors: true)
            let kept = min(n, d)
            var components: [[Double]] = [], variances: [Double] = []
            // dsyevd gives ascending eigenvalues: the largest come last.
            for index in stride(from: d - 1, through: d - kept, by: -1) {
                var vector = eigen.vector(index)
                var largest = 0
                for j in vector.indices where abs(vector[j]) > abs(vector[largest]) { largest = j }
                if vector[largest] < 0 { vector = vector.map { -$0 } }
                components.append(vector)
                // A zero variance comes out of LAPACK as ±rounding.
                variances.append(max(eigen.values[index], 0))
            }
            self.means = means
            self.components = components
            self.explainedVariance = variances
            self.explainedVarianceRatio = variances.map { total > 0 ? $0 / total : 0 }
        }

        /// The scores of a row (as many values as features) on every component.
        package func scores(_ row: [Double]) -> [Double] {
            precondition(row.count == means.count, "expected \(means.count) features, got \(row.count)")
            return components.map { component in
                var sum = 0.0
                for j in row.indices { sum += (row[j] - means[j]) * component[j] }
                return sum
            }
        }

        /// The fewest leading components whose explained variance ratios sum to
        /// at least `share` (all of them if none do; at least 1).
        package func componentsExplaining(_ share: Double) -> Int {
            var sum = 0.0
            for (k, ratio) in explainedVarianceRatio.enumerated() {
                sum += ratio
                if sum >= share - 1e-12 { return k + 1 }
            }
            return max(explainedVarianceRatio.count, 1)
        }
    }
}
