import Foundation
import PlexusNumerics
import PlexusStore

extension ConditionReport {
    /// Gathers a report from the database at `path` through the named queries of
    /// `catalog` (conditions, feature_values, condition_compare at the cell and the
    /// replicate level, condition_timecourse, frame_network, ingest_runs).
    ///
    /// Throws `ReportError` for an empty or foreign database, a baseline or a
    /// condition that is not in it (naming those that are), a baseline without
    /// analysed cells, an unknown feature, and nothing left to compare.
    package static func build(database path: String, catalog: [String: NamedQuery], options: ReportOptions,
                             toolVersion: String, date: Date = Date()) throws -> ConditionReport {
        let runner = try QueryRunner(path: path)
        // Queries the others build on, computed once into TEMP tables (the frames
        // with their Laplacian gradients are most of a report's work).
        var tables: Set<String> = []
        func foreign(_ error: StoreError) -> Error {
            error.message.hasPrefix("no such table")
                ? ReportError("\(path) is not a Plexus experiment database (\(error.message)); create one with plexus ingest")
                : error
        }
        func query(_ name: String, _ parameters: [String: String] = [:], typed: [String: SQLValue] = [:]) throws -> QueryTable {
            do {
                return try QueryTable(name, in: catalog, runner: runner, parameters: parameters, typed: typed, tables: tables)
            } catch let error as StoreError {
                throw foreign(error)
            }
        }
        func materialize(_ name: String) throws {
            guard let shared = try catalog[name]?.reading(tables: tables, in: catalog) else { return }
            do {
                try runner.materialize(name, query: shared.sql, parameters: try shared.values([:]))
            } catch let error as StoreError {
                throw foreign(error)
            }
            tables.insert(name)
        }
        func jsonArray(_ names: [String]) -> SQLValue {
            .text(JSONText.array(names.map(JSONText.string)).tight)
        }

        // Conditions, baseline and the compared conditions.
        let conditionTable = try query("conditions")
        let conditions = (0..<conditionTable.rows.count).map { row in
            Condition(name: conditionTable.string(row, "condition") ?? "",
                      videos: conditionTable.int(row, "videos") ?? 0,
                      cells: conditionTable.int(row, "cells") ?? 0,
                      replicates: conditionTable.int(row, "replicates") ?? 0,
                      fittedFrames: conditionTable.int(row, "fitted_frames") ?? 0)
        }
        guard conditions.contains(where: { $0.fittedFrames > 0 }) else {
            throw ReportError("\(path) holds no analysed cells (no fitted frames); ingest videos first: plexus ingest samples.csv --db \(path)")
        }
        let present = conditions.map(\.name)
        let listed = present.joined(separator: ", ")
        let baseline = try resolveBaseline(options.baseline, conditions: present, populated: present, source: path)
        guard conditions.first(where: { $0.name == baseline })!.fittedFrames > 0 else {
            throw ReportError("the baseline condition '\(baseline)' has no analysed cells in \(path) (no fitted frames); choose another with --baseline")
        }
        var compared: [String] = []
        for name in options.conditions ?? present where name != baseline && !compared.contains(name) {
            guard present.contains(name) else {
                throw ReportError("--conditions: '\(name)' is not a condition of \(path); its conditions are: \(listed)")
            }
            compared.append(name)
        }
        let noComparison: String? = compared.isEmpty
            ? (present.count == 1
                ? "\(path) has one condition, \(baseline): there is no other condition to compare it with, so this report shows its cells, time courses and networks without a comparison between conditions"
                : "only the baseline \(baseline) was chosen (--conditions), so no condition is compared with it")
            : nil
        let included = Set([baseline] + compared)

        // Cells and their features (the query feature_values, one row per cell and feature).
        try materialize("fitted_frames")
        try materialize("period_feature_values")
        try materialize("feature_values")
        let valueTable = try query("feature_values")
        var known: [String] = [], cellOrder: [Int] = []
        var cellRows: [Int: Int] = [:], values: [Int: [String: Double?]] = [:]
        for row in 0..<valueTable.rows.count {
            guard let feature = valueTable.string(row, "feature"), let id = valueTable.int(row, "cell_id") else { continue }
            if !known.contains(feature) { known.append(feature) }
            guard let condition = valueTable.string(row, "condition"), included.contains(condition) else { continue }
            if cellRows[id] == nil {
                cellRows[id] = row
                cellOrder.append(id)
            }
            values[id, default: [:]][feature] = valueTable.double(row, "value")
        }
        if let asked = options.features {
            for name in asked where !known.contains(name) {
                throw ReportError("--features: no feature named '\(name)'; the features are: \(known.joined(separator: ", "))")
            }
        }
        let cells: [Cell] = cellOrder.map { id in
            let row = cellRows[id]!
            return Cell(id: id, videoID: valueTable.int(row, "video_id") ?? 0,
                        condition: valueTable.string(row, "condition") ?? "", replicate: valueTable.string(row, "replicate"),
                        frames: valueTable.int(row, "frames") ?? 0, firstT: valueTable.int(row, "first_t") ?? 0,
                        lastT: valueTable.int(row, "last_t") ?? 0,
                        frameIntervalSeconds: valueTable.double(row, "frame_interval_s"),
                        treatmentFrame: valueTable.int(row, "treatment_frame"), features: values[id] ?? [:])
        }
        let wanted = options.features.map { asked in known.filter(asked.contains) } ?? known
        let features = wanted.filter { feature in cells.contains { $0.features[feature].flatMap { $0 } != nil } }
        let missing = wanted.filter { !features.contains($0) }
        guard !features.isEmpty else {
            throw ReportError("no compared cell has any of the features \(wanted.joined(separator: ", "))")
        }
        var warnings: [String] = []
        if cells.allSatisfy({ $0.frames == 1 }) {
            warnings.append("Every cell has one analysed frame (single images): the features over time (slopes, gradients, drift, split and merge rates, lifetimes) are left out, and the cells are compared on the features of their one frame.")
        }
        let calibrated = (0..<conditionTable.rows.count).reduce((0, 0)) { sum, row in
            guard let name = conditionTable.string(row, "condition"), included.contains(name) else { return sum }
            return (sum.0 + (conditionTable.int(row, "calibrated_videos") ?? 0), sum.1 + (conditionTable.int(row, "videos") ?? 0))
        }
        let calibration: Calibration = calibrated.0 == 0 ? .none : (calibrated.0 == calibrated.1 ? .all : .mixed)
        if calibration == .mixed {
            warnings.append("\(calibrated.1 - calibrated.0) of \(calibrated.1) videos have no pixel size (sample sheet column pixel_size_um, --pixel-size-um, or the file's metadata): their lengths and areas are in px, the others' in µm, so mean branch length, mean object area and object density mix units.")
        }
        let timed = cells.filter { $0.frameIntervalSeconds != nil }.count
        let timing: Calibration = timed == 0 ? .none : (timed == cells.count ? .all : .mixed)
        if timing == .mixed {
            warnings.append("\(cells.count - timed) of \(cells.count) cells have no frame interval (sample sheet column frame_interval_s): their slopes are per frame, the others' per second, so slope features mix units.")
        }

        // Statistics, at the cell level and, with replicates, on replicate means.
        var compareParameters: [String: SQLValue] = [
            "baseline": .text(baseline), "features": jsonArray(features), "conditions": jsonArray(compared),
            "confidence": .real(options.confidence), "resamples": .integer(Int64(options.resamples)),
            "seed": .integer(Int64(options.seed)), "level": .text("cell"),
        ]
        let comparisons = compared.isEmpty ? [] : comparisonRows(try query("condition_compare", typed: compareParameters))
        var replicateComparisons: [Comparison] = []
        if !compared.isEmpty && cells.contains(where: { $0.replicate != nil }) {
            compareParameters["level"] = .text("replicate")
            replicateComparisons = comparisonRows(try query("condition_compare", typed: compareParameters))
        }

        // Each treated cell after its treatment frame against before it.
        let treatmentTable = try query("treatment_compare", typed: [
            "features": jsonArray(features), "confidence": .real(options.confidence),
            "resamples": .integer(Int64(options.resamples)), "seed": .integer(Int64(options.seed)),
        ])
        let treatmentComparisons = treatmentRows(treatmentTable).filter { included.contains($0.condition) }
        let summaryTable = try query("condition_summary")
        let quartiles: [Quartiles] = (0..<summaryTable.rows.count).compactMap { row in
            guard let condition = summaryTable.string(row, "condition"), included.contains(condition),
                  let feature = summaryTable.string(row, "feature"), features.contains(feature),
                  let q1 = summaryTable.double(row, "q1"), let median = summaryTable.double(row, "median"),
                  let q3 = summaryTable.double(row, "q3") else { return nil }
            return Quartiles(condition: condition, feature: feature, q1: q1, median: median, q3: q3)
        }

        // Time courses, snapshots of representative cells, ingest runs.
        let courseTable = try query("condition_timecourse", typed: ["confidence": .real(options.confidence)])
        let timeCourses: [TimePoint] = (0..<courseTable.rows.count).compactMap { row in
            guard let condition = courseTable.string(row, "condition"), included.contains(condition),
                  let mean = courseTable.double(row, "mean") else { return nil }
            return TimePoint(condition: condition, metric: courseTable.string(row, "metric") ?? "",
                             t: courseTable.int(row, "t") ?? 0, timeSeconds: courseTable.double(row, "time_s"),
                             cells: courseTable.int(row, "cells") ?? 0, mean: mean,
                             ciLow: courseTable.double(row, "ci_low"), ciHigh: courseTable.double(row, "ci_high"))
        }
        var snapshots: [Snapshot] = []
        for condition in [baseline] + compared {
            let typical = Dictionary(uniqueKeysWithValues: quartiles.filter { $0.condition == condition }.map {
                ($0.feature, (q1: $0.q1, median: $0.median, q3: $0.q3))
            })
            guard let cell = representative(of: cells.filter { $0.condition == condition }, quartiles: typical) else { continue }
            func network(_ t: Int) throws -> Network {
                let table = try query("frame_network", typed: ["cell_id": .integer(Int64(cell.id)), "t": .integer(Int64(t))])
                var components: [Network.Component] = [], edges: [Network.Edge] = []
                for row in 0..<table.rows.count {
                    let x = table.double(row, "x") ?? 0, y = table.double(row, "y") ?? 0
                    if table.string(row, "kind") == "component" {
                        components.append(.init(k: table.int(row, "k") ?? 0, weight: table.double(row, "weight") ?? 0, x: x, y: y,
                                                semiMajor: table.double(row, "semi_major") ?? 0,
                                                semiMinor: table.double(row, "semi_minor") ?? 0,
                                                angleDegrees: table.double(row, "angle_deg") ?? 0))
                    } else {
                        edges.append(.init(a: table.int(row, "k") ?? 0, b: table.int(row, "other") ?? 0,
                                           weight: table.double(row, "weight") ?? 0, x1: x, y1: y,
                                           x2: table.double(row, "x2") ?? 0, y2: table.double(row, "y2") ?? 0))
                    }
                }
                let width = table.rows.isEmpty ? 0 : table.int(0, "frame_width") ?? 0
                let height = table.rows.isEmpty ? 0 : table.int(0, "frame_height") ?? 0
                return Network(cellID: cell.id, t: t, width: width, height: height, components: components, edges: edges)
            }
            snapshots.append(Snapshot(condition: condition, cellID: cell.id,
                                      first: try network(cell.firstT), last: try network(cell.lastT)))
        }
        let runTable = try query("ingest_runs")
        let runs = (0..<runTable.rows.count).map { row in
            Run(id: runTable.int(row, "run") ?? 0, startedAt: runTable.string(row, "started_at") ?? "",
                finishedAt: runTable.string(row, "finished_at"), status: runTable.string(row, "status") ?? "",
                toolVersion: runTable.string(row, "tool_version") ?? "", videos: runTable.int(row, "videos") ?? 0,
                cells: runTable.int(row, "cells") ?? 0, commandLine: runTable.string(row, "command_line") ?? "",
                parametersJSON: runTable.string(row, "parameters_json") ?? "")
        }

        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        var report = ConditionReport(
            database: path, generated: formatter.string(from: date), toolVersion: toolVersion, options: options,
            baseline: baseline, compared: compared, noComparison: noComparison, conditions: conditions, features: features,
            missingFeatures: missing, warnings: warnings, cells: cells, comparisons: comparisons,
            replicateComparisons: replicateComparisons, treatmentComparisons: treatmentComparisons, quartiles: quartiles,
            calibration: calibration, timing: timing,
            classification: classify(cells, classes: ([baseline] + compared).filter { name in cells.contains { $0.condition == name } },
                                     features: features, options: options),
            timeCourses: timeCourses, snapshots: snapshots, runs: runs)
        let frames = catalog["frame_feature_values"] == nil ? [] : PhenotypeSpace.frameObservations(try query("frame_feature_values"))
        (report.phenotypes, report.phenotypesNotComputable) = phenotypeSpace(cells, frames: frames, baseline: baseline,
                                                                              compared: compared, features: features, options: options)
        return report
    }

