/// Settings of the EM loop, named and defaulted as scikit-learn's GaussianMixture.
package struct EMOptions: Equatable, Sendable {
    /// Stop when the mean log-likelihood changes by less than this (`tol`).
    package var tolerance: Double
    /// Added to covariance diagonals (`reg_covar`).
    package var covarianceRegularization: Double
    /// At most this many E/M rounds (`max_iter`).
    package var maximumIterations: Int

    package init(tolerance: Double = 1e-3, covarianceRegularization: Double = 1e-6,
                maximumIterations: Int = 100) {
        self.tolerance = tolerance
        self.covarianceRegularization = covarianceRegularization
        self.maximumIterations = maximumIterations
    }
}
