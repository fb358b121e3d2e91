import Foundation
@testable import PlexusMixture

/// scikit-learn's GaussianMixture (`covariance_type='full'`, `n_init=1`) written
/// out literally on an unweighted point cloud, as the published method ran it:
/// each pixel (row, col) repeated as many times as its integer intensity.
///
/// Line for line after `sklearn/mixture/_base.py` (`fit_predict`, `_e_step`,
/// `_estimate_log_prob_resp`) and `_gaussian_mixture.py`
/// (`_estimate_gaussian_parameters`, `_estimate_gaussian_covariances_full`,
/// `_compute_precision_cholesky`, `_compute_log_det_cholesky`,
/// `_estimate_log_gaussian_prob`, `_m_step`), with plain Foundation `exp`/`log`
/// and no weights, tiles or culling: an independent check of WeightedEM.
struct ReferenceGaussianMixture {
    typealias Matrix = [[Double]]

    var tol = 1e-3
    var regCovar = 1e-6
    var maxIter = 100

    var weights: [Double]
    var means: Matrix // K × 2
    var covariances: [Matrix] // K × 2 × 2
    var precisionsCholesky: [Matrix]
    var lowerBound = -Double.infinity
    var nIter = 0
    var converged = false
    /// Lower bound and parameters after every iteration of the last `fit`.
    var history: [(lowerBound: Double, weights: [Double], means: Matrix, covariances: [Matrix])] = []
    private var fitted = false

    init(_ model: MixtureModel) {
        weights = model.components.map(\.weight)
        means = model.components.map { [$0.meanRow, $0.meanCol] }
        covariances = model.components.map { [[$0.covRR, $0.covRC], [$0.covRC, $0.covCC]] }
        precisionsCholesky = try! covariances.map(Self.precisionCholesky)
    }

    var model: MixtureModel {
        MixtureModel(components: weights.indices.map { k in
            GaussianComponent(weight: weights[k], meanRow: means[k][0], meanCol: means[k][1],
                              covRR: covariances[k][0][0], covRC: covariances[k][0][1],
                              covCC: covariances[k][1][1])
        })
    }

    struct NotPositiveDefinite: Error {}

    /// `_compute_precision_cholesky`: cov_chol = cholesky(cov, lower=True);
    /// precisions_chol = solve_triangular(cov_chol, I, lower=True).T
    static func precisionCholesky(_ covariance: Matrix) throws -> Matrix {
        guard covariance[0][0] > 0 else { throw NotPositiveDefinite() }
        let l00 = covariance[0][0].squareRoot()
        let l10 = covariance[1][0] / l00
        let schur = covariance[1][1] - l10 * l10
        guard schur > 0 else { throw NotPositiveDefinite() }
        let l11 = schur.squareRoot()
        // Forward substitution, one column of the identity at a time.
        let x00 = 1 / l00
        let x10 = (0 - l10 * x00) / l11
        let x11 = 1 / l11
        // inverse = [[x00, 0], [x10, x11]]; transposed:
        return [[x00, x10], [0, x11]]
    }

    /// `_estimate_log_gaussian_prob` + `_estimate_log_weights`, shape N × K.
    func estimateWeightedLogProb(_ X: Matrix) -> Matrix {
        let nFeatures = 2.0
        let logDet = precisionsCholesky.map { log($0[0][0]) + log($0[1][1]) }
        return X.map { x in
            weights.indices.map { k in
                let p = precisionsCholesky[k], mu = means[k]
                // y = X @ prec_chol - mu @ prec_chol
                let y0 = (x[0] * p[0][0] + x[1] * p[1][0]) - (mu[0] * p[0][0] + mu[1] * p[1][0])
                let y1 = (x[0] * p[0][1] + x[1] * p[1][1]) - (mu[0] * p[0][1] + mu[1] * p[1][1])
                let logProb = y0 * y0 + y1 * y1
                return -0.5 * (nFeatures * log(2 * Double.pi) + logProb) + logDet[k] + log(weights[k])
            }
        }
    }

    /// `_e_step`: mean of log_prob_norm, and log_resp.
    func eStep(_ X: Matrix) -> (Double, Matrix) {
        let weighted = estimateWeightedLogProb(X)
        var logProbNorm: [Double] = []
        var logResp: Matrix = []
        for row in weighted {
            let amax = row.max()!
            let norm = log(row.reduce(0) { $0 + exp($1 - amax) }) + amax
            logProbNorm.append(norm)
            logResp.append(row.map { $0 - norm })
        }
        return (logProbNorm.reduce(0, +) / Double(X.count), logResp)
    }

    /// `_m_step` via `_estimate_gaussian_parameters` (full covariances).
    mutating func mStep(_ X: Matrix, _ logResp: Matrix) throws {
        let K = weights.count
        let resp = logResp.map { $0.map { exp($0) } }
        var nk = [Double](repeating: 0, count: K)
        for row in resp { for k in 0..<K { nk[k] += row[k] } }
        nk = nk.map { $0 + 10 * Double.ulpOfOne }
        var newMeans = Matrix(repeating: [0, 0], count: K)
        for (n, x) in X.enumerated() {
            for k in 0..<K {
                newMeans[k][0] += resp[n][k] * x[0]
                newMeans[k][1] += resp[n][k] * x[1]
            }
        }
        for k in 0..<K { newMeans[k] = [newMeans[k][0] / nk[k], newMeans[k][1] / nk[k]] }
        var newCovariances: [Matrix] = []
        for k in 0..<K {
            var c = Matrix(repeating: [0, 0], count: 2)
            for (n, x) in X.enumerated() {
                let d0 = x[0] - newMeans[k][0], d1 = x[1] - newMeans[k][1]
                c[0][0] += resp[n][k] * d0 * d0
                c[0][1] += resp[n][k] * d0 * d1
                c[1][1] += resp[n][k] * d1 * d1
            }
            c[1][0] = c[0][1]
            c = c.map { $0.map { $0 / nk[k] } }
            c[0][0] += regCovar
            c[1][1] += regCovar
            newCovariances.append(c)
        }
        let total = nk.reduce(0, +)
        weights = nk.map { $0 / total }
        means = newMeans
        covariances = newCovariances
        precisionsCholesky = try covariances.map(Self.precisionCholesky)
    }

    /// `fit` with `warm_start=True`: the first call starts from the given
    /// parameters with lower bound −∞, later calls continue from the current
    /// parameters and from the previous `lower_bound_`.
    mutating func fit(_ X: Matrix) throws {
        var lowerBound = fitted ? self.lowerBound : -Double.infinity
        history = []
        converged = false
        var n = 0
        for iteration in 1...maxIter {
            n = iteration
            let previous = lowerBound
            let (logProbNorm, logResp) = eStep(X)
            try mStep(X, logResp)
            lowerBound = logProbNorm
            history.append((lowerBound, weights, means, covariances))
            if abs(lowerBound - previous) < tol {
                converged = true
                break
            }
        }
        nIter = n
        self.lowerBound = lowerBound
        fitted = true
    }

    /// The published point cloud: (row, col) repeated `intensity` times.
    static func repeatedPixels(_ intensities: [Int], width: Int) -> Matrix {
        var X: Matrix = []
        for (i, value) in intensities.enumerated() where value > 0 {
            for _ in 0..<value { X.append([Double(i / width), Double(i % width)]) }
        }
        return X
    }
}
