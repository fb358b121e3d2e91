extension Analytics.CrossValidation {
    /// What a cross-validation gives: a result, or why there is none.
    package enum Outcome: Equatable, Sendable {
        /// Every sample was predicted by a model fitted without its fold.
        case computed(Result)
        /// The data cannot be cross-validated (fewer than 2 classes, a class
        /// with fewer than 2 samples, a fold whose training part lacks a
        /// class, no samples); `reason` says which, in a sentence.
        case notComputable(reason: String)

        /// The result, if computed.
        package var result: Result? {
            if case let .computed(result) = self { return result }
            return nil
        }
    }

    /// Out-of-fold predictions and their summary.
    package struct Result: Equatable, Sendable {
        /// The number of folds used.
        package let folds: Int
        /// The test fold of each sample.
        package let foldAssignments: [Int]
        /// The number of samples of each class (label = index).
        package let classCounts: [Int]
        /// The out-of-fold predicted class of each sample.
        package let predictions: [Int]
        /// The out-of-fold class scores of each sample: probabilities (logistic
        /// regression, the neighbours' shares) or decision values (linear SVM).
        package let probabilities: [[Double]]
        /// `confusion[true][predicted]`: the number of samples of class `true`
        /// predicted as `predicted`; rows sum to `classCounts`.
        package let confusion: [[Int]]
        /// The fraction of samples whose out-of-fold prediction is their label.
        package let accuracy: Double
        /// The accuracy of always predicting the largest class: its share of
        /// the samples.
        package let chanceLevel: Double

        /// The mean over classes with samples of the share of each class's
        /// samples predicted as it (scikit-learn's `balanced_accuracy_score`).
        package var balancedAccuracy: Double {
            let recalls = confusion.indices.filter { classCounts[$0] > 0 }
                .map { Double(confusion[$0][$0]) / Double(classCounts[$0]) }
            return recalls.reduce(0, +) / Double(recalls.count)
        }
    }
}
