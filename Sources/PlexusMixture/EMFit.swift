/// A fitted mixture and how the EM loop got there.
package struct EMFit: Sendable {
    package var model: MixtureModel
    package var flags: [ComponentFlags]
    package var converged: Bool
    /// The lower bound after each iteration, first to last (never empty).
    package var lowerBoundHistory: [Double]
    /// log p(x) of every sample (in `WeightedSamples` order) under the
    /// starting parameters (the first E-step), when asked for (`keepInitialLogDensity`).
    package var initialLogDensity: [Double]? = nil

    /// Mean intensity-weighted log-likelihood per sample, computed in the last
    /// E-step (scikit-learn's `lower_bound_`): the value the convergence test saw.
    package var lowerBound: Double { lowerBoundHistory.last! }
    /// The number of E/M rounds run.
    package var iterations: Int { lowerBoundHistory.count }
}
