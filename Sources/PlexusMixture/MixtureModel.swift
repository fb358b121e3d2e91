import Foundation

/// One bivariate Gaussian of a mixture, in (row, col) pixel coordinates of the
/// original video: feature 0 is the row, feature 1 the column.
package struct GaussianComponent: Equatable, Sendable {
    package var weight: Double
    package var meanRow: Double
    package var meanCol: Double
    package var covRR: Double
    package var covRC: Double
    package var covCC: Double

    package init(weight: Double, meanRow: Double, meanCol: Double,
                covRR: Double, covRC: Double, covCC: Double) {
        self.weight = weight
        self.meanRow = meanRow
        self.meanCol = meanCol
        self.covRR = covRR
        self.covRC = covRC
        self.covCC = covCC
    }
}

/// What happened to a component in the last fit.
package struct ComponentFlags: OptionSet, Equatable, Sendable {
    package let rawValue: Int
    package init(rawValue: Int) { self.rawValue = rawValue }

    /// The component holds less than one sample of the repeated-pixel data set
    /// (Σ intensity · responsibility < 1): it is kept, so that component k stays
    /// node k for the whole video, but it no longer describes any structure.
    package static let collapsed = ComponentFlags(rawValue: 1)
    /// Its covariance was not positive definite even with `reg_covar`, and more
    /// regularisation was added (scikit-learn would stop with an error here).
    package static let regularized = ComponentFlags(rawValue: 2)
}

package struct MixtureModel: Equatable, Sendable {
    package var components: [GaussianComponent]

    package init(components: [GaussianComponent]) { self.components = components }

    package var count: Int { components.count }

    /// Free parameters of a 2-D full-covariance mixture: means, covariances, weights.
    package var freeParameterCount: Int { count == 0 ? 0 : 6 * count - 1 }
}

extension GaussianComponent {
    /// The Bhattacharyya coefficient ∫ √(p q) of the two normalised Gaussians
    /// (weights ignored): 1 for identical ones, → 0 as they separate.
    /// BC = (det Σp det Σq)^¼ / det(Σ̄)^½ · exp(−⅛ Δμᵀ Σ̄⁻¹ Δμ), Σ̄ = (Σp + Σq)/2.
    package func bhattacharyyaCoefficient(with other: GaussianComponent) -> Double {
        let a = (covRR + other.covRR) / 2, b = (covRC + other.covRC) / 2, d = (covCC + other.covCC) / 2
        let determinant = a * d - b * b
        let dr = meanRow - other.meanRow, dc = meanCol - other.meanCol
        let mahalanobis = (d * dr * dr - 2 * b * dr * dc + a * dc * dc) / determinant
        let ownDeterminant = covRR * covCC - covRC * covRC
        let otherDeterminant = other.covRR * other.covCC - other.covRC * other.covRC
        return pow(ownDeterminant * otherDeterminant, 0.25) / determinant.squareRoot() * exp(-mahalanobis / 8)
    }

    /// The weighted moment match of two components: the one Gaussian with the
    /// pair's mass, mean and covariance (what a merge starts from).
    package static func momentMatched(_ p: GaussianComponent, _ q: GaussianComponent) -> GaussianComponent {
        let weight = p.weight + q.weight
        let a = p.weight / weight, b = q.weight / weight
        let meanRow = a * p.meanRow + b * q.meanRow, meanCol = a * p.meanCol + b * q.meanCol
        func spread(_ c: GaussianComponent, _ share: Double) -> (Double, Double, Double) {
            let dr = c.meanRow - meanRow, dc = c.meanCol - meanCol
            return (share * (c.covRR + dr * dr), share * (c.covRC + dr * dc), share * (c.covCC + dc * dc))
        }
        let (pr, prc, pc) = spread(p, a), (qr, qrc, qc) = spread(q, b)
        return GaussianComponent(weight: weight, meanRow: meanRow, meanCol: meanCol,
                                 covRR: pr + qr, covRC: prc + qrc, covCC: pc + qc)
    }

    /// Squared Mahalanobis distance of (row, col) from the mean.
    package func mahalanobis(row: Double, col: Double) -> Double {
        let determinant = covRR * covCC - covRC * covRC
        let dr = row - meanRow, dc = col - meanCol
        return (covCC * dr * dr - 2 * covRC * dr * dc + covRR * dc * dc) / determinant
    }

    /// log of weight × N(row, col; mean, Σ).
    package func logWeightedDensity(row: Double, col: Double) -> Double {
        let determinant = covRR * covCC - covRC * covRC
        return log(weight) - log(2 * Double.pi) - 0.5 * log(determinant) - 0.5 * mahalanobis(row: row, col: col)
    }
}
