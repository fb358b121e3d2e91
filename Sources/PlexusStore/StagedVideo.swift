import Foundation
import PlexusGraph
import PlexusImaging
import PlexusMixture

/// One video's rows, written while it is analysed into a private staging
/// database beside the experiment database, then copied into the experiment in
/// a single short transaction (`ExperimentStore.commit`).
///
/// Why staging: a video must appear whole or not at all, several videos are
/// analysed in parallel (`--jobs`), and SQLite has one writer at a time. Holding
/// the experiment's write lock for the minutes a video takes would serialise the
/// workers and block other writers; buffering rows in memory would make memory
/// grow with video length. The staging file has no journal and no fsync: if the
/// process dies it is simply discarded.
package final class StagedVideo {
    package let path: String
    /// The file and parameter hashes that identify the video.
    package let sha256: String
    package let parametersSHA256: String
    private var connection: SQLiteConnection?
    private var insertCell: Statement?
    private var insertFrame: Statement?
    private var insertComponent: ComponentInsert?
    private var insertEdge: EdgeInsert?
    private var insertSpectrum: SpectrumInsert?
    private var insertNodeMetric: NodeMetricInsert?
    private var insertMask: MaskInsert?
    private var insertMorphology: Statement?
    private var insertEvent: Statement?
    private var updateLost: Statement?
    private var finished = false

    /// `schema`: the experiment's table definitions (`ExperimentStore.stagingSchema`),
    /// which create the staging file in one step; without them it is migrated.
    package init(path: String, video: VideoRecord, schema: [String]? = nil) throws {
        self.path = path
        sha256 = video.sha256
        parametersSHA256 = video.parametersSHA256
        try? FileManager.default.removeItem(atPath: path)
        let connection = try SQLiteConnection(path: path, mode: .readWriteCreate)
        self.connection = connection
        try connection.execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF")
        if let schema, !schema.isEmpty {
            try Schema.create(connection, from: schema)
        } else {
            try Schema.migrate(connection)
        }
        try connection.execute("INSERT INTO ingest_run (id, started_at, tool_version, parameters_json, status, command_line) VALUES (1, '', '', '{}', 'running', '')")
        try connection.prepareInsert(
            into: "video",
            columns: ["path", "sha256", "parameters_sha256", "condition", "replicate", "frame_count",
                      "processed_frame_count", "height", "width", "bit_depth", "channel", "pixel_size_um",
                      "frame_interval_s", "treatment_frame", "metadata_json", "mask_path", "mask_sha256", "stack_json",
                      "pixel_size_source", "frame_interval_source", "significant_bits", "significant_bits_source"],
            fixed: ["id": "1", "ingest_run_id": "1"]
        ).run(named: Self.values(video))
        try connection.execute("BEGIN")
        insertCell = try connection.prepareInsert(into: "cell", columns: ["id", "label"], fixed: ["video_id": "1"])
        insertFrame = try connection.prepareInsert(
            into: "frame",
            columns: ["cell_id", "t", "time_s", "status", "mask_area_px", "intensity_total", "initialized_from",
                      "peak_count", "log_likelihood", "iterations", "converged", "bic", "component_count", "edge_count",
                      "edge_density", "algebraic_connectivity", "spectral_gap", "connected_components", "birth_count",
                      "death_count", "split_count", "merge_count"])
        insertEvent = try connection.prepareInsert(into: "component_event",
                                                   columns: ["cell_id", "t", "k", "kind", "other_k", "bic_change"])
        insertEdge = try EdgeInsert(connection)
        insertSpectrum = try SpectrumInsert(connection)
        insertNodeMetric = try NodeMetricInsert(connection)
        insertComponent = try ComponentInsert(connection)
        insertMask = try MaskInsert(connection)
        insertMorphology = try connection.prepareInsert(
            into: "morphology",
            columns: ["cell_id", "t", "threshold", "object_count", "area_px", "area_um2", "mean_object_area_px",
                      "mean_perimeter_px", "mean_circularity", "mean_aspect_ratio", "mean_eccentricity", "branch_count",
                      "junction_count", "endpoint_count", "total_branch_length_px", "total_branch_length_um",
                      "mean_branch_length_px", "mean_branch_length_um", "individuals", "networks",
                      "mean_network_size_branches", "skeleton_efficiency", "intensity_mean", "intensity_median",
                      "intensity_std", "intensity_entropy", "mask_area_px", "mask_area_um2", "mean_object_area_um2",
                      "object_density_per_100um2", "area_fraction", "median_branch_length_px",
                      "median_branch_length_um", "branch_length_std_px", "branch_length_std_um"])
        updateLost = try connection.prepare("UPDATE cell SET lost_t = :lost_t WHERE id = :id")
    }

    deinit {
        if !finished { discard() }
    }

    static func values(_ video: VideoRecord) -> KeyValuePairs<String, SQLValue> {
        func text(_ value: String?) -> SQLValue { value.map(SQLValue.text) ?? .null }
        func integer(_ value: Int?) -> SQLValue { value.map { .integer(Int64($0)) } ?? .null }
        func real(_ value: Double?) -> SQLValue { value.map(SQLValue.real) ?? .null }
        return [
            ":path": .text(video.path), ":sha256": .text(video.sha256), ":parameters_sha256": .text(video.parametersSHA256),
            ":condition": .text(video.condition), ":replicate": text(video.replicate),
            ":frame_count": integer(video.frameCount), ":processed_frame_count": integer(video.processedFrameCount),
            ":height": integer(video.height), ":width": integer(video.width), ":bit_depth": integer(video.bitDepth),
            ":channel": integer(video.channel), ":pixel_size_um": real(video.pixelSizeMicrometres),
            ":frame_interval_s": real(video.frameIntervalSeconds), ":treatment_frame": integer(video.treatmentFrame),
            ":metadata_json": .text(video.metadataJSON), ":mask_path": text(video.maskPath),
            ":mask_sha256": text(video.maskSHA256), ":stack_json": .text(video.stackJSON),
            ":pixel_size_source": text(video.pixelSizeSource), ":frame_interval_source": text(video.frameIntervalSource),
            ":significant_bits": integer(video.significantBits),
            ":significant_bits_source": text(video.significantBitsSource),
        ]
    }

    /// Adds a cell; in the staging file a cell's id is its label.
    package func addCell(label: Int) throws {
        try writable(insertCell).run(named: [":id": .integer(Int64(label)), ":label": .integer(Int64(label))])
    }

    /// Adds a frame row and its components; component i is stored as k =
    /// `ids[i]` (default: its index).
    package func addFrame(cell label: Int, _ frame: FrameRecord, components: [GaussianComponent] = [],
                         flags: [ComponentFlags] = [], ids: [Int]? = nil) throws {
        precondition(ids == nil || ids!.count == components.count, "one id per component")
        func integer(_ value: Int?) -> SQLValue { value.map { .integer(Int64($0)) } ?? .null }
        func real(_ value: Double?) -> SQLValue { value.map(SQLValue.real) ?? .null }
        try writable(insertFrame).run(named: [
            ":cell_id": integer(label), ":t": integer(frame.t), ":time_s": real(frame.timeSeconds),
            ":status": .text(frame.status.rawValue), ":mask_area_px": integer(frame.maskAreaPixels),
            ":intensity_total": .real(frame.intensityTotal),
            ":initialized_from": frame.initializedFrom.map { .text($0.rawValue) } ?? .null,
            ":peak_count": integer(frame.peakCount), ":log_likelihood": real(frame.logLikelihood),
            ":iterations": integer(frame.iterations), ":converged": integer(frame.converged.map { $0 ? 1 : 0 }),
            ":bic": real(frame.bic), ":component_count": integer(frame.componentCount),
            ":edge_count": integer(frame.edgeCount), ":edge_density": real(frame.edgeDensity),
            ":algebraic_connectivity": real(frame.algebraicConnectivity), ":spectral_gap": real(frame.spectralGap),
            ":connected_components": integer(frame.connectedComponents), ":birth_count": integer(frame.birthCount),
            ":death_count": integer(frame.deathCount), ":split_count": integer(frame.splitCount),
            ":merge_count": integer(frame.mergeCount),
        ])
        let insert = try writable(insertComponent), statement = insert.statement
        for (k, component) in components.enumerated() {
            let flag = k < flags.count ? flags[k] : []
            statement.bind(label, at: insert.cellID)
            statement.bind(frame.t, at: insert.t)
            statement.bind(ids?[k] ?? k, at: insert.k)
            statement.bind(component.weight, at: insert.weight)
            statement.bind(component.meanRow, at: insert.meanRow)
            statement.bind(component.meanCol, at: insert.meanCol)
            statement.bind(component.covRR, at: insert.covRR)
            statement.bind(component.covRC, at: insert.covRC)
            statement.bind(component.covCC, at: insert.covCC)
            statement.bind(flag.contains(.collapsed) ? 1 : 0, at: insert.collapsed)
            statement.bind(flag.contains(.regularized) ? 1 : 0, at: insert.regularized)
            defer { statement.reset() }
            try statement.step()
        }
    }

    /// Adds a frame's network: its edges, both spectra and the node metrics
    /// (call after `addFrame` with the same cell, t and ids: node i is k = `ids[i]`).
    package func addNetwork(cell label: Int, t: Int, _ network: FrameNetwork, ids: [Int]? = nil) throws {
        precondition(ids == nil || ids!.count == network.nodeCount, "one id per node")
        let edges = try writable(insertEdge), edge = edges.statement
        for e in network.edges {
            edge.bind(label, at: edges.cellID); edge.bind(t, at: edges.t)
            edge.bind(ids?[e.source] ?? e.source, at: edges.source); edge.bind(ids?[e.target] ?? e.target, at: edges.target)
            edge.bind(e.weight, at: edges.weight)
            defer { edge.reset() }
            try edge.step()
        }
        let spectra = try writable(insertSpectrum), spectrum = spectra.statement
        for (name, values) in [("combinatorial", network.combinatorialSpectrum), ("normalized", network.normalizedSpectrum)] {
            try spectrum.bind(.text(name), at: spectra.laplacian)
            for (i, value) in values.enumerated() {
                spectrum.bind(label, at: spectra.cellID); spectrum.bind(t, at: spectra.t)
                spectrum.bind(i, at: spectra.i); spectrum.bind(value, at: spectra.eigenvalue)
                try spectrum.step()
                spectrum.resetKeepingBindings()
            }
            spectrum.reset()
        }
        let nodes = try writable(insertNodeMetric), node = nodes.statement
        for k in 0..<network.nodeCount {
            node.bind(label, at: nodes.cellID); node.bind(t, at: nodes.t); node.bind(ids?[k] ?? k, at: nodes.k)
            node.bind(network.strengthIn[k], at: nodes.strengthIn); node.bind(network.strengthOut[k], at: nodes.strengthOut)
            try node.bind(network.eigenvectorCentrality.map { .real($0[k]) } ?? .null, at: nodes.eigenvectorCentrality)
            node.bind(network.pagerank[k], at: nodes.pagerank)
            try node.bind(network.fiedler.map { .real($0[k]) } ?? .null, at: nodes.fiedler)
            defer { node.reset() }
            try node.step()
        }
    }

    /// Adds a cell's mask at frame t, run-length encoded (`BinaryImage.runLengthEncoded()`;
    /// call after `addFrame` with the same cell and t).
    package func addMask(cell label: Int, t: Int, runLength: [UInt8]) throws {
        let insert = try writable(insertMask), statement = insert.statement
        statement.bind(label, at: insert.cellID)
        statement.bind(t, at: insert.t)
        statement.bind(bytes: runLength, at: insert.rle)
        defer { statement.reset() }
        try statement.step()
    }

    /// Adds a cell's morphology at frame t (call after `addFrame` with the same
    /// cell and t); `pixelSize` (µm) fills the _um columns.
    package func addMorphology(cell label: Int, t: Int, _ m: MorphologyFeatures, pixelSize: Double?) throws {
        func real(_ value: Double?) -> SQLValue { value.map(SQLValue.real) ?? .null }
        func integer(_ value: Int) -> SQLValue { .integer(Int64(value)) }
        func area(_ pixels: Int) -> Double? { area(Double(pixels)) }
        func area(_ pixels: Double) -> Double? { pixelSize.map { pixels * $0 * $0 } }
        func length(_ pixels: Double?) -> Double? { pixelSize.flatMap { size in pixels.map { $0 * size } } }
        try writable(insertMorphology).run(named: [
            ":cell_id": integer(label), ":t": integer(t), ":threshold": real(m.threshold),
            ":object_count": integer(m.objectCount), ":area_px": integer(m.areaPx),
            ":area_um2": real(pixelSize.map { Double(m.areaPx) * $0 * $0 }),
            ":mean_object_area_px": real(m.meanObjectAreaPx), ":mean_perimeter_px": real(m.meanPerimeterPx),
            ":mean_circularity": real(m.meanCircularity), ":mean_aspect_ratio": real(m.meanAspectRatio),
            ":mean_eccentricity": real(m.meanEccentricity), ":branch_count": integer(m.branchCount),
            ":junction_count": integer(m.junctionCount), ":endpoint_count": integer(m.endpointCount),
            ":total_branch_length_px": .real(m.totalBranchLengthPx),
            ":total_branch_length_um": real(pixelSize.map { m.totalBranchLengthPx * $0 }),
            ":mean_branch_length_px": real(m.meanBranchLengthPx),
            ":mean_branch_length_um": real(pixelSize.flatMap { size in m.meanBranchLengthPx.map { $0 * size } }),
            ":individuals": integer(m.individuals), ":networks": integer(m.networks),
            ":mean_network_size_branches": real(m.meanNetworkSizeBranches),
            ":skeleton_efficiency": .real(m.skeletonEfficiency), ":intensity_mean": real(m.intensityMean),
            ":intensity_median": real(m.intensityMedian), ":intensity_std": real(m.intensityStd),
            ":intensity_entropy": real(m.intensityEntropy), ":mask_area_px": integer(m.maskAreaPx),
            ":mask_area_um2": real(area(m.maskAreaPx)), ":mean_object_area_um2": real(m.meanObjectAreaPx.flatMap { area($0) }),
            ":object_density_per_100um2": real(area(m.maskAreaPx).flatMap { $0 > 0 ? Double(m.objectCount) / $0 * 100 : nil }),
            ":area_fraction": real(m.maskAreaPx > 0 ? Double(m.areaPx) / Double(m.maskAreaPx) : nil),
            ":median_branch_length_px": real(m.medianBranchLengthPx),
            ":median_branch_length_um": real(length(m.medianBranchLengthPx)),
            ":branch_length_std_px": real(m.branchLengthStdPx), ":branch_length_std_um": real(length(m.branchLengthStdPx)),
        ])
    }

    /// Adds a frame's structural changes (call after `addFrame` with the same cell and t).
    package func addEvents(cell label: Int, t: Int, _ events: [ComponentEvent]) throws {
        let statement = try writable(insertEvent)
        for event in events {
            try statement.run(named: [
                ":cell_id": .integer(Int64(label)), ":t": .integer(Int64(t)), ":k": .integer(Int64(event.k)),
                ":kind": .text(event.kind.rawValue), ":other_k": event.other.map { .integer(Int64($0)) } ?? .null,
                ":bic_change": event.bicChange.map(SQLValue.real) ?? .null,
            ])
        }
    }

    /// Records that a cell's mask became empty at frame t (its last frame).
    package func markLost(cell label: Int, t: Int) throws {
        try writable(updateLost).run(named: [":id": .integer(Int64(label)), ":lost_t": .integer(Int64(t))])
    }

    private func writable<T>(_ statement: T?) throws -> T {
        guard let statement else { throw StoreError("\(path): the staged video is already finished") }
        return statement
    }

    /// Ends writing and closes the file, ready for `ExperimentStore.commit`.
    package func finish() throws {
        try connection?.execute("COMMIT")
        close()
    }

    /// Finalises the statements, then the connection.
    private func close() {
        insertCell = nil
        insertFrame = nil
        insertComponent = nil
        insertEdge = nil
        insertSpectrum = nil
        insertNodeMetric = nil
        insertMask = nil
        insertMorphology = nil
        insertEvent = nil
        updateLost = nil
        connection = nil
        finished = true
    }

    /// Deletes the staging file (after a commit, or when the video failed).
    package func discard() {
        close()
        for suffix in ["", "-journal", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
    }
}

// The inserts run once per component, edge, eigenvalue, node and mask: their
// parameters are found by column name once, when the statement is prepared.

private struct MaskInsert {
    let statement: Statement
    let cellID, t, rle: Int32

    init(_ connection: SQLiteConnection) throws {
        statement = try connection.prepareInsert(into: "cell_mask", columns: ["cell_id", "t", "rle"])
        cellID = try statement.parameter(":cell_id"); t = try statement.parameter(":t"); rle = try statement.parameter(":rle")
    }
}

private struct ComponentInsert {
    let statement: Statement
    let cellID, t, k, weight, meanRow, meanCol, covRR, covRC, covCC, collapsed, regularized: Int32

    init(_ connection: SQLiteConnection) throws {
        statement = try connection.prepareInsert(
            into: "component", columns: ["cell_id", "t", "k", "weight", "mean_row", "mean_col", "cov_rr", "cov_rc",
                                         "cov_cc", "collapsed", "regularized"])
        cellID = try statement.parameter(":cell_id"); t = try statement.parameter(":t"); k = try statement.parameter(":k")
        weight = try statement.parameter(":weight")
        meanRow = try statement.parameter(":mean_row"); meanCol = try statement.parameter(":mean_col")
        covRR = try statement.parameter(":cov_rr"); covRC = try statement.parameter(":cov_rc")
        covCC = try statement.parameter(":cov_cc")
        collapsed = try statement.parameter(":collapsed"); regularized = try statement.parameter(":regularized")
    }
}

private struct EdgeInsert {
    let statement: Statement
    let cellID, t, source, target, weight: Int32

    init(_ connection: SQLiteConnection) throws {
        statement = try connection.prepareInsert(into: "edge", columns: ["cell_id", "t", "src", "dst", "weight"])
        cellID = try statement.parameter(":cell_id"); t = try statement.parameter(":t")
        source = try statement.parameter(":src"); target = try statement.parameter(":dst")
        weight = try statement.parameter(":weight")
    }
}

private struct SpectrumInsert {
    let statement: Statement
    let cellID, t, laplacian, i, eigenvalue: Int32

    init(_ connection: SQLiteConnection) throws {
        statement = try connection.prepareInsert(into: "spectrum", columns: ["cell_id", "t", "laplacian", "i", "eigenvalue"])
        cellID = try statement.parameter(":cell_id"); t = try statement.parameter(":t")
        laplacian = try statement.parameter(":laplacian"); i = try statement.parameter(":i")
        eigenvalue = try statement.parameter(":eigenvalue")
    }
}

private struct NodeMetricInsert {
    let statement: Statement
    let cellID, t, k, strengthIn, strengthOut, eigenvectorCentrality, pagerank, fiedler: Int32

    init(_ connection: SQLiteConnection) throws {
        statement = try connection.prepareInsert(
            into: "node_metric", columns: ["cell_id", "t", "k", "strength_in", "strength_out", "eigenvector_centrality",
                                           "pagerank", "fiedler"])
        cellID = try statement.parameter(":cell_id"); t = try statement.parameter(":t"); k = try statement.parameter(":k")
        strengthIn = try statement.parameter(":strength_in"); strengthOut = try statement.parameter(":strength_out")
        eigenvectorCentrality = try statement.parameter(":eigenvector_centrality")
        pagerank = try statement.parameter(":pagerank"); fiedler = try statement.parameter(":fiedler")
    }
}
