import PlexusStore

extension Analytics {
    /// Stratified k-fold cross-validation of a `Classifier` (by default
    /// `LogisticRegression`): how well
    /// per-cell features tell classes (conditions) apart, measured on samples
    /// that the model predicting them was not fitted to.
    package enum CrossValidation {
        /// The number of folds when none is requested.
        package static let defaultFolds = 5

        /// How a not-computable reason names things: "class 2" and "sample" by
        /// default; a report passes its condition names and "cell".
        package struct Wording: Sendable {
            package var classNames: [String]?
            package var sample: String

            package init(classNames: [String]? = nil, sample: String = "sample") {
                self.classNames = classNames
                self.sample = sample
            }

            func name(_ k: Int) -> String {
                classNames.flatMap { k < $0.count ? "condition \($0[k])" : nil } ?? "class \(k)"
            }

            func samples(_ n: Int) -> String { n == 1 ? sample : sample + "s" }
        }

        /// Cross-validates with stratified folds (`stratifiedFolds`, seeded by
        /// `seed`). The folds used are min(`folds`, the smallest class's size).
        ///
        /// Not computable (no error) when there are fewer than 2 classes with
        /// samples or a class has fewer than 2 samples.
        /// - Parameters:
        ///   - features: one row per sample, equally long, finite.
        ///   - labels: the class of each sample, in `0 ..< classCount`.
        ///   - folds: the requested number of folds, at least 2.
        ///   - c: the inverse penalty strength of the model.
        ///   - wording: how a not-computable reason names classes and samples.
        /// - Throws: `ClassificationError` for invalid input (a non-finite
        ///   feature is named by sample and feature index) or parameters.
        package static func run(features: [[Double]], labels: [Int], classCount: Int,
                               folds: Int = defaultFolds, seed: UInt64 = 0, c: Double = 1,
                               classifier: Classifier = .logisticRegression,
                               wording: Wording = Wording()) throws -> Outcome {
            guard folds >= 2 else {
                throw ClassificationError.invalidParameter("cross-validation needs at least 2 folds, not \(folds)")
            }
            _ = try Analytics.validate(features: features, labels: labels, classCount: classCount)
            let counts = classCounts(labels, classCount: classCount)
            if let reason = notComputableReason(counts, wording) { return .notComputable(reason: reason) }
            let used = min(folds, counts.min()!)
            let assignment = stratifiedFolds(labels: labels, folds: used, seed: seed)
            return try run(features: features, labels: labels, classCount: classCount,
                           foldAssignments: assignment, c: c, classifier: classifier, wording: wording)
        }

        /// Cross-validates with given folds: sample i is predicted by a model
        /// fitted to the samples outside fold `foldAssignments[i]`. The folds
        /// are `0 ...` the largest assignment, each holding a sample.
        ///
        /// Not computable (no error) when there are fewer than 2 classes with
        /// samples, a class has fewer than 2 samples, or a fold's training part
        /// lacks a class.
        /// - Throws: `ClassificationError` for invalid input or fold assignments.
        package static func run(features: [[Double]], labels: [Int], classCount: Int,
                               foldAssignments: [Int], c: Double = 1, classifier: Classifier = .logisticRegression,
                               wording: Wording = Wording()) throws -> Outcome {
            _ = try Analytics.validate(features: features, labels: labels, classCount: classCount)
            guard foldAssignments.count == labels.count else {
                throw ClassificationError.invalidParameter(
                    "\(foldAssignments.count) fold assignments for \(labels.count) samples")
            }
            if let i = foldAssignments.firstIndex(where: { $0 < 0 }) {
                throw ClassificationError.invalidParameter("sample \(i) has negative fold \(foldAssignments[i])")
            }
            let counts = classCounts(labels, classCount: classCount)
            if let reason = notComputableReason(counts, wording) { return .notComputable(reason: reason) }
            let folds = foldAssignments.max()! + 1
            var predictions = [Int](repeating: 0, count: labels.count)
            var probabilities = [[Double]](repeating: [], count: labels.count)
            for fold in 0..<folds {
                let test = foldAssignments.indices.filter { foldAssignments[$0] == fold }
                guard !test.isEmpty else {
                    throw ClassificationError.invalidParameter("fold \(fold) of 0..<\(folds) has no sample")
                }
                let train = foldAssignments.indices.filter { foldAssignments[$0] != fold }
                let trainCounts = classCounts(train.map { labels[$0] }, classCount: classCount)
                if let missing = trainCounts.firstIndex(of: 0) {
                    return .notComputable(reason:
                        "fold \(fold) holds every \(wording.sample) of \(wording.name(missing)): no model can be fitted without them")
                }
                let predicted = try classifier.fitAndPredict(features: train.map { features[$0] },
                                                             labels: train.map { labels[$0] }, classCount: classCount,
                                                             c: c, tests: test.map { features[$0] })
                for (i, result) in zip(test, predicted) {
                    probabilities[i] = result.scores
                    predictions[i] = result.prediction
                }
            }
            var confusion = [[Int]](repeating: [Int](repeating: 0, count: classCount), count: classCount)
            for (label, predicted) in zip(labels, predictions) { confusion[label][predicted] += 1 }
            let correct = (0..<classCount).reduce(0) { $0 + confusion[$1][$1] }
            let n = Double(labels.count)
            return .computed(Result(
                folds: folds, foldAssignments: foldAssignments, classCounts: counts,
                predictions: predictions, probabilities: probabilities, confusion: confusion,
                accuracy: Double(correct) / n, chanceLevel: Double(counts.max()!) / n))
        }

        static func classCounts(_ labels: [Int], classCount: Int) -> [Int] {
            var counts = [Int](repeating: 0, count: max(classCount, 0))
            for label in labels { counts[label] += 1 }
            return counts
        }

        /// Why data with these class sizes cannot be cross-validated, or nil.
        static func notComputableReason(_ counts: [Int], _ wording: Wording = Wording()) -> String? {
            let present = counts.filter { $0 > 0 }.count
            if counts.reduce(0, +) == 0 { return "there are no \(wording.samples(2))" }
            if present < 2 {
                return "only \(present) class has \(wording.samples(2)): there is nothing to tell apart"
            }
            if let k = counts.firstIndex(where: { $0 < 2 }) {
                let n = counts[k]
                return "\(wording.name(k)) has \(n) \(wording.samples(n)); cross-validation needs at least 2 in every class"
            }
            return nil
        }
    }
}
