import PlexusStore

extension PhenotypeSpace {
    /// The conditions, features and per-cell feature values of the database
    /// at `path`, read through the named queries conditions and feature_values
    /// of `catalog` (as `ConditionReport.build` reads them).
    /// - Throws: `ReportError` for a database that is not a Plexus experiment
    ///   or holds no analysed cells.
    package static func observations(database path: String, catalog: [String: NamedQuery]) throws
        -> (conditions: [String], features: [String], observations: [Observation], frames: [FrameObservation]) {
        let runner = try QueryRunner(path: path)
        func query(_ name: String) throws -> QueryTable {
            do {
                return try QueryTable(name, in: catalog, runner: runner)
            } catch let error as StoreError where error.message.hasPrefix("no such table") {
                throw ReportError("\(path) is not a Plexus experiment database (\(error.message)); create one with plexus ingest")
            }
        }
        let conditions = try query("conditions").records(QueryRows.Condition.self).map(\.condition)
        var features: [String] = [], order: [Int] = [], first: [Int: QueryRows.FeatureValue] = [:]
        var byCell: [Int: [String: Double?]] = [:]
        for row in try query("feature_values").records(QueryRows.FeatureValue.self) {
            if !features.contains(row.feature) { features.append(row.feature) }
            if first[row.cellID] == nil {
                first[row.cellID] = row
                order.append(row.cellID)
            }
            byCell[row.cellID, default: [:]][row.feature] = row.value
        }
        guard !order.isEmpty else {
            throw ReportError("\(path) holds no analysed cells (no fitted frames); ingest videos first: plexus ingest samples.csv --db \(path)")
        }
        let observations = order.map { id in
            Observation(id: id, condition: first[id]!.condition, replicate: first[id]!.replicate, features: byCell[id]!)
        }
        // Per-frame values for the trajectories, where the catalogue has the query.
        let frames = catalog["frame_feature_values"] == nil ? [] : try frameObservations(try query("frame_feature_values"))
        return (conditions, features, observations, frames)
    }

    /// The frames of the query frame_feature_values (rows by cell and frame).
    static func frameObservations(_ table: QueryTable) throws -> [FrameObservation] {
        var frames: [FrameObservation] = []
        var current: (cell: Int, t: Int)?, values: [String: Double?] = [:]
        for row in try table.records(QueryRows.FrameFeatureValue.self) {
            if let current, current != (row.cellID, row.t) {
                frames.append(FrameObservation(cellID: current.cell, t: current.t, features: values))
                values = [:]
            }
            current = (row.cellID, row.t)
            values[row.feature] = row.value
        }
        if let current { frames.append(FrameObservation(cellID: current.cell, t: current.t, features: values)) }
        return frames
    }

    /// `observations(database:catalog:)` embedded and tested with `options`.
    package static func build(database path: String, catalog: [String: NamedQuery],
                             options: PhenotypeOptions) throws -> PhenotypeSpace {
        let data = try observations(database: path, catalog: catalog)
        return try PhenotypeSpace(observations: data.observations, conditions: data.conditions,
                                  available: data.features, frames: data.frames, options: options, source: path)
    }
}