    /// A condition's quartiles of a feature over its cells (the query condition_summary).
    func quartilesOf(_ condition: String, _ feature: String) -> (q1: Double, median: Double, q3: Double)? {
        quartiles.first { $0.condition == condition && $0.feature == feature }.map { ($0.q1, $0.median, $0.q3) }
    }

    static func treatmentRows(_ table: QueryTable) -> [TreatmentComparison] {
        (0..<table.rows.count).map { row in
            TreatmentComparison(condition: table.string(row, "condition") ?? "", feature: table.string(row, "feature") ?? "",
                                treatedCells: table.int(row, "treated_cells") ?? 0, n: table.int(row, "n") ?? 0,
                                beforeMedian: table.double(row, "before_median"), beforeQ1: table.double(row, "before_q1"),
                                beforeQ3: table.double(row, "before_q3"), afterMedian: table.double(row, "after_median"),
                                afterQ1: table.double(row, "after_q1"), afterQ3: table.double(row, "after_q3"),
                                medianDifference: table.double(row, "median_difference"),
                                medianDifferenceLow: table.double(row, "median_difference_low"),
                                medianDifferenceHigh: table.double(row, "median_difference_high"),
                                wilcoxonP: table.double(row, "wilcoxon_p"), wilcoxonPBH: table.double(row, "wilcoxon_p_bh"),
                                rankBiserial: table.double(row, "rank_biserial"), note: table.string(row, "note"))
        }
    }

