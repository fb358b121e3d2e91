import Foundation
import PlexusAnalytics
import PlexusIngest
import PlexusStore
import PlexusTestSupport
import XCTest

/// Each shipped named query run on an ingested video, against the same
/// quantity computed here in Swift from the stored rows.
final class NamedQueryTests: TemporaryDirectoryTestCase {
    static let spots = [Spot(row: 20, col: 20), Spot(row: 24, col: 70, sigma: 3, amplitude: 150),
                        Spot(row: 50, col: 45, sigma: 2, amplitude: 120), Spot(row: 75, col: 20, sigma: 2.5, amplitude: 180),
                        Spot(row: 72, col: 72, sigma: 3.5, amplitude: 140), Spot(row: 48, col: 80, sigma: 2, amplitude: 100)]
    static let interval = 2.0

    var database = ""
    var runner: QueryRunner!
    var catalog: [String: NamedQuery] = [:]

    override func setUpWithError() throws {
        try super.setUpWithError()
        let video = try SyntheticVideo.write(to: path("spots.tif"), frames: 7, width: 96, height: 96, spots: Self.spots)
        database = path("queries.sqlite")
        let store = try ExperimentStore(path: database)
        let summary = try BatchIngest(store: store, parameters: IngestParameters(every: 1))
            .run([VideoSpec(path: video, condition: "control", frameIntervalSeconds: Self.interval)], commandLine: "test")
        XCTAssertEqual(summary.ingested.count, 1)
        runner = try QueryRunner(path: database)
        catalog = try NamedQuery.catalog(folders: [])
    }

    /// Runs a named query; rows as dictionaries by column name.
    func run(_ name: String, _ given: [String: String] = [:]) throws -> [[String: SQLValue]] {
        try runner.rows(of: try XCTUnwrap(catalog[name], name), given)
    }

    func double(_ value: SQLValue?) -> Double? { value?.number }

    /// The stored W of each fitted frame, dense over every id the cell used
    /// (0 … the largest k), by t, and each frame's nodes. A component absent from
    /// a frame is a zero row and column there: the union semantics of the queries.
    func weights() throws -> (k: Int, frames: [Int: [[Double]]], nodes: [Int: Set<Int>]) {
        let connection = try SQLiteConnection(path: database, mode: .readOnly)
        let k = try connection.int("SELECT max(k) + 1 FROM component")
        var frames: [Int: [[Double]]] = [:]
        var nodes: [Int: Set<Int>] = [:]
        for t in try connection.ints("SELECT t FROM frame WHERE status = 'fitted' ORDER BY t") {
            frames[t] = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
            nodes[t] = Set(try connection.ints("SELECT k FROM node_metric WHERE t = ?1", [.integer(Int64(t))]))
        }
        for row in try connection.rows("SELECT t, src, dst, weight FROM edge") {
            guard case let .integer(t) = row[0], case let .integer(i) = row[1], case let .integer(j) = row[2],
                  case let .real(w) = row[3] else { continue }
            frames[Int(t)]![Int(i)][Int(j)] = w
        }
        return (k, frames, nodes)
    }

    /// The rows and columns of `nodes` of a dense matrix.
    static func restricted(_ m: [[Double]], to nodes: Set<Int>) -> [[Double]] {
        let kept = nodes.sorted()
        return kept.map { i in kept.map { j in m[i][j] } }
    }

    static func laplacian(_ w: [[Double]], normalized: Bool) -> [[Double]] {
        let k = w.count
        var degree = [Double](repeating: 0, count: k)
        for i in 0..<k { for j in 0..<k where j != i { degree[i] += (w[i][j] + w[j][i]) / 2 } }
        var l = w
        for i in 0..<k {
            for j in 0..<k {
                let s = i == j ? 0 : (w[i][j] + w[j][i]) / 2
                if normalized {
                    l[i][j] = degree[i] > 0 && degree[j] > 0 ? (i == j ? 1 : 0) - s / (degree[i] * degree[j]).squareRoot() : 0
                } else {
                    l[i][j] = i == j ? degree[i] : -s
                }
            }
        }
        return l
    }

