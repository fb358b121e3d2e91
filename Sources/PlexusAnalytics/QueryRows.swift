/// The rows of the named queries that the report and the phenotype space read,
/// one record per query, decoded by column name (`QueryTable.records`). A
/// property is optional exactly where the query's column may be NULL; the
/// coding keys are the column names, so a renamed column is an error naming it.
enum QueryRows {
    /// A row of the query conditions.
    struct Condition: Decodable {
        let condition: String
        let videos: Int
        let cells: Int
        let replicates: Int
        let calibratedVideos: Int
        let fittedFrames: Int

        enum CodingKeys: String, CodingKey {
            case condition, videos, cells, replicates
            case calibratedVideos = "calibrated_videos", fittedFrames = "fitted_frames"
        }
    }

    /// A row of the query feature_values: one feature of one cell.
    struct FeatureValue: Decodable {
        let cellID: Int
        let videoID: Int
        let condition: String
        let replicate: String?
        let treatmentFrame: Int?
        let frames: Int
        let firstT: Int
        let lastT: Int
        let frameIntervalSeconds: Double?
        let feature: String
        let value: Double?

        enum CodingKeys: String, CodingKey {
            case cellID = "cell_id", videoID = "video_id", condition, replicate, treatmentFrame = "treatment_frame"
            case frames, firstT = "first_t", lastT = "last_t", frameIntervalSeconds = "frame_interval_s", feature, value
        }
    }

    /// A row of the query frame_feature_values: one feature of one cell at one frame.
    struct FrameFeatureValue: Decodable {
        let cellID: Int
        let t: Int
        let feature: String
        let value: Double?

        enum CodingKeys: String, CodingKey {
            case cellID = "cell_id", t, feature, value
        }
    }

    /// A row of the query condition_summary: a condition's summary of one feature.
    struct ConditionSummary: Decodable {
        let condition: String
        let feature: String
        let q1: Double?
        let median: Double?
        let q3: Double?
    }

    /// A row of the query condition_timecourse: a condition's mean of one metric at frame t.
    struct TimeCourse: Decodable {
        let condition: String
        let metric: String
        let t: Int
        let timeSeconds: Double?
        let cells: Int
        let mean: Double?
        let ciLow: Double?
        let ciHigh: Double?

        enum CodingKeys: String, CodingKey {
            case condition, metric, t, timeSeconds = "time_s", cells, mean, ciLow = "ci_low", ciHigh = "ci_high"
        }
    }

    /// A row of the query frame_network: a component (x, y its centre) or an
    /// edge between components k and other (from x, y to x2, y2).
    struct FrameNetwork: Decodable {
        let kind: String
        let k: Int
        let other: Int?
        let weight: Double
        let x: Double
        let y: Double
        let x2: Double?
        let y2: Double?
        /// NULL for an edge, and where a degenerate covariance has no real axis.
        let semiMajor: Double?
        let semiMinor: Double?
        let angleDegrees: Double?
        let frameWidth: Int
        let frameHeight: Int

        enum CodingKeys: String, CodingKey {
            case kind, k, other, weight, x, y, x2, y2
            case semiMajor = "semi_major", semiMinor = "semi_minor", angleDegrees = "angle_deg"
            case frameWidth = "frame_width", frameHeight = "frame_height"
        }
    }

    /// A row of the query ingest_runs.
    struct IngestRun: Decodable {
        let run: Int
        let startedAt: String
        let finishedAt: String?
        let status: String
        let toolVersion: String
        let videos: Int
        let cells: Int
        let commandLine: String
        let parametersJSON: String

        enum CodingKeys: String, CodingKey {
            case run, startedAt = "started_at", finishedAt = "finished_at", status, toolVersion = "tool_version"
            case videos, cells, commandLine = "command_line", parametersJSON = "parameters_json"
        }
    }
}
