extension PhenotypeSpace {
    /// One classifier cross-validated on the cells of the known conditions,
    /// and where it puts the cells of the unknown ones.
    package struct Classification: Codable, Sendable {
        package let classifier: Analytics.Classifier
        /// The known conditions, label = index.
        package let classes: [String]
        package let folds: Int?
        package let accuracy: Double?
        package let balancedAccuracy: Double?
        /// `confusion[true][predicted]`, in the order of `classes`.
        package let confusion: [[Int]]?
        /// Label-permutation p of the accuracy.
        package let permutationP: Double?
        package let permutations: Int
        /// For each unknown condition, the share of its cells predicted as each
        /// known condition by the classifier fitted to every known cell.
        package let unknownShares: [String: [Double]]
        package let notComputable: String?
    }

    /// Folds of the cross-validation (fewer when a condition has fewer cells).
    package static let folds = 5
    /// Label permutations of each classifier's test.
    package static let classifierPermutations = 199

    static func classify(cells: [Cell], known: [String], unknown: [String], seed: UInt64) -> [Classification] {
        let training = cells.filter { !$0.unknown }
        let rows = training.map(\.standardized), labels = training.map { known.firstIndex(of: $0.condition)! }
        return Analytics.Classifier.allCases.map { classifier in
            func notComputable(_ reason: String) -> Classification {
                Classification(classifier: classifier, classes: known, folds: nil, accuracy: nil, balancedAccuracy: nil,
                               confusion: nil, permutationP: nil, permutations: classifierPermutations,
                               unknownShares: [:], notComputable: reason)
            }
            guard known.count >= 2 else { return notComputable("there is one known condition: nothing to tell apart") }
            do {
                let outcome = try Analytics.CrossValidation.run(
                    features: rows, labels: labels, classCount: known.count, folds: folds, seed: seed,
                    classifier: classifier, wording: .init(classNames: known, sample: "cell"))
                guard let result = outcome.result else {
                    if case let .notComputable(reason) = outcome { return notComputable(reason) }
                    return notComputable("not computable")
                }
                let p = try Analytics.CrossValidation.permutationPValue(
                    features: rows, labels: labels, classCount: known.count, accuracy: result.accuracy, folds: folds,
                    seed: seed, classifier: classifier, permutations: classifierPermutations)
                var shares: [String: [Double]] = [:]
                for name in unknown {
                    let tests = cells.filter { $0.condition == name }.map(\.standardized)
                    guard !tests.isEmpty else { continue }
                    let predicted = try classifier.fitAndPredict(features: rows, labels: labels, classCount: known.count,
                                                                 c: 1, tests: tests)
                    shares[name] = known.indices.map { k in
                        Double(predicted.filter { $0.prediction == k }.count) / Double(tests.count)
                    }
                }
                return Classification(classifier: classifier, classes: known, folds: result.folds, accuracy: result.accuracy,
                                      balancedAccuracy: result.balancedAccuracy, confusion: result.confusion,
                                      permutationP: p, permutations: classifierPermutations, unknownShares: shares,
                                      notComputable: nil)
            } catch {
                return notComputable("\(error)")
            }
        }
    }
}