    /// The query features is the one list of the per-cell features: cell_features
    /// has a column for each, in its order; feature_values and frame_feature_values
    /// list exactly its features (those with per_frame = 1 for the frames); the
    /// report's labels are its labels.
    func testFeaturesIsTheOneListOfTheFeatures() throws {
        let features = try run("features")
        let names = features.compactMap { row -> String? in if case let .text(name) = row["feature"] { name } else { nil } }
        XCTAssertEqual(names.count, 17)
        XCTAssertEqual(features.map { double($0["ordinal"]) }, (1...17).map(Double.init))
        let cellColumns = try XCTUnwrap(try run("cell_features").first).keys
        XCTAssertTrue(Set(names).isSubset(of: Set(cellColumns)), "\(Set(names).subtracting(cellColumns))")
        let perCell = try run("feature_values").filter { $0["cell_id"] == .integer(1) }
        XCTAssertEqual(perCell.map { $0["feature"] }, names.map { SQLValue.text($0) })
        let perFrame = Set(try run("frame_feature_values").compactMap { $0["feature"] })
        XCTAssertEqual(perFrame, Set(features.filter { $0["per_frame"] == .integer(1) }.compactMap { $0["feature"] }))
        for row in features {
            guard case let .text(name) = row["feature"], case let .text(label) = row["label"] else { return XCTFail("\(row)") }
            XCTAssertEqual(FeatureLabels.label(name), label)
            XCTAssertEqual(row["meaning"].map { SQLValue.text(FeatureLabels.meaning(name)) == $0 }, true, name)
        }
    }

    func testLaplacianGradientAndItsNodeRows() throws {
        let (k, frames, nodes) = try weights()
        XCTAssertGreaterThanOrEqual(k, 4)
        let times = frames.keys.sorted()
        for kind in ["combinatorial", "normalized"] {
            let rows = try run("laplacian_gradient", ["laplacian": kind])
            let nodeRows = try run("node_laplacian_gradient", ["laplacian": kind])
            XCTAssertEqual(rows.count, times.count - 1)
            XCTAssertEqual(nodeRows.count, zip(times, times.dropFirst()).map { nodes[$0]!.union(nodes[$1]!).count }.reduce(0, +))
            for (previous, t) in zip(times, times.dropFirst()) {
                let a = Self.laplacian(frames[previous]!, normalized: kind == "normalized")
                let b = Self.laplacian(frames[t]!, normalized: kind == "normalized")
                let dt = Double(t - previous) * Self.interval
                var total = 0.0
                var rowNorms = [Double](repeating: 0, count: k)
                for i in 0..<k {
                    for j in 0..<k {
                        let d = b[i][j] - a[i][j]
                        total += d * d
                        rowNorms[i] += d * d
                    }
                }
                let row = try XCTUnwrap(rows.first { $0["t_to"] == .integer(Int64(t)) })
                XCTAssertEqual(row["t_from"], .integer(Int64(previous)))
                XCTAssertEqual(double(row["dt"]), dt)
                let expected = total.squareRoot() / dt
                XCTAssertEqual(try XCTUnwrap(double(row["gradient"])), expected, accuracy: 1e-9 * expected + 1e-300, kind)
                for node in nodes[previous]!.union(nodes[t]!) {
                    let nodeRow = try XCTUnwrap(nodeRows.first { $0["t_to"] == .integer(Int64(t)) && $0["k"] == .integer(Int64(node)) })
                    let presence = nodes[previous]!.contains(node) ? (nodes[t]!.contains(node) ? "both" : "gone") : "born"
                    XCTAssertEqual(nodeRow["presence"], .text(presence), "node \(node) to \(t)")
                    let expectedNode = rowNorms[node].squareRoot() / dt
                    XCTAssertEqual(try XCTUnwrap(double(nodeRow["gradient"])), expectedNode,
                                   accuracy: 1e-9 * expectedNode + 1e-300, "\(kind) node \(node)")
                }
            }
        }
    }