    static func comparisonRows(_ table: QueryTable) -> [Comparison] {
        (0..<table.rows.count).map { row in
            Comparison(level: table.string(row, "level") ?? "", condition: table.string(row, "condition") ?? "",
                       baseline: table.string(row, "baseline") ?? "", feature: table.string(row, "feature") ?? "",
                       baselineN: table.int(row, "baseline_n") ?? 0, n: table.int(row, "n") ?? 0,
                       baselineCells: table.int(row, "baseline_cells"), cells: table.int(row, "cells"),
                       baselineReplicates: table.int(row, "baseline_replicates") ?? 0,
                       replicates: table.int(row, "replicates") ?? 0,
                       baselineMedian: table.double(row, "baseline_median"), baselineQ1: table.double(row, "baseline_q1"),
                       baselineQ3: table.double(row, "baseline_q3"), median: table.double(row, "median"),
                       q1: table.double(row, "q1"), q3: table.double(row, "q3"),
                       mannWhitneyP: table.double(row, "mann_whitney_p"), mannWhitneyPBH: table.double(row, "mann_whitney_p_bh"),
                       welchTP: table.double(row, "welch_t_p"), welchTPBH: table.double(row, "welch_t_p_bh"),
                       cohensD: table.double(row, "cohens_d"), cohensDLow: table.double(row, "cohens_d_low"),
                       cohensDHigh: table.double(row, "cohens_d_high"), cliffsDelta: table.double(row, "cliffs_delta"),
                       cliffsDeltaLow: table.double(row, "cliffs_delta_low"),
                       cliffsDeltaHigh: table.double(row, "cliffs_delta_high"), note: table.string(row, "note"))
        }
    }
}

extension ConditionReport {
    /// The baseline of a report or phenotype space: the one asked for, which
    /// must be one of `conditions`; else control, or the only populated
    /// condition when there is one and no control. The errors list the conditions.
    package static func resolveBaseline(_ asked: String?, conditions: [String], populated: [String], source: String) throws -> String {
        let listed = conditions.joined(separator: ", ")
        if let asked {
            guard conditions.contains(asked) else {
                throw ReportError("the baseline condition '\(asked)' is not in \(source); its conditions are: \(listed) (choose one with --baseline)")
            }
            return asked
        }
        if conditions.contains("control") || populated.count != 1 {
            guard conditions.contains("control") else {
                throw ReportError("the baseline condition 'control' is not in \(source); its conditions are: \(listed) (choose one with --baseline)")
            }
            return "control"
        }
        return populated[0]
    }
}
