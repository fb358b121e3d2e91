/// Everything a condition comparison report shows, gathered from the database
/// by `ConditionReport.build` and rendered by `ReportFormat`.
public struct ConditionReport: Codable, Sendable {
    /// One condition of the database (the query conditions).
    public struct Condition: Codable, Sendable {
        public let name: String
        public let videos: Int
        public let cells: Int
        public let replicates: Int
        public let fittedFrames: Int
    }

    /// One cell's summary features over time (the query feature_values).
    public struct Cell: Codable, Sendable {
        public let id: Int
        public let videoID: Int
        public let condition: String
        public let replicate: String?
        public let frames: Int
        public let firstT: Int
        public let lastT: Int
        /// The video's frame interval; nil when the sample sheet did not give it.
        public let frameIntervalSeconds: Double?
        /// The video's treatment frame (sample sheet column treatment_frame), if any.
        public let treatmentFrame: Int?
        /// By feature name; nil where the database cannot give the feature.
        public let features: [String: Double?]
    }

    /// One feature of one condition against the baseline (a row of the query
    /// condition_compare); nil where a statistic is not computable.
    public struct Comparison: Codable, Sendable {
        public let level: String
        public let condition: String
        public let baseline: String
        public let feature: String
        public let baselineN: Int
        public let n: Int
        public let baselineCells: Int?
        public let cells: Int?
        public let baselineReplicates: Int
        public let replicates: Int
        public let baselineMedian: Double?
        public let baselineQ1: Double?
        public let baselineQ3: Double?
        public let median: Double?
        public let q1: Double?
        public let q3: Double?
        public let mannWhitneyP: Double?
        public let mannWhitneyPBH: Double?
        public let welchTP: Double?
        public let welchTPBH: Double?
        public let cohensD: Double?
        public let cohensDLow: Double?
        public let cohensDHigh: Double?
        public let cliffsDelta: Double?
        public let cliffsDeltaLow: Double?
        public let cliffsDeltaHigh: Double?
        /// Why tests are missing ("not computable: 1 cell in llo").
        public let note: String?

        /// The BH-adjusted Mann–Whitney p is below `ConditionReport.significanceLevel`.
        public var isSignificant: Bool { (mannWhitneyPBH ?? 1) < ConditionReport.significanceLevel }

        /// In JSON, the column names of the query condition_compare.
        enum CodingKeys: String, CodingKey {
            case level, condition, baseline, feature, n, median, q1, q3, note
            case baselineN = "baseline_n", baselineCells = "baseline_cells", cells
            case baselineReplicates = "baseline_replicates", replicates
            case baselineMedian = "baseline_median", baselineQ1 = "baseline_q1", baselineQ3 = "baseline_q3"
            case mannWhitneyP = "mann_whitney_p", mannWhitneyPBH = "mann_whitney_p_bh"
            case welchTP = "welch_t_p", welchTPBH = "welch_t_p_bh"
            case cohensD = "cohens_d", cohensDLow = "cohens_d_low", cohensDHigh = "cohens_d_high"
            case cliffsDelta = "cliffs_delta", cliffsDeltaLow = "cliffs_delta_low", cliffsDeltaHigh = "cliffs_delta_high"
        }
    }

    /// One feature of one condition, each cell after its treatment frame against
    /// before it (a row of the query treatment_compare); nil where not computable.
    public struct TreatmentComparison: Codable, Sendable {
        public let condition: String
        public let feature: String
        /// The condition's cells with a treatment frame.
        public let treatedCells: Int
        /// Cells with the feature both before and after the treatment (the pairs).
        public let n: Int
        public let beforeMedian: Double?
        public let beforeQ1: Double?
        public let beforeQ3: Double?
        public let afterMedian: Double?
        public let afterQ1: Double?
        public let afterQ3: Double?
        /// Median of the paired differences after − before, and its bootstrap interval.
        public let medianDifference: Double?
        public let medianDifferenceLow: Double?
        public let medianDifferenceHigh: Double?
        public let wilcoxonP: Double?
        public let wilcoxonPBH: Double?
        public let rankBiserial: Double?
        public let note: String?

        /// The BH-adjusted Wilcoxon p is below `ConditionReport.significanceLevel`.
        public var isSignificant: Bool { (wilcoxonPBH ?? 1) < ConditionReport.significanceLevel }

        /// In JSON, the column names of the query treatment_compare.
        enum CodingKeys: String, CodingKey {
            case condition, feature, n, note
            case treatedCells = "treated_cells"
            case beforeMedian = "before_median", beforeQ1 = "before_q1", beforeQ3 = "before_q3"
            case afterMedian = "after_median", afterQ1 = "after_q1", afterQ3 = "after_q3"
            case medianDifference = "median_difference", medianDifferenceLow = "median_difference_low"
            case medianDifferenceHigh = "median_difference_high"
            case wilcoxonP = "wilcoxon_p", wilcoxonPBH = "wilcoxon_p_bh", rankBiserial = "rank_biserial"
        }
    }