    func testSpectralDistanceAndTimeline() throws {
        let (_, frames, nodes) = try weights()
        let times = frames.keys.sorted()
        // Over every id, an absent node adds a zero eigenvalue: the spectra padded at the low end.
        let padded = times.map { NetworkIngestTests.jacobiEigenvalues(Self.laplacian(frames[$0]!, normalized: false)) }
        let spectra = times.map {
            NetworkIngestTests.jacobiEigenvalues(Self.laplacian(Self.restricted(frames[$0]!, to: nodes[$0]!), normalized: false))
        }
        var distances: [Double] = []
        for (a, b) in zip(padded, padded.dropFirst()) {
            distances.append(zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot())
        }
        let window = 3
        let rows = try run("spectral_distance", ["window": "\(window)"])
        XCTAssertEqual(rows.count, distances.count)
        for (index, distance) in distances.enumerated() {
            let row = rows[index]
            XCTAssertEqual(row["t_to"], .integer(Int64(times[index + 1])))
            let scale = max(distances.max()!, 1e-300)
            XCTAssertEqual(try XCTUnwrap(double(row["distance"])), distance, accuracy: 1e-9 * scale)
            // z-score against the preceding `window` distances (sample SD), NULL below two.
            let previous = Array(distances[max(0, index - window)..<index])
            if previous.count >= 2 {
                let mean = previous.reduce(0, +) / Double(previous.count)
                let sd = (previous.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(previous.count - 1)).squareRoot()
                XCTAssertEqual(try XCTUnwrap(double(row["z_score"])), (distance - mean) / sd, accuracy: 1e-6 * abs((distance - mean) / sd) + 1e-9)
            } else {
                XCTAssertEqual(row["z_score"], .null)
            }
        }
        let timeline = try run("spectral_timeline")
        XCTAssertEqual(timeline.count, times.count)
        for (index, row) in timeline.enumerated() {
            XCTAssertEqual(row["condition"], .text("control"))
            XCTAssertEqual(double(row["time_s"]), Double(times[index]) * Self.interval)
            XCTAssertEqual(try XCTUnwrap(double(row["algebraic_connectivity"])), spectra[index][1],
                           accuracy: 1e-9 * spectra[index].last!)
        }
        XCTAssertEqual(try run("spectral_timeline", ["cell_id": "999"]).count, 0)
    }

