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
        let conditionTable = try query("conditions")
        let conditions = (0..<conditionTable.rows.count).compactMap { conditionTable.string($0, "condition") }
        let values = try query("feature_values")
        var features: [String] = [], order: [Int] = [], first: [Int: Int] = [:]
        var byCell: [Int: [String: Double?]] = [:]
        for row in 0..<values.rows.count {
            guard let feature = values.string(row, "feature"), let id = values.int(row, "cell_id") else { continue }
            if !features.contains(feature) { features.append(feature) }
            if first[id] == nil {
                first[id] = row
                order.append(id)
            }
            byCell[id, default: [:]][feature] = values.double(row, "value")
        }
        guard !order.isEmpty else {
            throw ReportError("\(path) holds no analysed cells (no fitted frames); ingest videos first: plexus ingest samples.csv --db \(path)")
        }
        let observations = order.map { id in
            Observation(id: id, condition: values.string(first[id]!, "condition") ?? "",
                        replicate: values.string(first[id]!, "replicate"), features: byCell[id]!)
        }
        // Per-frame values for the trajectories, where the catalogue has the query.
        let frames = catalog["frame_feature_values"] == nil ? [] : frameObservations(try query("frame_feature_values"))
        return (conditions, features, observations, frames)
    }

    /// The frames of the query frame_feature_values (rows by cell and frame).
    static func frameObservations(_ table: QueryTable) -> [FrameObservation] {
        var frames: [FrameObservation] = []
        var current: (cell: Int, t: Int)?, values: [String: Double?] = [:]
        for row in 0..<table.rows.count {
            guard let id = table.int(row, "cell_id"), let t = table.int(row, "t"),
                  let feature = table.string(row, "feature") else { continue }
            if let current, current != (id, t) {
                frames.append(FrameObservation(cellID: current.cell, t: current.t, features: values))
                values = [:]
            }
            current = (id, t)
            values[feature] = table.double(row, "value")
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
