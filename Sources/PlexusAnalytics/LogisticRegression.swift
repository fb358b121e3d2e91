import Foundation

extension Analytics {
    /// L2-penalised logistic regression on standardized features: the model of
    /// scikit-learn's
    ///
    ///     make_pipeline(StandardScaler(), LogisticRegression(C=c))   # lbfgs, l2
    ///
    /// (scikit-learn ≥ 1.5), fitted to convergence. Features are centred and
    /// scaled by the training data (population SD; scale 1 for a constant
    /// feature). It minimises C · Σ log loss + ½‖W‖², intercepts unpenalised:
    ///
    /// - 2 classes: a binomial model, P(y = 1) = σ(w·z + b), penalty ½‖w‖²;
    /// - 3 or more: a multinomial (softmax) model, one weight vector per class,
    ///   penalty ½ Σₖ ‖wₖ‖².
    ///
    /// The fit is Newton's method with a backtracking line search, to a
    /// largest gradient component of 1e-10 · max(1, C·n); the probabilities
    /// agree with scikit-learn's (fitted with tol = 1e-12) to about 1e-7
    /// (`Benchmarks/logistic_fixtures.py`).
    package struct LogisticRegression: Sendable {
        /// The number of classes; labels are `0 ..< classCount`.
        package let classCount: Int
        /// The number of features of a sample.
        package let featureCount: Int
        /// The inverse penalty strength C.
        package let c: Double
        /// The training mean of each feature, subtracted before scaling.
        package let means: [Double]
        /// The training population SD of each feature (1 if it is constant).
        package let scales: [Double]
        /// `weights[k][j]`: class k's weight for standardized feature j. For 2
        /// classes, class 0's row is zero and class 1's is scikit-learn's `coef_`.
        package let weights: [[Double]]
        /// Class k's intercept: for 2 classes [0, b]; above, centred to sum 0
        /// (the probabilities do not depend on a common shift).
        package let intercepts: [Double]
        /// Newton iterations used.
        package let iterations: Int
        /// The largest absolute gradient component of the objective at the fit.
        package let gradient: Double

        /// Fits the model to `features` (one row per sample, all rows of equal
        /// length, finite) with `labels` in `0 ..< classCount`, each class
        /// present at least once; `c` > 0.
        /// - Throws: `ClassificationError` for invalid input (naming the sample
        ///   and feature of a non-finite value), an absent class, or a fit that
        ///   did not converge.
        package init(features: [[Double]], labels: [Int], classCount: Int, c: Double = 1) throws {
            guard classCount >= 2 else {
                throw ClassificationError.invalidParameter("logistic regression needs at least 2 classes, not \(classCount)")
            }
            guard c > 0, c.isFinite else {
                throw ClassificationError.invalidParameter("C must be positive and finite, not \(c)")
            }
            let d = try Analytics.validate(features: features, labels: labels, classCount: classCount)
            let counts = CrossValidation.classCounts(labels, classCount: classCount)
            if let empty = counts.firstIndex(of: 0) { throw ClassificationError.emptyClass(empty) }

            let scaling = Standardization(rows: features, featureCount: d)
            let objective = LogisticObjective(rows: features.map(scaling.apply), labels: labels,
                                              classCount: classCount, c: c)
            let tolerance = 1e-10 * max(1, c * Double(features.count))
            let fit = try objective.minimise(tolerance: tolerance)

            var weights = [[Double]](repeating: [Double](repeating: 0, count: d), count: classCount)
            var intercepts = [Double](repeating: 0, count: classCount)
            for k in 0..<classCount {
                for j in 0..<objective.width[k] {
                    let value = fit.theta[objective.start[k] + j]
                    if j == d { intercepts[k] = value } else { weights[k][j] = value }
                }
            }
            if classCount > 2 {
                let mean = intercepts.reduce(0, +) / Double(classCount)
                intercepts = intercepts.map { $0 - mean }
            }
            self.classCount = classCount
            self.featureCount = d
            self.c = c
            self.means = scaling.means
            self.scales = scaling.scales
            self.weights = weights
            self.intercepts = intercepts
            self.iterations = fit.iterations
            self.gradient = fit.gradient
        }

        /// The class probabilities of a sample (`featureCount` raw, unscaled
        /// values), summing to 1. A non-finite value gives NaN probabilities.
        package func probabilities(_ x: [Double]) -> [Double] {
            precondition(x.count == featureCount, "expected \(featureCount) features, got \(x.count)")
            var eta = intercepts
            for j in 0..<featureCount {
                let z = (x[j] - means[j]) / scales[j]
                for k in 0..<classCount { eta[k] += weights[k][j] * z }
            }
            let lse = Analytics.logSumExp(eta)
            return eta.map { exp($0 - lse) }
        }

        /// The most probable class of a sample (the lowest label on a tie).
        package func predict(_ x: [Double]) -> Int {
            Self.mostProbable(probabilities(x))
        }

        /// The index of the largest probability (the lowest on a tie).
        static func mostProbable(_ p: [Double]) -> Int {
            var best = 0
            for k in p.indices.dropFirst() where p[k] > p[best] { best = k }
            return best
        }
    }
}
