import CPlexusKernels
import Foundation

/// A component ready for the E-step: mean, the upper-triangular Cholesky factor
/// U of its precision (P = U·Uᵀ, as scikit-learn's `precisions_cholesky_`), and
/// log(weight) + log det U − log 2π.
struct ComponentState {
    let meanRow: Double, meanCol: Double
    let u00: Double, u01: Double, u11: Double
    let logNorm: Double
    // Precision entries, for the culling bounds.
    let pRR: Double, pRC: Double, pCC: Double

    init(_ component: GaussianComponent, flags: inout ComponentFlags) throws {
        guard component.meanRow.isFinite, component.meanCol.isFinite, component.covRR.isFinite,
              component.covRC.isFinite, component.covCC.isFinite, component.weight.isFinite else {
            throw EMError("a component has a non-finite mean or covariance")
        }
        var covRR = component.covRR, covCC = component.covCC
        let covRC = component.covRC
        // Cholesky of the covariance, L = [[l00, 0], [l10, l11]].
        var l00 = 0.0, l10 = 0.0, l11 = 0.0
        var extra = 0.0
        while true {
            if covRR > 0 {
                l00 = covRR.squareRoot()
                l10 = covRC / l00
                let schur = covCC - l10 * l10
                if schur > 0 {
                    l11 = schur.squareRoot()
                    break
                }
            }
            // Not positive definite: the component sits on a line of pixels or
            // on a single one. Add regularisation until it is, and say so.
            flags.insert(.regularized)
            extra = extra == 0 ? 1e-6 * max(1, abs(component.covRR), abs(component.covCC)) : extra * 10
            covRR = component.covRR + extra
            covCC = component.covCC + extra
        }
        meanRow = component.meanRow
        meanCol = component.meanCol
        u00 = 1 / l00
        u01 = -l10 / (l00 * l11)
        u11 = 1 / l11
        logNorm = Foundation.log(component.weight) + Foundation.log(u00) + Foundation.log(u11)
            - Foundation.log(2 * Double.pi)
        pRR = u00 * u00 + u01 * u01
        pRC = u01 * u11
        pCC = u11 * u11
    }

    var kernelComponent: plexus_component {
        plexus_component(mean_row: meanRow, mean_col: meanCol, u00: u00, u01: u01, u11: u11, log_norm: logNorm)
    }

    @inline(__always)
    func mahalanobis(_ dr: Double, _ dc: Double) -> Double {
        pRR * dr * dr + 2 * pRC * dr * dc + pCC * dc * dc
    }

    /// Largest squared Mahalanobis distance over a box: at a corner (convexity).
    func maximumMahalanobis(in box: (Double, Double, Double, Double)) -> Double {
        let r0 = box.0 - meanRow, r1 = box.1 - meanRow
        let c0 = box.2 - meanCol, c1 = box.3 - meanCol
        return max(max(mahalanobis(r0, c0), mahalanobis(r0, c1)),
                   max(mahalanobis(r1, c0), mahalanobis(r1, c1)))
    }

    /// Smallest squared Mahalanobis distance over a box: zero when the mean is
    /// inside, otherwise on an edge, where it is a 1-D quadratic.
    func minimumMahalanobis(in box: (Double, Double, Double, Double)) -> Double {
        let r0 = box.0 - meanRow, r1 = box.1 - meanRow
        let c0 = box.2 - meanCol, c1 = box.3 - meanCol
        if r0 <= 0 && r1 >= 0 && c0 <= 0 && c1 >= 0 { return 0 }
        // On a horizontal edge (row offset fixed) the best column offset is
        // −pRC·dr/pCC, clamped to the edge; likewise for vertical edges.
        @inline(__always) func clamp(_ x: Double, _ lo: Double, _ hi: Double) -> Double { min(max(x, lo), hi) }
        let top = mahalanobis(r0, clamp(-pRC * r0 / pCC, c0, c1))
        let bottom = mahalanobis(r1, clamp(-pRC * r1 / pCC, c0, c1))
        let left = mahalanobis(clamp(-pRC * c0 / pRR, r0, r1), c0)
        let right = mahalanobis(clamp(-pRC * c1 / pRR, r0, r1), c1)
        return max(min(min(top, bottom), min(left, right)), 0)
    }
}
