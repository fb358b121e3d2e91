/// Everything a condition comparison report shows, gathered from the database
/// by `ConditionReport.build` and rendered by `ReportFormat`.
package struct ConditionReport: Codable, Sendable {
    /// One condition of the database (the query conditions).
    package struct Condition: Codable, Sendable {
        package let name: String
        package let videos: Int
        package let cells: Int
        package let replicates: Int
        package let fittedFrames: Int
    }

    /// One cell's summary features over time (the query feature_values).
    package struct Cell: Codable, Sendable {
        package let id: Int
        package let videoID: Int
        package let condition: String
        package let replicate: String?
        package let frames: Int
        package let firstT: Int
        package let lastT: Int
        /// The video's frame interval; nil when the sample sheet did not give it.
        package let frameIntervalSeconds: Double?
        /// The video's treatment frame (sample sheet column treatment_frame), if any.
        package let treatmentFrame: Int?
        /// By feature name; nil where the database cannot give the feature.
        package let features: [String: Double?]
    }

    /// One feature of one condition against the baseline (a row of the query
    /// condition_compare); nil where a statistic is not computable.
    package struct Comparison: Codable, Sendable {
        package let level: String
        package let condition: String
        package let baseline: String
        package let feature: String
        package let baselineN: Int
        package let n: Int
        package let baselineCells: Int?
        package let cells: Int?
        package let baselineReplicates: Int
        package let replicates: Int
        package let baselineMedian: Double?
        package let baselineQ1: Double?
        package let baselineQ3: Double?
        package let median: Double?
        package let q1: Double?
        package let q3: Double?
        package let mannWhitneyP: Double?
        package let mannWhitneyPBH: Double?
        package let welchTP: Double?
        package let welchTPBH: Double?
        package let cohensD: Double?
        package let cohensDLow: Double?
        package let cohensDHigh: Double?
        package let cliffsDelta: Double?
        package let cliffsDeltaLow: Double?
        package let cliffsDeltaHigh: Double?
        /// Why tests are missing ("not computable: 1 cell in llo").
        package let note: String?

        /// The BH-adjusted Mann–Whitney p is below `ConditionReport.significanceLevel`.
        package var isSignificant: Bool { (mannWhitneyPBH ?? 1) < ConditionReport.significanceLevel }

        /// The columns of the query condition_compare, in its order: the names the
        /// rows are decoded by, the report's JSON keys and its CSV columns.
        enum CodingKeys: String, CodingKey, CaseIterable {
            case level, condition, baseline, feature
            case baselineN = "baseline_n", n
            case baselineCells = "baseline_cells", cells
            case baselineReplicates = "baseline_replicates", replicates
            case baselineMedian = "baseline_median", baselineQ1 = "baseline_q1", baselineQ3 = "baseline_q3"
            case median, q1, q3
            case mannWhitneyP = "mann_whitney_p", mannWhitneyPBH = "mann_whitney_p_bh"
            case welchTP = "welch_t_p", welchTPBH = "welch_t_p_bh"
            case cohensD = "cohens_d", cohensDLow = "cohens_d_low", cohensDHigh = "cohens_d_high"
            case cliffsDelta = "cliffs_delta", cliffsDeltaLow = "cliffs_delta_low", cliffsDeltaHigh = "cliffs_delta_high"
            case note
        }
    }

    /// One feature of one condition, each cell after its treatment frame against
    /// before it (a row of the query treatment_compare); nil where not computable.
    package struct TreatmentComparison: Codable, Sendable {
        package let condition: String
        package let feature: String
        /// The condition's cells with a treatment frame.
        package let treatedCells: Int
        /// Cells with the feature both before and after the treatment (the pairs).
        package let n: Int
        package let beforeMedian: Double?
        package let beforeQ1: Double?
        package let beforeQ3: Double?
        package let afterMedian: Double?
        package let afterQ1: Double?
        package let afterQ3: Double?
        /// Median of the paired differences after − before, and its bootstrap interval.
        package let medianDifference: Double?
        package let medianDifferenceLow: Double?
        package let medianDifferenceHigh: Double?
        package let wilcoxonP: Double?
        package let wilcoxonPBH: Double?
        package let rankBiserial: Double?
        package let note: String?

        /// The BH-adjusted Wilcoxon p is below `ConditionReport.significanceLevel`.
        package var isSignificant: Bool { (wilcoxonPBH ?? 1) < ConditionReport.significanceLevel }

        /// The columns of the query treatment_compare: the names the rows are
        /// decoded by, and the report's JSON keys.
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
    package struct Quartiles: Codable, Sendable {
        package let condition: String
        package let feature: String
        package let q1: Double
        package let median: Double
        package let q3: Double
    }

    /// A condition's mean of one metric at frame t (the query condition_timecourse).
    package struct TimePoint: Codable, Sendable {
        package let condition: String
        package let metric: String
        package let t: Int
        /// Seconds; nil unless every cell behind the point has a frame interval.
        package let timeSeconds: Double?
        package let cells: Int
        package let mean: Double
        package let ciLow: Double?
        package let ciHigh: Double?
    }

    /// One cell's network at one frame (the query frame_network).
    package struct Network: Codable, Sendable {
        package struct Component: Codable, Sendable {
            package let k: Int
            package let weight: Double
            package let x: Double
            package let y: Double
            package let semiMajor: Double
            package let semiMinor: Double
            package let angleDegrees: Double
        }
        package struct Edge: Codable, Sendable {
            package let a: Int
            package let b: Int
            package let weight: Double
            package let x1: Double, y1: Double, x2: Double, y2: Double
        }
        package let cellID: Int
        package let t: Int
        package let width: Int
        package let height: Int
        package let components: [Component]
        package let edges: [Edge]
    }

    /// The representative cell of a condition at its first and last frame.
    package struct Snapshot: Codable, Sendable {
        package let condition: String
        package let cellID: Int
        package let first: Network
        package let last: Network
    }

    /// One ingest run behind the database (the query ingest_runs).
    package struct Run: Codable, Sendable {
        package let id: Int
        package let startedAt: String
        package let finishedAt: String?
        package let status: String
        package let toolVersion: String
        package let videos: Int
        package let cells: Int
        package let commandLine: String
        package let parametersJSON: String
    }

    /// How well the features tell the conditions apart.
    package struct Classification: Codable, Sendable {
        /// The conditions, in the order of the confusion matrix's rows and columns.
        package let classes: [String]
        /// The features used (those every compared cell has).
        package let features: [String]
        package let cells: Int
        package let folds: Int?
        package let accuracy: Double?
        /// The largest condition's share of the cells: the accuracy of always guessing it.
        package let chance: Double?
        /// confusion[true][predicted], cell counts.
        package let confusion: [[Int]]?
        /// Why there is no result, when there is none.
        package let notComputable: String?
    }

    package let database: String
    /// ISO 8601, UTC.
    package let generated: String
    package let toolVersion: String
    package let options: ReportOptions
    package let baseline: String
    /// The conditions compared with the baseline, in order; empty when there is
    /// nothing to compare with (`noComparison` says why).
    package let compared: [String]
    /// Why there is no comparison between conditions, when there is none.
    package let noComparison: String?
    /// Every condition of the database (also those not compared).
    package let conditions: [Condition]
    /// The features compared, in order.
    package let features: [String]
    /// Features asked for (or known) that no compared cell has, e.g. morphology after --no-morphology.
    package let missingFeatures: [String]
    /// What the reader must know before trusting the numbers (e.g. mixed units).
    package let warnings: [String]
    /// The cells of the baseline and the compared conditions.
    package let cells: [Cell]
    /// Cells as the units.
    package let comparisons: [Comparison]
    /// Replicate means as the units; empty when the sample sheet gave no replicates.
    package let replicateComparisons: [Comparison]
    /// Each treated cell after its treatment frame against before it; empty
    /// when no reported video has a treatment frame.
    package let treatmentComparisons: [TreatmentComparison]
    /// Per reported condition and feature, the quartiles over its cells.
    package let quartiles: [Quartiles]
    /// Per reported condition, whether its videos have a pixel size: all, none
    /// or some (lengths and areas then mix µm and px).
    package let calibration: Calibration
    /// Whether the reported cells have a frame interval: slopes per s, per frame, or mixed.
    package let timing: Calibration
    package let classification: Classification
    package let timeCourses: [TimePoint]
    package let snapshots: [Snapshot]
    package let runs: [Run]
    /// The reported cells in the phenotype space (`ConditionReport.phenotypeSpace`);
    /// nil with the reason in `phenotypesNotComputable`.
    package var phenotypes: PhenotypeSpace? = nil
    package var phenotypesNotComputable: String? = nil

    /// Whether all, none or some of the reported videos (or cells) have a
    /// pixel size (or a frame interval): the unit a length or slope is in.
    package enum Calibration: String, Codable, Sendable {
        case all, none, mixed
    }

    /// The false-discovery rate at which the report calls a difference.
    package static let significanceLevel = 0.05

    /// Cell-level comparisons that differ (`Comparison.isSignificant`).
    package var significantComparisons: [Comparison] { comparisons.filter(\.isSignificant) }

    /// "baseline", "compared" or "not in this report", for the data table.
    package func role(of condition: String) -> String {
        condition == baseline ? "baseline" : (compared.contains(condition) ? "compared" : "not in this report")
    }

    /// The baseline followed by the compared conditions.
    package var reportedConditions: [String] { [baseline] + compared }
}