    /// A condition's quartiles of a feature over its cells (the query condition_summary).
    public struct Quartiles: Codable, Sendable {
        public let condition: String
        public let feature: String
        public let q1: Double
        public let median: Double
        public let q3: Double
    }

    /// A condition's mean of one metric at frame t (the query condition_timecourse).
    public struct TimePoint: Codable, Sendable {
        public let condition: String
        public let metric: String
        public let t: Int
        /// Seconds; nil unless every cell behind the point has a frame interval.
        public let timeSeconds: Double?
        public let cells: Int
        public let mean: Double
        public let ciLow: Double?
        public let ciHigh: Double?
    }

    /// One cell's network at one frame (the query frame_network).
    public struct Network: Codable, Sendable {
        public struct Component: Codable, Sendable {
            public let k: Int
            public let weight: Double
            public let x: Double
            public let y: Double
            public let semiMajor: Double
            public let semiMinor: Double
            public let angleDegrees: Double
        }
        public struct Edge: Codable, Sendable {
            public let a: Int
            public let b: Int
            public let weight: Double
            public let x1: Double, y1: Double, x2: Double, y2: Double
        }
        public let cellID: Int
        public let t: Int
        public let width: Int
        public let height: Int
        public let components: [Component]
        public let edges: [Edge]
    }

    /// The representative cell of a condition at its first and last frame.
    public struct Snapshot: Codable, Sendable {
        public let condition: String
        public let cellID: Int
        public let first: Network
        public let last: Network
    }

    /// One ingest run behind the database (the query ingest_runs).
    public struct Run: Codable, Sendable {
        public let id: Int
        public let startedAt: String
        public let finishedAt: String?
        public let status: String
        public let toolVersion: String
        public let videos: Int
        public let cells: Int
        public let commandLine: String
        public let parametersJSON: String
    }

    /// How well the features tell the conditions apart.
    public struct Classification: Codable, Sendable {
        /// The conditions, in the order of the confusion matrix's rows and columns.
        public let classes: [String]
        /// The features used (those every compared cell has).
        public let features: [String]
        public let cells: Int
        public let folds: Int?
        public let accuracy: Double?
        /// The largest condition's share of the cells: the accuracy of always guessing it.
        public let chance: Double?
        /// confusion[true][predicted], cell counts.
        public let confusion: [[Int]]?
        /// Why there is no result, when there is none.
        public let notComputable: String?
    }

    public let database: String
    /// ISO 8601, UTC.
    public let generated: String
    public let toolVersion: String
    public let options: ReportOptions
    public let baseline: String
    /// The conditions compared with the baseline, in order; empty when there is
    /// nothing to compare with (`noComparison` says why).
    public let compared: [String]
    /// Why there is no comparison between conditions, when there is none.
    public let noComparison: String?
    /// Every condition of the database (also those not compared).
    public let conditions: [Condition]
    /// The features compared, in order.
    public let features: [String]
    /// Features asked for (or known) that no compared cell has, e.g. morphology after --no-morphology.
    public let missingFeatures: [String]
    /// What the reader must know before trusting the numbers (e.g. mixed units).
    public let warnings: [String]
    /// The cells of the baseline and the compared conditions.
    public let cells: [Cell]
    /// Cells as the units.
    public let comparisons: [Comparison]
    /// Replicate means as the units; empty when the sample sheet gave no replicates.
    public let replicateComparisons: [Comparison]
    /// Each treated cell after its treatment frame against before it; empty
    /// when no reported video has a treatment frame.
    public let treatmentComparisons: [TreatmentComparison]
    /// Per reported condition and feature, the quartiles over its cells.
    public let quartiles: [Quartiles]
    /// Per reported condition, whether its videos have a pixel size: all, none
    /// or some (lengths and areas then mix µm and px).
    public let calibration: Calibration
    /// Whether the reported cells have a frame interval: slopes per s, per frame, or mixed.
    public let timing: Calibration
    public let classification: Classification
    public let timeCourses: [TimePoint]
    public let snapshots: [Snapshot]
    public let runs: [Run]
    /// The reported cells in the phenotype space (`ConditionReport.phenotypeSpace`);
    /// nil with the reason in `phenotypesNotComputable`.
    public var phenotypes: PhenotypeSpace? = nil
    public var phenotypesNotComputable: String? = nil

    /// Whether all, none or some of the reported videos (or cells) have a
    /// pixel size (or a frame interval): the unit a length or slope is in.
    public enum Calibration: String, Codable, Sendable {
        case all, none, mixed
    }

    /// The false-discovery rate at which the report calls a difference.
    public static let significanceLevel = 0.05

    /// Cell-level comparisons that differ (`Comparison.isSignificant`).
    public var significantComparisons: [Comparison] { comparisons.filter(\.isSignificant) }

    /// "baseline", "compared" or "not in this report", for the data table.
    public func role(of condition: String) -> String {
        condition == baseline ? "baseline" : (compared.contains(condition) ? "compared" : "not in this report")
    }

    /// The baseline followed by the compared conditions.
    public var reportedConditions: [String] { [baseline] + compared }
}
