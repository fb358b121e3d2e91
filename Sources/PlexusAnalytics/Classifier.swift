extension Analytics {
    /// The classifiers cross-validation can compare side by side, each on
    /// standardized features (scaled by its training data).
    package enum Classifier: String, CaseIterable, Codable, Sendable {
        /// `LogisticRegression` (L2, C): class probabilities.
        case logisticRegression = "logistic_regression"
        /// `NearestNeighbours` (k = 5): the neighbours' class shares.
        case nearestNeighbours = "k_nearest_neighbours"
        /// `LinearSVM` (squared hinge, C): decision values, no probabilities.
        case linearSVM = "linear_svm"

        /// How a report names it.
        package var title: String {
            switch self {
            case .logisticRegression: return "logistic regression"
            case .nearestNeighbours: return "\(NearestNeighbours.defaultNeighbours)-nearest neighbours"
            case .linearSVM: return "linear SVM"
            }
        }

        /// Fits the classifier and returns, for each of `tests`, its class
        /// scores (probabilities, or the SVM's decision values) and its
        /// predicted class (the highest score, the lowest label on a tie).
        func fitAndPredict(features: [[Double]], labels: [Int], classCount: Int, c: Double,
                           tests: [[Double]]) throws -> [(scores: [Double], prediction: Int)] {
            switch self {
            case .logisticRegression:
                let model = try LogisticRegression(features: features, labels: labels, classCount: classCount, c: c)
                return tests.map { x in
                    let p = model.probabilities(x)
                    return (p, LogisticRegression.mostProbable(p))
                }
            case .nearestNeighbours:
                let model = try NearestNeighbours(features: features, labels: labels, classCount: classCount)
                return tests.map { x in
                    let p = model.probabilities(x)
                    return (p, LogisticRegression.mostProbable(p))
                }
            case .linearSVM:
                let model = try LinearSVM(features: features, labels: labels, classCount: classCount, c: c)
                return tests.map { x in
                    let s = model.scores(x)
                    return (s, LogisticRegression.mostProbable(s))
                }
            }
        }
    }
}
