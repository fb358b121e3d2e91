extension Analytics {
    /// Why a classifier or a cross-validation refused its input. A data set that
    /// is valid but too small to classify is not an error: cross-validation
    /// reports it as `CrossValidation.Outcome.notComputable`.
    package enum ClassificationError: Error, Equatable, CustomStringConvertible {
        /// The feature rows and the labels differ in number.
        case countMismatch(samples: Int, labels: Int)
        /// A feature row has a different length from the first row.
        case raggedFeatures(sample: Int, expected: Int, found: Int)
        /// A feature value is NaN or infinite (indices from 0).
        case nonFiniteFeature(sample: Int, feature: Int)
        /// A label outside `0 ..< classCount`.
        case labelOutOfRange(sample: Int, label: Int, classCount: Int)
        /// A class with no training sample: a model cannot be fitted for it.
        case emptyClass(Int)
        /// A parameter outside its domain (C, a fold count, fold assignments…).
        case invalidParameter(String)
        /// Newton's method stopped before the gradient was small (not expected
        /// for finite data; reported rather than returning a poor model).
        case didNotConverge(gradient: Double)

        package var description: String {
            switch self {
            case let .countMismatch(samples, labels):
                return "\(samples) feature rows but \(labels) labels"
            case let .raggedFeatures(sample, expected, found):
                return "sample \(sample) has \(found) features, sample 0 has \(expected)"
            case let .nonFiniteFeature(sample, feature):
                return "feature \(feature) of sample \(sample) is not a finite number"
            case let .labelOutOfRange(sample, label, classCount):
                return "sample \(sample) has label \(label), outside 0..<\(classCount)"
            case let .emptyClass(label):
                return "class \(label) has no training sample"
            case let .invalidParameter(message):
                return message
            case let .didNotConverge(gradient):
                return "logistic regression did not converge (largest gradient component \(gradient))"
            }
        }
    }

    /// Checks a feature matrix and its labels; returns the number of features.
    /// Rows must be equally long and finite, labels in `0 ..< classCount`.
    static func validate(features: [[Double]], labels: [Int], classCount: Int) throws -> Int {
        guard features.count == labels.count else {
            throw ClassificationError.countMismatch(samples: features.count, labels: labels.count)
        }
        let featureCount = features.first?.count ?? 0
        for (i, row) in features.enumerated() {
            guard row.count == featureCount else {
                throw ClassificationError.raggedFeatures(sample: i, expected: featureCount, found: row.count)
            }
            if let j = row.firstIndex(where: { !$0.isFinite }) {
                throw ClassificationError.nonFiniteFeature(sample: i, feature: j)
            }
        }
        if let i = labels.firstIndex(where: { $0 < 0 || $0 >= classCount }) {
            throw ClassificationError.labelOutOfRange(sample: i, label: labels[i], classCount: classCount)
        }
        return featureCount
    }
}