    static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            for position in start...end { ranks[order[position]] = Double(start + end) / 2 + 1 }
            start = end + 1
        }
        return ranks
    }

    static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(x, y) { sxy += (a - mx) * (b - my); sxx += (a - mx) * (a - mx); syy += (b - my) * (b - my) }
        return sxy / (sxx * syy).squareRoot()
    }

    func testCentralityDriftFamily() throws {
        let connection = try SQLiteConnection(path: database, mode: .readOnly)
        var centrality: [Int: [Int: Double]] = [:] // k → t → value
        for row in try connection.rows("SELECT t, k, eigenvector_centrality FROM node_metric WHERE eigenvector_centrality IS NOT NULL") {
            guard case let .integer(t) = row[0], case let .integer(k) = row[1], case let .real(v) = row[2] else { continue }
            centrality[Int(k), default: [:]][Int(t)] = v
        }
        let times = Set(centrality.values.flatMap(\.keys)).sorted()
        var slopes: [Int: Double] = [:]
        for (k, series) in centrality {
            let x = series.keys.sorted().map { Double($0) * Self.interval }
            let y = series.keys.sorted().map { series[$0]! }
            let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
            let sxy = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
            let sxx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
            if x.count >= 2 { slopes[k] = sxy / sxx }
        }
        let nodeRows = try run("node_centrality_drift")
        XCTAssertEqual(nodeRows.count, centrality.count)
        for row in nodeRows {
            guard case let .integer(k) = row["k"] else { return XCTFail("row \(row)") }
            XCTAssertEqual(row["frames"], .integer(Int64(centrality[Int(k)]!.count)))
            guard let expected = slopes[Int(k)] else {
                XCTAssertEqual(row["slope"], .null, "node \(k) is seen in one frame")
                continue
            }
            XCTAssertEqual(try XCTUnwrap(double(row["slope"])), expected, accuracy: 1e-9 * abs(expected) + 1e-15)
        }
        // Over the union of the two frames' nodes, an absent node at centrality 0.
        var correlations: [Double] = []
        for t in times {
            let union = centrality.keys.filter { centrality[$0]![times[0]] != nil || centrality[$0]![t] != nil }.sorted()
            let base = union.map { centrality[$0]![times[0]] ?? 0 }, now = union.map { centrality[$0]![t] ?? 0 }
            correlations.append(Self.pearson(Self.ranks(base), Self.ranks(now)))
        }
        let frameRows = try run("centrality_correlation")
        XCTAssertEqual(frameRows.count, times.count)
        for (index, row) in frameRows.enumerated() {
            XCTAssertEqual(try XCTUnwrap(double(row["spearman_with_first"])), correlations[index], accuracy: 1e-12)
        }
        XCTAssertEqual(correlations[0], 1, accuracy: 1e-15)
        let cell = try XCTUnwrap(try run("centrality_drift").first)
        let meanAbs = slopes.values.map(abs).reduce(0, +) / Double(slopes.count)
        XCTAssertEqual(try XCTUnwrap(double(cell["mean_abs_slope"])), meanAbs, accuracy: 1e-9 * meanAbs)
        XCTAssertEqual(try XCTUnwrap(double(cell["mean_spearman_with_first"])),
                       correlations.reduce(0, +) / Double(correlations.count), accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(double(cell["last_spearman_with_first"])), correlations.last!, accuracy: 1e-12)
        XCTAssertEqual(cell["condition"], .text("control"))
    }

    func testCellSummaryAndConditionQueries() throws {
        let connection = try SQLiteConnection(path: database, mode: .readOnly)
        let frames = try connection.rows("""
            SELECT COALESCE(time_s, t), algebraic_connectivity, edge_density, component_count, split_count, merge_count
            FROM frame WHERE status = 'fitted' ORDER BY t
            """)
        let time = frames.map { double($0[0])! }, connectivity = frames.map { double($0[1])! }
        let mt = time.reduce(0, +) / Double(time.count), mc = connectivity.reduce(0, +) / Double(connectivity.count)
        let connectivitySlope = zip(time, connectivity).reduce(0) { $0 + ($1.0 - mt) * ($1.1 - mc) }
            / time.reduce(0) { $0 + ($1 - mt) * ($1 - mt) }
        let gradients = try run("laplacian_gradient").map { double($0["gradient"])! }
        let driftRow = try XCTUnwrap(try run("centrality_drift").first)

        let cell = try XCTUnwrap(try run("cell_summary").first)
        XCTAssertEqual(cell["frames"], .integer(Int64(frames.count)))
        XCTAssertEqual(cell["condition"], .text("control"))
        XCTAssertEqual(try XCTUnwrap(double(cell["algebraic_connectivity_slope"])), connectivitySlope,
                       accuracy: 1e-9 * abs(connectivitySlope) + 1e-300)
        XCTAssertEqual(try XCTUnwrap(double(cell["mean_edge_density"])),
                       frames.map { double($0[2])! }.reduce(0, +) / Double(frames.count), accuracy: 1e-12)
        XCTAssertNil(cell["mean_component_count"], "no longer a feature")
        let counts = frames.map { double($0[3])! }, mk = counts.reduce(0, +) / Double(counts.count)
        let countSlope = zip(time, counts).reduce(0) { $0 + ($1.0 - mt) * ($1.1 - mk) }
            / time.reduce(0) { $0 + ($1 - mt) * ($1 - mt) }
        XCTAssertEqual(try XCTUnwrap(double(cell["component_count_slope"])), countSlope, accuracy: 1e-12 + 1e-9 * abs(countSlope))
        let live = counts.reduce(0, +)
        XCTAssertEqual(try XCTUnwrap(double(cell["split_rate"])), frames.map { double($0[4])! }.reduce(0, +) / live, accuracy: 1e-15)
        XCTAssertEqual(try XCTUnwrap(double(cell["merge_rate"])), frames.map { double($0[5])! }.reduce(0, +) / live, accuracy: 1e-15)
        let lifetimes = try connection.ints("""
            SELECT count(*) FROM component c JOIN frame f USING (cell_id, t) WHERE f.status = 'fitted' GROUP BY c.k
            """)
        XCTAssertEqual(try XCTUnwrap(double(cell["mean_component_lifetime"])),
                       Double(lifetimes.reduce(0, +)) / Double(lifetimes.count), accuracy: 1e-12)
        let meanGradient = gradients.reduce(0, +) / Double(gradients.count)
        XCTAssertEqual(try XCTUnwrap(double(cell["mean_laplacian_gradient"])), meanGradient, accuracy: 1e-12 * meanGradient)
        XCTAssertEqual(double(cell["centrality_drift"]), double(driftRow["mean_abs_slope"]))
        // Morphology features: the slope of the object count over time, and the mean branch length.
        let morphology = try connection.rows("""
            SELECT COALESCE(f.time_s, f.t), m.object_count, m.mean_branch_length_px * COALESCE(v.pixel_size_um, 1),
                   m.mean_object_area_px * COALESCE(v.pixel_size_um * v.pixel_size_um, 1),
                   m.object_count * CASE WHEN v.pixel_size_um IS NULL THEN 10000.0 / m.mask_area_px
                                         ELSE 100.0 / (m.mask_area_px * v.pixel_size_um * v.pixel_size_um) END,
                   CAST(m.area_px AS REAL) / m.mask_area_px
            FROM morphology m JOIN frame f USING (cell_id, t) JOIN cell c ON c.id = f.cell_id
            JOIN video v ON v.id = c.video_id WHERE f.status = 'fitted' ORDER BY f.t
            """)
        let objects = morphology.map { double($0[1])! }
        let mo = objects.reduce(0, +) / Double(objects.count)
        let objectSlope = zip(time, objects).reduce(0) { $0 + ($1.0 - mt) * ($1.1 - mo) }
            / time.reduce(0) { $0 + ($1 - mt) * ($1 - mt) }
        XCTAssertEqual(try XCTUnwrap(double(cell["object_count_slope"])), objectSlope, accuracy: 1e-12 + 1e-9 * abs(objectSlope))
        let lengths = morphology.compactMap { double($0[2]) }
        if !lengths.isEmpty {
            XCTAssertEqual(try XCTUnwrap(double(cell["mean_branch_length"])),
                           lengths.reduce(0, +) / Double(lengths.count), accuracy: 1e-9)
        }
        // Object area (µm² with a pixel size), objects per 100 µm² of cell, area fraction.
        for (column, feature) in [(3, "mean_object_area"), (4, "object_density"), (5, "area_fraction")] {
            let perFrame = morphology.compactMap { double($0[column]) }
            XCTAssertFalse(perFrame.isEmpty, feature)
            XCTAssertEqual(try XCTUnwrap(double(cell[feature])), perFrame.reduce(0, +) / Double(perFrame.count),
                           accuracy: 1e-9 * max(1, abs(perFrame[0])), feature)
        }

        // The time course of the branch length is the per-frame value (one cell), in the same unit.
        let course = try run("condition_timecourse", ["metrics": "mean_branch_length"])
        XCTAssertEqual(course.count, morphology.count)
        for (row, frame) in zip(course, morphology) {
            XCTAssertEqual(double(row["mean"]) ?? .nan, double(frame[2]) ?? .nan, accuracy: 1e-9)
        }

        // With one cell per condition, the tests that need spread are not computable (NULL),
        // never a made-up p = 1; Cliff's delta is ±1 or 0.
        let other = try SyntheticVideo.write(to: path("other.tif"), frames: 5, width: 96, height: 96,
                                             spots: Array(Self.spots.prefix(4)), seed: 9)
        let store = try ExperimentStore(path: database)
        let summary = try BatchIngest(store: store, parameters: IngestParameters())
            .run([VideoSpec(path: other, condition: "treated", frameIntervalSeconds: Self.interval)], commandLine: "test")
        XCTAssertEqual(summary.ingested.count, 1)
        runner = try QueryRunner(path: database)
        let compared = try run("condition_compare", ["baseline": "control"])
        XCTAssertEqual(compared.count, 17)
        for row in compared {
            XCTAssertEqual(row["condition"], .text("treated"))
            XCTAssertEqual(row["baseline_cells"], .integer(1))
            XCTAssertEqual(row["cells"], .integer(1))
            XCTAssertEqual(row["welch_t_p"], .null, "\(row["feature"]!)")
            XCTAssertEqual(row["cohens_d"], .null)
            if let delta = double(row["cliffs_delta"]) { XCTAssertTrue([-1, 0, 1].contains(delta)) }
        }
        XCTAssertEqual(try run("condition_compare", ["baseline": "absent"]).count, 0)
        let summaryRows = try run("condition_summary")
        XCTAssertEqual(Set(summaryRows.map { $0["condition"]! }), [.text("control"), .text("treated")])
        XCTAssertEqual(summaryRows.count, 34)
    }
}
