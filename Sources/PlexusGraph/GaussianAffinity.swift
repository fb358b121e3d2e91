import Foundation
import PlexusMixture

/// How strongly component i is tied to component j: the directed weight W[i][j].
package enum Affinity: String, Codable, CaseIterable, Sendable {
    /// N(μᵢ; μⱼ, Σⱼ): the density of component j at the mean of component i (the
    /// 2018 paper's weight). Asymmetric. The true bivariate normal density; the
    /// paper's printed formula contracts the inverse covariance with swapped
    /// indices, which is only right for diagonal covariances.
    case pdf
    /// 1 − H(i, j), H the Hellinger distance between the two Gaussians. Symmetric.
    case hellinger
    /// exp(−KL(i ‖ j)), the closed-form Gaussian Kullback–Leibler divergence. Asymmetric.
    case kl

    package func weight(from i: GaussianComponent, to j: GaussianComponent) -> Double {
        switch self {
        case .pdf: GaussianMath.density(row: i.meanRow, col: i.meanCol, of: j)
        case .hellinger: 1 - GaussianMath.hellinger(i, j)
        case .kl: exp(-GaussianMath.kullbackLeibler(i, j))
        }
    }
}

/// Closed forms for 2-D Gaussians, on (row, col) means and 2×2 covariances.
package enum GaussianMath {
    struct Matrix2 {
        var a: Double, b: Double, d: Double // [[a, b], [b, d]]
        var determinant: Double { a * d - b * b }
        var inverse: Matrix2 { let det = determinant; return Matrix2(a: d / det, b: -b / det, d: a / det) }
        var trace: Double { a + d }
        static func + (x: Matrix2, y: Matrix2) -> Matrix2 { Matrix2(a: x.a + y.a, b: x.b + y.b, d: x.d + y.d) }
        func quadratic(_ u: Double, _ v: Double) -> Double { a * u * u + 2 * b * u * v + d * v * v }
        /// trace(self · other) for symmetric matrices.
        func traceOfProduct(_ other: Matrix2) -> Double { a * other.a + 2 * b * other.b + d * other.d }
    }

    static func covariance(_ c: GaussianComponent) -> Matrix2 { Matrix2(a: c.covRR, b: c.covRC, d: c.covCC) }

    /// The bivariate normal density of `component` at (row, col).
    package static func density(row: Double, col: Double, of component: GaussianComponent) -> Double {
        let sigma = covariance(component)
        let det = sigma.determinant
        guard det > 0 else { return 0 }
        let m = sigma.inverse.quadratic(row - component.meanRow, col - component.meanCol)
        return exp(-0.5 * m) / (2 * Double.pi * det.squareRoot())
    }

    /// KL(p ‖ q) = ½ [tr(Σq⁻¹Σp) + (μq − μp)ᵀ Σq⁻¹ (μq − μp) − 2 + ln(det Σq / det Σp)].
    package static func kullbackLeibler(_ p: GaussianComponent, _ q: GaussianComponent) -> Double {
        let sp = covariance(p), sq = covariance(q)
        let inverse = sq.inverse
        let m = inverse.quadratic(q.meanRow - p.meanRow, q.meanCol - p.meanCol)
        return 0.5 * (inverse.traceOfProduct(sp) + m - 2 + log(sq.determinant / sp.determinant))
    }

    /// Hellinger distance H = √(1 − BC), BC the Bhattacharyya coefficient
    /// (`GaussianComponent.bhattacharyyaCoefficient`).
    package static func hellinger(_ p: GaussianComponent, _ q: GaussianComponent) -> Double {
        let coefficient = p.bhattacharyyaCoefficient(with: q)
        return max(0, 1 - min(1, coefficient)).squareRoot()
    }
}
