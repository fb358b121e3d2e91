/// What `plexus phenotypes` embeds and tests, and how.
package struct PhenotypeOptions: Codable, Sendable, Equatable {
    /// The reference condition; nil: "control" when the database has it, else its only condition.
    package var baseline: String?
    /// The features embedded; nil: every feature of the query cell_features.
    package var features: [String]?
    /// Conditions left out of standardisation and the principal components,
    /// only placed in the space and compared with each known condition.
    package var unknown: [String]
    /// Seed of the permutation tests and bootstrap intervals.
    package var seed: Int
    /// Permutations of the condition labels per shift test.
    package var permutations: Int
    /// Bootstrap resamples per interval.
    package var resamples: Int
    /// Confidence level of the bootstrap intervals.
    package var confidence: Double

    package init(baseline: String? = nil, features: [String]? = nil, unknown: [String] = [], seed: Int = 1,
                permutations: Int = 2000, resamples: Int = 2000, confidence: Double = 0.95) {
        self.baseline = baseline
        self.features = features
        self.unknown = unknown
        self.seed = seed
        self.permutations = permutations
        self.resamples = resamples
        self.confidence = confidence
    }
}
