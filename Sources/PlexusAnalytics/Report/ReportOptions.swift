/// What a condition comparison report compares, and how.
package struct ReportOptions: Codable, Sendable, Equatable {
    /// The reference condition every other condition is compared with; nil:
    /// "control" when the database has it, else its only condition.
    package var baseline: String?
    /// The conditions compared with the baseline; nil: every other condition.
    package var conditions: [String]?
    /// The features compared; nil: every feature of the query cell_features.
    package var features: [String]?
    /// Confidence level of the bootstrap intervals and the time-course bands.
    package var confidence: Double
    /// Bootstrap resamples per interval.
    package var resamples: Int
    /// Seed of the bootstrap and of the cross-validation folds.
    package var seed: Int
    /// Cross-validation folds (fewer when a condition has fewer cells).
    package var folds: Int

    package init(baseline: String? = nil, conditions: [String]? = nil, features: [String]? = nil,
                confidence: Double = 0.95, resamples: Int = 2000, seed: Int = 1, folds: Int = 5) {
        self.baseline = baseline
        self.conditions = conditions
        self.features = features
        self.confidence = confidence
        self.resamples = resamples
        self.seed = seed
        self.folds = folds
    }
}
