import PlexusNumerics
import PlexusStore

extension Analytics.CrossValidation {
    /// A label-permutation test of a cross-validated accuracy, as
    /// scikit-learn's `permutation_test_score`: the labels are shuffled
    /// `permutations` times (one `SeededRandom(seed: seed + 1)`
    /// through all of them), each shuffle cross-validated exactly as `run`
    /// does (stratified folds of the shuffled labels, seeded by `seed`), and
    /// p = (1 + #{accuracy ≥ `accuracy`}) / (1 + permutations): how often
    /// labels unrelated to the features classify as well.
    ///
    /// nil when the data cannot be cross-validated (`run`'s reasons).
    /// - Throws: what `run` throws.
    package static func permutationPValue(features: [[Double]], labels: [Int], classCount: Int, accuracy: Double,
                                         folds: Int = defaultFolds, seed: UInt64 = 0, c: Double = 1,
                                         classifier: Analytics.Classifier = .logisticRegression,
                                         permutations: Int) throws -> Double? {
        precondition(permutations > 0, "permutationPValue needs at least 1 permutation")
        var random = SeededRandom(seed: seed &+ 1)
        var atLeast = 0
        for _ in 0..<permutations {
            let shuffled = random.shuffled(labels)
            guard let result = try run(features: features, labels: shuffled, classCount: classCount, folds: folds,
                                       seed: seed, c: c, classifier: classifier).result else { return nil }
            if result.accuracy >= accuracy - 1e-12 { atLeast += 1 }
        }
        return Double(1 + atLeast) / Double(1 + permutations)
    }
}
