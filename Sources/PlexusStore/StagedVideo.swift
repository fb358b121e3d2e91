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
    private var insertComponent: Statement?
    private var insertEdge: Statement?
    private var insertSpectrum: Statement?
    private var insertNodeMetric: Statement?
    private var insertMask: Statement?
    private var insertMorphology: Statement?
    private var insertEvent: Statement?
    private var updateLost: Statement?
    private var finished = false

    package init(path: String, video: VideoRecord) throws {
        self.path = path
        sha256 = video.sha256
        parametersSHA256 = video.parametersSHA256
        try? FileManager.default.removeItem(atPath: path)
        let connection = try SQLiteConnection(path: path, mode: .readWriteCreate)
        self.connection = connection
        try connection.execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF")
        try Schema.migrate(connection)
        try connection.execute("INSERT INTO ingest_run (id, started_at, tool_version, parameters_json, status, command_line) VALUES (1, '', '', '{}', 'running', '')")
        try connection.prepare("""
            INSERT INTO video (id, ingest_run_id, path, sha256, parameters_sha256, condition, replicate,
                frame_count, processed_frame_count, height, width, bit_depth, channel, pixel_size_um,
                frame_interval_s, treatment_frame, metadata_json, mask_path, mask_sha256, stack_json,
                pixel_size_source, frame_interval_source, significant_bits, significant_bits_source)
            VALUES (1, 1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
                ?21, ?22)
            """).run(Self.values(video))
        try connection.execute("BEGIN")
        insertCell = try connection.prepare("INSERT INTO cell (id, video_id, label) VALUES (?1, 1, ?1)")
        insertFrame = try connection.prepare("""
            INSERT INTO frame (cell_id, t, time_s, status, mask_area_px, intensity_total, initialized_from,
                peak_count, log_likelihood, iterations, converged, bic, component_count, edge_count,
                edge_density, algebraic_connectivity, spectral_gap, connected_components, birth_count, death_count,
                split_count, merge_count)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)
            """)
        insertEvent = try connection.prepare(
            "INSERT INTO component_event (cell_id, t, k, kind, other_k, bic_change) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        insertEdge = try connection.prepare("INSERT INTO edge (cell_id, t, src, dst, weight) VALUES (?1, ?2, ?3, ?4, ?5)")
        insertSpectrum = try connection.prepare(
            "INSERT INTO spectrum (cell_id, t, laplacian, i, eigenvalue) VALUES (?1, ?2, ?3, ?4, ?5)")
        insertNodeMetric = try connection.prepare("""
            INSERT INTO node_metric (cell_id, t, k, strength_in, strength_out, eigenvector_centrality, pagerank, fiedler)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            """)
        insertComponent = try connection.prepare("""
            INSERT INTO component (cell_id, t, k, weight, mean_row, mean_col, cov_rr, cov_rc, cov_cc,
                collapsed, regularized)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
            """)
        insertMask = try connection.prepare("INSERT INTO cell_mask (cell_id, t, rle) VALUES (?1, ?2, ?3)")
        insertMorphology = try connection.prepare("""
            INSERT INTO morphology (cell_id, t, threshold, object_count, area_px, area_um2, mean_object_area_px,
                mean_perimeter_px, mean_circularity, mean_aspect_ratio, mean_eccentricity, branch_count,
                junction_count, endpoint_count, total_branch_length_px, total_branch_length_um,
                mean_branch_length_px, mean_branch_length_um, individuals, networks, mean_network_size_branches,
                skeleton_efficiency, intensity_mean, intensity_median, intensity_std, intensity_entropy,
                mask_area_px, mask_area_um2, mean_object_area_um2, object_density_per_100um2, area_fraction,
                median_branch_length_px, median_branch_length_um, branch_length_std_px, branch_length_std_um)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
                ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35)
            """)
        updateLost = try connection.prepare("UPDATE cell SET lost_t = ?2 WHERE id = ?1")
    }

    deinit {
        if !finished { discard() }
    }

    static func values(_ video: VideoRecord) -> [SQLValue] {
        [.text(video.path), .text(video.sha256), .text(video.parametersSHA256), .text(video.condition),
         video.replicate.map(SQLValue.text) ?? .null, .integer(Int64(video.frameCount)),
         .integer(Int64(video.processedFrameCount)), .integer(Int64(video.height)),
         .integer(Int64(video.width)), .integer(Int64(video.bitDepth)), .integer(Int64(video.channel)),
         video.pixelSizeMicrometres.map(SQLValue.real) ?? .null,
         video.frameIntervalSeconds.map(SQLValue.real) ?? .null,
         video.treatmentFrame.map { .integer(Int64($0)) } ?? .null, .text(video.metadataJSON),
         video.maskPath.map(SQLValue.text) ?? .null, video.maskSHA256.map(SQLValue.text) ?? .null,
         .text(video.stackJSON), video.pixelSizeSource.map(SQLValue.text) ?? .null,
         video.frameIntervalSource.map(SQLValue.text) ?? .null,
         video.significantBits.map { .integer(Int64($0)) } ?? .null,
         video.significantBitsSource.map(SQLValue.text) ?? .null]
    }

    /// Adds a cell; in the staging file a cell's id is its label.
    package func addCell(label: Int) throws {
        try writable(insertCell).run([.integer(Int64(label))])
    }

    /// Adds a frame row and its components; component i is stored as k =
    /// `ids[i]` (default: its index).
    package func addFrame(cell label: Int, _ frame: FrameRecord, components: [GaussianComponent] = [],
                         flags: [ComponentFlags] = [], ids: [Int]? = nil) throws {
        precondition(ids == nil || ids!.count == components.count, "one id per component")
        try writable(insertFrame).run([
            .integer(Int64(label)), .integer(Int64(frame.t)), frame.timeSeconds.map(SQLValue.real) ?? .null,
            .text(frame.status.rawValue), .integer(Int64(frame.maskAreaPixels)), .real(frame.intensityTotal),
            frame.initializedFrom.map { .text($0.rawValue) } ?? .null,
            frame.peakCount.map { .integer(Int64($0)) } ?? .null,
            frame.logLikelihood.map(SQLValue.real) ?? .null,
            frame.iterations.map { .integer(Int64($0)) } ?? .null,
            frame.converged.map { .integer($0 ? 1 : 0) } ?? .null,
            frame.bic.map(SQLValue.real) ?? .null, .integer(Int64(frame.componentCount)),
            frame.edgeCount.map { .integer(Int64($0)) } ?? .null, frame.edgeDensity.map(SQLValue.real) ?? .null,
            frame.algebraicConnectivity.map(SQLValue.real) ?? .null, frame.spectralGap.map(SQLValue.real) ?? .null,
            frame.connectedComponents.map { .integer(Int64($0)) } ?? .null,
            .integer(Int64(frame.birthCount)), .integer(Int64(frame.deathCount)), .integer(Int64(frame.splitCount)),
            .integer(Int64(frame.mergeCount)),
        ])
        let statement = try writable(insertComponent)
        for (k, component) in components.enumerated() {
            let flag = k < flags.count ? flags[k] : []
            statement.bind(label, at: 1)
            statement.bind(frame.t, at: 2)
            statement.bind(ids?[k] ?? k, at: 3)
            statement.bind(component.weight, at: 4)
            statement.bind(component.meanRow, at: 5)
            statement.bind(component.meanCol, at: 6)
            statement.bind(component.covRR, at: 7)
            statement.bind(component.covRC, at: 8)
            statement.bind(component.covCC, at: 9)
            statement.bind(flag.contains(.collapsed) ? 1 : 0, at: 10)
            statement.bind(flag.contains(.regularized) ? 1 : 0, at: 11)
            defer { statement.reset() }
            try statement.step()
        }
    }

    /// Adds a frame's network: its edges, both spectra and the node metrics
    /// (call after `addFrame` with the same cell, t and ids: node i is k = `ids[i]`).
    package func addNetwork(cell label: Int, t: Int, _ network: FrameNetwork, ids: [Int]? = nil) throws {
        precondition(ids == nil || ids!.count == network.nodeCount, "one id per node")
        let edge = try writable(insertEdge)
        for e in network.edges {
            edge.bind(label, at: 1); edge.bind(t, at: 2)
            edge.bind(ids?[e.source] ?? e.source, at: 3); edge.bind(ids?[e.target] ?? e.target, at: 4)
            edge.bind(e.weight, at: 5)
            defer { edge.reset() }
            try edge.step()
        }
        let spectrum = try writable(insertSpectrum)
        for (name, values) in [("combinatorial", network.combinatorialSpectrum), ("normalized", network.normalizedSpectrum)] {
            try spectrum.bind(.text(name), at: 3)
            for (i, value) in values.enumerated() {
                spectrum.bind(label, at: 1); spectrum.bind(t, at: 2); spectrum.bind(i, at: 4); spectrum.bind(value, at: 5)
                try spectrum.step()
                spectrum.resetKeepingBindings()
            }
            spectrum.reset()
        }
        let node = try writable(insertNodeMetric)
        for k in 0..<network.nodeCount {
            node.bind(label, at: 1); node.bind(t, at: 2); node.bind(ids?[k] ?? k, at: 3)
            node.bind(network.strengthIn[k], at: 4); node.bind(network.strengthOut[k], at: 5)
            try node.bind(network.eigenvectorCentrality.map { .real($0[k]) } ?? .null, at: 6)
            node.bind(network.pagerank[k], at: 7)
            try node.bind(network.fiedler.map { .real($0[k]) } ?? .null, at: 8)
            defer { node.reset() }
            try node.step()
        }
    }

    /// Adds a cell's mask at frame t, run-length encoded (`BinaryImage.runLengthEncoded()`;
    /// call after `addFrame` with the same cell and t).
    package func addMask(cell label: Int, t: Int, runLength: [UInt8]) throws {
        let statement = try writable(insertMask)
        statement.bind(label, at: 1)
        statement.bind(t, at: 2)
        statement.bind(bytes: runLength, at: 3)
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
        try writable(insertMorphology).run([
            integer(label), integer(t), real(m.threshold), integer(m.objectCount), integer(m.areaPx),
            real(pixelSize.map { Double(m.areaPx) * $0 * $0 }), real(m.meanObjectAreaPx), real(m.meanPerimeterPx),
            real(m.meanCircularity), real(m.meanAspectRatio), real(m.meanEccentricity), integer(m.branchCount),
            integer(m.junctionCount), integer(m.endpointCount), .real(m.totalBranchLengthPx),
            real(pixelSize.map { m.totalBranchLengthPx * $0 }), real(m.meanBranchLengthPx),
            real(pixelSize.flatMap { size in m.meanBranchLengthPx.map { $0 * size } }), integer(m.individuals),
            integer(m.networks), real(m.meanNetworkSizeBranches), .real(m.skeletonEfficiency),
            real(m.intensityMean), real(m.intensityMedian), real(m.intensityStd), real(m.intensityEntropy),
            integer(m.maskAreaPx), real(area(m.maskAreaPx)), real(m.meanObjectAreaPx.flatMap { area($0) }),
            real(area(m.maskAreaPx).flatMap { $0 > 0 ? Double(m.objectCount) / $0 * 100 : nil }),
            real(m.maskAreaPx > 0 ? Double(m.areaPx) / Double(m.maskAreaPx) : nil),
            real(m.medianBranchLengthPx), real(length(m.medianBranchLengthPx)),
            real(m.branchLengthStdPx), real(length(m.branchLengthStdPx)),
        ])
    }

    /// Adds a frame's structural changes (call after `addFrame` with the same cell and t).
    package func addEvents(cell label: Int, t: Int, _ events: [ComponentEvent]) throws {
        let statement = try writable(insertEvent)
        for event in events {
            try statement.run([.integer(Int64(label)), .integer(Int64(t)), .integer(Int64(event.k)),
                               .text(event.kind.rawValue), event.other.map { .integer(Int64($0)) } ?? .null,
                               event.bicChange.map(SQLValue.real) ?? .null])
        }
    }

    /// Records that a cell's mask became empty at frame t (its last frame).
    package func markLost(cell label: Int, t: Int) throws {
        try writable(updateLost).run([.integer(Int64(label)), .integer(Int64(t))])
    }

    private func writable(_ statement: Statement?) throws -> Statement {
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
