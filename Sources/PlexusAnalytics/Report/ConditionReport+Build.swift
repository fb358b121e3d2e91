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
        let conditionRows = try query("conditions").records(QueryRows.Condition.self)
        let conditions = conditionRows.map { row in
            Condition(name: row.condition, videos: row.videos, cells: row.cells, replicates: row.replicates,
                      fittedFrames: row.fittedFrames)
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
        let valueRows = try query("feature_values").records(QueryRows.FeatureValue.self)
        var known: [String] = [], cellOrder: [Int] = []
        var cellRows: [Int: QueryRows.FeatureValue] = [:], values: [Int: [String: Double?]] = [:]
        for row in valueRows {
            if !known.contains(row.feature) { known.append(row.feature) }
            guard included.contains(row.condition) else { continue }
            if cellRows[row.cellID] == nil {
                cellRows[row.cellID] = row
                cellOrder.append(row.cellID)
            }
            values[row.cellID, default: [:]][row.feature] = row.value
        }
        if let asked = options.features {
            for name in asked where !known.contains(name) {
                throw ReportError("--features: no feature named '\(name)'; the features are: \(known.joined(separator: ", "))")
            }
        }
        let cells: [Cell] = cellOrder.map { id in
            let row = cellRows[id]!
            return Cell(id: id, videoID: row.videoID, condition: row.condition, replicate: row.replicate,
                        frames: row.frames, firstT: row.firstT, lastT: row.lastT,
                        frameIntervalSeconds: row.frameIntervalSeconds, treatmentFrame: row.treatmentFrame,
                        features: values[id] ?? [:])
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
        let calibrated = conditionRows.reduce((0, 0)) { sum, row in
            included.contains(row.condition) ? (sum.0 + row.calibratedVideos, sum.1 + row.videos) : sum
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
        let comparisons = compared.isEmpty ? []
            : try query("condition_compare", typed: compareParameters).records(Comparison.self)
        var replicateComparisons: [Comparison] = []
        if !compared.isEmpty && cells.contains(where: { $0.replicate != nil }) {
            compareParameters["level"] = .text("replicate")
            replicateComparisons = try query("condition_compare", typed: compareParameters).records(Comparison.self)
        }

        // Each treated cell after its treatment frame against before it.
        let treatmentComparisons = try query("treatment_compare", typed: [
            "features": jsonArray(features), "confidence": .real(options.confidence),
            "resamples": .integer(Int64(options.resamples)), "seed": .integer(Int64(options.seed)),
        ]).records(TreatmentComparison.self).filter { included.contains($0.condition) }
        let quartiles: [Quartiles] = try query("condition_summary").records(QueryRows.ConditionSummary.self).compactMap { row in
            guard included.contains(row.condition), features.contains(row.feature),
                  let q1 = row.q1, let median = row.median, let q3 = row.q3 else { return nil }
            return Quartiles(condition: row.condition, feature: row.feature, q1: q1, median: median, q3: q3)
        }

        // Time courses, snapshots of representative cells, ingest runs.
        let courseRows = try query("condition_timecourse", typed: ["confidence": .real(options.confidence)])
            .records(QueryRows.TimeCourse.self)
        let timeCourses: [TimePoint] = courseRows.compactMap { row in
            guard included.contains(row.condition), let mean = row.mean else { return nil }
            return TimePoint(condition: row.condition, metric: row.metric, t: row.t, timeSeconds: row.timeSeconds,
                             cells: row.cells, mean: mean, ciLow: row.ciLow, ciHigh: row.ciHigh)
        }
        var snapshots: [Snapshot] = []
        for condition in [baseline] + compared {
            let typical = Dictionary(uniqueKeysWithValues: quartiles.filter { $0.condition == condition }.map {
                ($0.feature, (q1: $0.q1, median: $0.median, q3: $0.q3))
            })
            guard let cell = representative(of: cells.filter { $0.condition == condition }, quartiles: typical) else { continue }
            func network(_ t: Int) throws -> Network {
                let rows = try query("frame_network", typed: ["cell_id": .integer(Int64(cell.id)), "t": .integer(Int64(t))])
                    .records(QueryRows.FrameNetwork.self)
                var components: [Network.Component] = [], edges: [Network.Edge] = []
                for row in rows {
                    if row.kind == "component" {
                        // A degenerate covariance has no real axes: drawn as a point.
                        components.append(.init(k: row.k, weight: row.weight, x: row.x, y: row.y,
                                                semiMajor: row.semiMajor ?? 0, semiMinor: row.semiMinor ?? 0,
                                                angleDegrees: row.angleDegrees ?? 0))
                    } else {
                        guard let other = row.other, let x2 = row.x2, let y2 = row.y2 else {
                            throw StoreError("the query frame_network gives an edge from component \(row.k) without its other end")
                        }
                        edges.append(.init(a: row.k, b: other, weight: row.weight, x1: row.x, y1: row.y, x2: x2, y2: y2))
                    }
                }
                let width = rows.first?.frameWidth ?? 0
                let height = rows.first?.frameHeight ?? 0
                return Network(cellID: cell.id, t: t, width: width, height: height, components: components, edges: edges)
            }
            snapshots.append(Snapshot(condition: condition, cellID: cell.id,
                                      first: try network(cell.firstT), last: try network(cell.lastT)))
        }
        let runs = try query("ingest_runs").records(QueryRows.IngestRun.self).map { row in
            Run(id: row.run, startedAt: row.startedAt, finishedAt: row.finishedAt, status: row.status,
                toolVersion: row.toolVersion, videos: row.videos, cells: row.cells, commandLine: row.commandLine,
                parametersJSON: row.parametersJSON)
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
        let frames = catalog["frame_feature_values"] == nil ? [] : try PhenotypeSpace.frameObservations(try query("frame_feature_values"))
        (report.phenotypes, report.phenotypesNotComputable) = phenotypeSpace(cells, frames: frames, baseline: baseline,
                                                                              compared: compared, features: features, options: options)
        return report
    }

    /// A condition's quartiles of a feature over its cells (the query condition_summary).
    func quartilesOf(_ condition: String, _ feature: String) -> (q1: Double, median: Double, q3: Double)? {
        quartiles.first { $0.condition == condition && $0.feature == feature }.map { ($0.q1, $0.median, $0.q3) }
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
