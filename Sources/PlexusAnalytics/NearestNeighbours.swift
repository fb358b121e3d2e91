extension Analytics {
    /// k-nearest-neighbour classification on standardized features: the model
    /// of scikit-learn's
    ///
    ///     make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=k))
    ///
    /// (uniform weights, Euclidean distance). A sample's class probabilities are
    /// the shares of its k nearest training samples in each class; it is
    /// predicted as the most frequent class, the lowest label on a tie (as
    /// scikit-learn's mode). Among training samples at exactly equal distance
    /// the lower index is nearer; scikit-learn leaves that order to its
    /// partition algorithm, so the two agree whenever distances do not tie.
    /// k is min(`neighbours`, training samples).
    package struct NearestNeighbours: Sendable {
        package let classCount: Int
        package let neighbours: Int
        let scaling: Standardization
        let rows: [[Double]]
        let labels: [Int]

        /// The number of neighbours when none is given (scikit-learn's default).
        package static let defaultNeighbours = 5

        /// - Throws: `ClassificationError` for invalid input, fewer than 1
        ///   neighbour, or no training sample.
        package init(features: [[Double]], labels: [Int], classCount: Int, neighbours: Int = defaultNeighbours) throws {
            let d = try Analytics.validate(features: features, labels: labels, classCount: classCount)
            guard neighbours >= 1 else {
                throw ClassificationError.invalidParameter("k-nearest neighbours needs k ≥ 1, not \(neighbours)")
            }
            guard !features.isEmpty else { throw ClassificationError.invalidParameter("k-nearest neighbours needs training samples") }
            scaling = Standardization(rows: features, featureCount: d)
            rows = features.map(scaling.apply)
            self.labels = labels
            self.classCount = classCount
            self.neighbours = min(neighbours, features.count)
        }

        package func probabilities(_ x: [Double]) -> [Double] {
            let z = scaling.apply(x)
            let distances = rows.map { row -> Double in
                var sum = 0.0
                for j in row.indices { sum += (row[j] - z[j]) * (row[j] - z[j]) }
                return sum
            }
            let nearest = distances.indices.sorted { (distances[$0], $0) < (distances[$1], $1) }.prefix(neighbours)
            var votes = [Double](repeating: 0, count: classCount)
            for i in nearest { votes[labels[i]] += 1 }
            return votes.map { $0 / Double(neighbours) }
        }

        package func predict(_ x: [Double]) -> Int { LogisticRegression.mostProbable(probabilities(x)) }
    }
}
