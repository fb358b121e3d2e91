import Foundation
import PlexusStore
import PlexusTestSupport
import XCTest

/// The named queries on a database written by hand, where components are born,
/// die, split and merge, so that node sets differ from frame to frame. Every
/// expected number is computed independently: by hand, or with numpy/scipy on
/// dense matrices over every id (the script is at the end of this file).
///
/// Cell 1 (video 1, control, frame interval 2 s; k = component ids):
///
///     t  status    nodes       events
///     0  fitted    0 1 2       —
///     1  fitted    0 1 2 3     3 splits off 0
///     2  fitted    0 2 3 4     1 dies; 4 splits off 3 (a second generation)
///     3  fitted    0 3 5       0 absorbs 2 (merge); 4 dies; 5 is born (no edge)
///     4  no_peaks  —           0, 3 and 5 die (a dark frame)
///     5  fitted    6 7         6 and 7 are born
///
/// Cell 2 (video 2, condition fixed, no frame interval): K = 3 fixed, ids 0 … 2,
/// frames 0 … 2, no events.
final class ComponentDynamicsQueryTests: TemporaryDirectoryTestCase {
    var runner: QueryRunner!
    var catalog: [String: NamedQuery] = [:]

    static let nodes: [Int: [Int]] = [0: [0, 1, 2], 1: [0, 1, 2, 3], 2: [0, 2, 3, 4], 3: [0, 3, 5], 5: [6, 7]]
    static let edges: [Int: [(Int, Int, Double)]] = [
        0: [(0, 1, 1.0), (1, 0, 1.0), (1, 2, 0.5), (2, 0, 0.2)],
        1: [(0, 1, 0.8), (1, 0, 1.2), (1, 2, 0.5), (0, 3, 2.0), (3, 0, 1.0)],
        2: [(0, 2, 0.3), (2, 0, 0.3), (0, 3, 1.5), (3, 4, 1.0), (4, 3, 0.6)],
        3: [(0, 3, 1.0), (3, 0, 1.0)],
        5: [(6, 7, 2.0), (7, 6, 1.0)],
    ]
    static let centrality: [Int: [Int: Double]] = [
        0: [0: 0.6, 1: 0.5, 2: 0.4], 1: [0: 0.5, 1: 0.3, 2: 0.45, 3: 0.2], 2: [0: 0.4, 2: 0.5, 3: 0.3, 4: 0.1],
        3: [0: 0.7, 3: 0.2, 5: 0.3], 5: [6: 0.8, 7: 0.6],
    ]
    /// Spectra chosen by hand (not those of the edges): only spectral_distance reads them.
    static let spectra: [String: [Int: [Double]]] = [
        "combinatorial": [0: [0, 1, 3], 1: [0, 0.5, 2, 4], 2: [0, 1, 2, 4], 3: [0, 2, 5], 5: [0, 3]],
        "normalized": [0: [0, 1, 1.5], 1: [0, 0.5, 1, 1.5], 2: [0, 1, 1, 1], 3: [0, 1, 1], 5: [0, 2]],
    ]
    /// (t, component_count, births, deaths, splits, merges, status)
    static let frames: [(Int, Int, Int, Int, Int, Int, String)] = [
        (0, 3, 0, 0, 0, 0, "fitted"), (1, 4, 0, 0, 1, 0, "fitted"), (2, 4, 0, 1, 1, 0, "fitted"),
        (3, 3, 1, 1, 0, 1, "fitted"), (4, 0, 0, 3, 0, 0, "no_peaks"), (5, 2, 2, 0, 0, 0, "fitted"),
    ]
    static let events: [(t: Int, k: Int, kind: String, other: Int?)] = [
        (1, 3, "split", 0), (2, 1, "death", nil), (2, 4, "split", 3), (3, 0, "merge", 2), (3, 4, "death", nil),
        (3, 5, "birth", nil), (4, 0, "death", nil), (4, 3, "death", nil), (4, 5, "death", nil),
        (5, 6, "birth", nil), (5, 7, "birth", nil),
    ]

    static func sql() -> String {
        var sql = """
            INSERT INTO ingest_run (id, started_at, finished_at, tool_version, parameters_json, status, command_line)
                VALUES (1, '2025-01-01T00:00:00Z', '2025-01-01T00:00:01Z', 'test', '{}', 'finished', 'test');
            INSERT INTO video (id, ingest_run_id, path, sha256, parameters_sha256, condition, frame_count, processed_frame_count,
                               height, width, bit_depth, channel, frame_interval_s, metadata_json)
                VALUES (1, 1, '/a.tif', 'a', 'p', 'control', 6, 6, 64, 64, 8, 0, 2.0, '{}'),
                       (2, 1, '/b.tif', 'b', 'p', 'fixed', 3, 3, 64, 64, 8, 0, NULL, '{}');
            INSERT INTO cell (id, video_id, label) VALUES (1, 1, 1), (2, 2, 1);

            """
        func frame(_ cell: Int, _ t: Int, _ time: String, _ status: String, _ count: Int, _ counts: (Int, Int, Int, Int)) -> String {
            """
            INSERT INTO frame (cell_id, t, time_s, status, mask_area_px, intensity_total, component_count,
                               birth_count, death_count, split_count, merge_count)
                VALUES (\(cell), \(t), \(time), '\(status)', 100, 1000.0, \(count), \(counts.0), \(counts.1), \(counts.2), \(counts.3));

            """
        }
        func node(_ cell: Int, _ t: Int, _ k: Int, centrality: Double) -> String {
            """
            INSERT INTO component (cell_id, t, k, weight, mean_row, mean_col, cov_rr, cov_rc, cov_cc, collapsed, regularized)
                VALUES (\(cell), \(t), \(k), 0.25, 10, \(k), 1, 0, 1, 0, 0);
            INSERT INTO node_metric (cell_id, t, k, strength_in, strength_out, eigenvector_centrality, pagerank, fiedler)
                VALUES (\(cell), \(t), \(k), 0, 0, \(centrality), 0.25, NULL);

            """
        }
        for (t, count, births, deaths, splits, merges, status) in frames {
            sql += frame(1, t, "\(2.0 * Double(t))", status, count, (births, deaths, splits, merges))
            for k in nodes[t] ?? [] { sql += node(1, t, k, centrality: centrality[t]![k]!) }
            for (src, dst, weight) in edges[t] ?? [] { sql += "INSERT INTO edge VALUES (1, \(t), \(src), \(dst), \(weight));\n" }
            for (kind, spectrum) in spectra {
                for (i, value) in (spectrum[t] ?? []).enumerated() {
                    sql += "INSERT INTO spectrum VALUES (1, \(t), '\(kind)', \(i), \(value));\n"
                }
            }
        }
        for event in events {
            sql += "INSERT INTO component_event (cell_id, t, k, kind, other_k) VALUES (1, \(event.t), \(event.k), '\(event.kind)', \(event.other.map(String.init) ?? "NULL"));\n"
        }
        // Cell 2: three fixed components.
        let fixedEdges: [Int: [(Int, Int, Double)]] = [
            0: [(0, 1, 1.0), (1, 0, 1.0), (1, 2, 1.0), (2, 1, 1.0)],
            1: [(0, 1, 2.0), (1, 0, 2.0), (1, 2, 1.0), (2, 1, 1.0)],
            2: [(0, 1, 2.0), (1, 0, 2.0), (1, 2, 1.0), (2, 1, 1.0), (0, 2, 0.5)],
        ]
        let fixedSpectra: [Int: [Double]] = [0: [0, 1, 2], 1: [0, 1, 3], 2: [0, 2, 3]]
        for t in 0...2 {
            sql += frame(2, t, "NULL", "fitted", 3, (0, 0, 0, 0))
            for k in 0...2 { sql += node(2, t, k, centrality: [0.5, 0.6, 0.5][k] + 0.1 * Double(t * k)) }
            for (src, dst, weight) in fixedEdges[t]! { sql += "INSERT INTO edge VALUES (2, \(t), \(src), \(dst), \(weight));\n" }
            for (i, value) in fixedSpectra[t]!.enumerated() {
                sql += "INSERT INTO spectrum VALUES (2, \(t), 'combinatorial', \(i), \(value));\n"
            }
        }
        return sql
    }

    override func setUpWithError() throws {
        try super.setUpWithError()
        let database = path("dynamics.sqlite")
        do { _ = try ExperimentStore(path: database) }
        do { try SQLiteConnection(path: database, mode: .readWrite).execute(Self.sql()) }
        runner = try QueryRunner(path: database)
        catalog = try NamedQuery.catalog(folders: [])
    }

    /// Runs a named query; rows as dictionaries by column name.
    func run(_ name: String, _ given: [String: String] = [:]) throws -> [[String: SQLValue]] {
        try runner.rows(of: try XCTUnwrap(catalog[name], name), given)
    }

    func double(_ value: SQLValue?) -> Double? { value?.number }

    func int(_ value: SQLValue?) -> Int? {
        if case let .integer(v) = value { return Int(v) }
        return nil
    }

    // MARK: Laplacian gradient

    /// numpy: ‖ΔL‖_F / Δt and the row norms over the union, per consecutive fitted pair of cell 1.
    static let gradients: [String: [(from: Int, to: Int, gradient: Double, rows: [Int: Double])]] = [
        "combinatorial": [
            (0, 1, 1.478174549909448, [0: 1.0271319292087069, 1: 0.0, 2: 0.07071067811865475, 3: 1.0606601717798212]),
            (1, 2, 1.5016657417681205, [0: 0.9688911187538051, 1: 0.8100925873009825, 2: 0.19685019685029528,
                                        3: 0.5488624600025037, 4: 0.5656854249492381]),
            (2, 3, 0.8093207028119322, [0: 0.19685019685029528, 2: 0.21213203435596426, 3: 0.5012484413940855,
                                        4: 0.5656854249492381, 5: 0.0]),
            (3, 5, 0.9013878188659973, [0: 0.3535533905932738, 3: 0.3535533905932738, 5: 0.0, 6: 0.5303300858899106,
                                        7: 0.5303300858899106]),
        ],
        "normalized": [
            (0, 1, 0.7788471902638046, [0: 0.4208356123826469, 1: 0.14767520576388227, 2: 0.08770613852485212,
                                        3: 0.6324555320336759]),
            (1, 2, 1.0855183846231358, [0: 0.4001784896929055, 1: 0.6164414002968976, 2: 0.3484660262185848,
                                        3: 0.37114216986060694, 4: 0.6156559575481392]),
            (2, 3, 0.9928929285888755, [0: 0.337469888666205, 2: 0.5669467095138409, 3: 0.4141130430115979,
                                        4: 0.6156559575481392, 5: 0.0]),
            (3, 5, 0.7071067811865476, [0: 0.3535533905932738, 3: 0.3535533905932738, 5: 0.0, 6: 0.3535533905932738,
                                        7: 0.3535533905932738]),
        ],
    ]

    /// Which nodes each pair lists, and how (by hand from the table above).
    static let presence: [Int: [Int: String]] = [
        1: [0: "both", 1: "both", 2: "both", 3: "born"],
        2: [0: "both", 1: "gone", 2: "both", 3: "both", 4: "born"],
        3: [0: "both", 2: "gone", 3: "both", 4: "gone", 5: "born"],
        5: [0: "gone", 3: "gone", 5: "gone", 6: "born", 7: "born"],
    ]

    func testLaplacianGradientIsTakenOverTheUnionOfNodes() throws {
        for (kind, pairs) in Self.gradients {
            let rows = try run("laplacian_gradient", ["laplacian": kind, "cell_id": "1"])
            XCTAssertEqual(rows.count, pairs.count, kind)
            let nodeRows = try run("node_laplacian_gradient", ["laplacian": kind, "cell_id": "1"])
            for (row, pair) in zip(rows, pairs) {
                XCTAssertEqual(int(row["t_from"]), pair.from)
                XCTAssertEqual(int(row["t_to"]), pair.to)
                XCTAssertEqual(double(row["dt"]), 2.0 * Double(pair.to - pair.from))
                XCTAssertEqual(try XCTUnwrap(double(row["gradient"])), pair.gradient, accuracy: 1e-13 * pair.gradient, kind)
                let listed = nodeRows.filter { int($0["t_to"]) == pair.to }
                XCTAssertEqual(listed.compactMap { int($0["k"]) }, Self.presence[pair.to]!.keys.sorted(), "\(kind) to \(pair.to)")
                for nodeRow in listed {
                    let k = try XCTUnwrap(int(nodeRow["k"]))
                    XCTAssertEqual(nodeRow["presence"], .text(Self.presence[pair.to]![k]!), "node \(k) to \(pair.to)")
                    XCTAssertEqual(int(nodeRow["t_from"]), pair.from)
                    let expected = try XCTUnwrap(pair.rows[k])
                    XCTAssertEqual(try XCTUnwrap(double(nodeRow["gradient"])), expected, accuracy: 1e-13 * expected,
                                   "\(kind) node \(k) to \(pair.to)")
                }
            }
        }
        // The fitted frames carry the combinatorial gradient from the previous fitted frame.
        let frames = try run("fitted_frames").filter { int($0["cell_id"]) == 1 }
        XCTAssertEqual(frames.compactMap { int($0["t"]) }, [0, 1, 2, 3, 5], "the dark frame 4 is not fitted")
        XCTAssertEqual(frames[0]["laplacian_gradient"], .null)
        for (frame, pair) in zip(frames.dropFirst(), Self.gradients["combinatorial"]!) {
            XCTAssertEqual(try XCTUnwrap(double(frame["laplacian_gradient"])), pair.gradient, accuracy: 1e-13 * pair.gradient)
        }
        // Fixed K: every node is in both frames; the gradient is the K × K difference's (numpy).
        let fixed = try run("laplacian_gradient", ["cell_id": "2"])
        XCTAssertEqual(fixed.compactMap { double($0["gradient"]) }, [2.0, 0.5])
        let fixedNodes = try run("node_laplacian_gradient", ["cell_id": "2"])
        XCTAssertEqual(fixedNodes.count, 2 * 3)
        XCTAssertTrue(fixedNodes.allSatisfy { $0["presence"] == .text("both") })
        let expectedRows = [1.4142135623730951, 1.4142135623730951, 0, 0.3535533905932738, 0, 0.3535533905932738]
        for (row, expected) in zip(fixedNodes, expectedRows) {
            XCTAssertEqual(try XCTUnwrap(double(row["gradient"])), expected, accuracy: 1e-15)
        }
    }

    // MARK: Spectral distance

    func testSpectralDistancePadsTheShorterSpectrumWithZerosAtTheLowEnd() throws {
        // Matched from the largest eigenvalue down, e.g. frame 0 → 1: [0, 0, 1, 3] against
        // [0, 0.5, 2, 4] gives √(0.25 + 1 + 1) = 1.5 (matching from the smallest up gave √1.25).
        let expected: [String: [(Int, Int, Double)]] = [
            "combinatorial": [(0, 1, 1.5), (1, 2, 0.5), (2, 3, 2.0.squareRoot()), (3, 5, 8.0.squareRoot())],
            "normalized": [(0, 1, 0.5), (1, 2, 0.5.squareRoot()), (2, 3, 1), (3, 5, 2.0.squareRoot())],
        ]
        for (kind, pairs) in expected {
            let rows = try run("spectral_distance", ["cell_id": "1", "laplacian": kind])
            XCTAssertEqual(rows.count, pairs.count, kind)
            for (row, pair) in zip(rows, pairs) {
                XCTAssertEqual(int(row["t_from"]), pair.0)
                XCTAssertEqual(int(row["t_to"]), pair.1)
                XCTAssertEqual(try XCTUnwrap(double(row["distance"])), pair.2, accuracy: 1e-14, "\(kind) to \(pair.1)")
            }
            // z-score of the third distance against the two before it (sample SD).
            let previous = pairs.prefix(2).map(\.2), mean = previous.reduce(0, +) / 2
            let sd = (previous.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)).squareRoot()
            XCTAssertEqual(rows[0]["z_score"], .null)
            XCTAssertEqual(rows[1]["z_score"], .null)
            XCTAssertEqual(try XCTUnwrap(double(rows[2]["z_score"])), (pairs[2].2 - mean) / sd, accuracy: 1e-12, kind)
        }
        // Equal lengths (fixed K): the plain distance.
        XCTAssertEqual(try run("spectral_distance", ["cell_id": "2"]).compactMap { double($0["distance"]) }, [1, 1])
    }

    // MARK: Centrality

    func testCentralityDriftOverLifetimesAndCorrelationOverUnions() throws {
        // numpy.polyfit over each node's own frames (time 2t s); one frame: no slope.
        let slopes: [Int: Double?] = [0: 0.009999999999999964, 1: -0.1, 2: 0.02500000000000002, 3: 0,
                                      4: nil, 5: nil, 6: nil, 7: nil]
        let lifetimes: [Int: (Int, Int, Int)] = [0: (4, 0, 3), 1: (2, 0, 1), 2: (3, 0, 2), 3: (3, 1, 3),
                                                 4: (1, 2, 2), 5: (1, 3, 3), 6: (1, 5, 5), 7: (1, 5, 5)]
        let nodeRows = try run("node_centrality_drift", ["cell_id": "1"])
        XCTAssertEqual(nodeRows.compactMap { int($0["k"]) }, Array(0...7))
        for row in nodeRows {
            let k = try XCTUnwrap(int(row["k"]))
            XCTAssertEqual(int(row["frames"]), lifetimes[k]!.0, "node \(k)")
            XCTAssertEqual(int(row["first_t"]), lifetimes[k]!.1, "node \(k)")
            XCTAssertEqual(int(row["last_t"]), lifetimes[k]!.2, "node \(k)")
            if let slope = slopes[k]! {
                XCTAssertEqual(try XCTUnwrap(double(row["slope"])), slope, accuracy: 1e-15, "node \(k)")
            } else {
                XCTAssertEqual(row["slope"], .null, "node \(k)")
            }
        }
        // scipy.stats.spearmanr over the union with the first frame, absent nodes 0.
        let correlations: [(Int, Double)] = [(0, 1), (1, 0.7999999999999999), (2, 0.15389675281277312),
                                             (3, 0.10526315789473685), (5, -0.8603090020146066)]
        let frameRows = try run("centrality_correlation", ["cell_id": "1"])
        XCTAssertEqual(frameRows.count, correlations.count)
        for (row, expected) in zip(frameRows, correlations) {
            XCTAssertEqual(int(row["t"]), expected.0)
            XCTAssertEqual(try XCTUnwrap(double(row["spearman_with_first"])), expected.1, accuracy: 1e-12, "t \(expected.0)")
        }
        let cell = try XCTUnwrap(try run("centrality_drift", ["cell_id": "1"]).first)
        XCTAssertEqual(int(cell["nodes"]), 8)
        let meanAbs = slopes.values.compactMap { $0 }.map(abs).reduce(0, +) / 4
        XCTAssertEqual(try XCTUnwrap(double(cell["mean_abs_slope"])), meanAbs, accuracy: 1e-15)
        XCTAssertEqual(try XCTUnwrap(double(cell["mean_spearman_with_first"])),
                       correlations.map(\.1).reduce(0, +) / 5, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(double(cell["last_spearman_with_first"])), -0.8603090020146066, accuracy: 1e-12)
        let features = try XCTUnwrap(try run("cell_features").first { int($0["cell_id"]) == 1 })
        XCTAssertEqual(try XCTUnwrap(double(features["centrality_drift"])), meanAbs, accuracy: 1e-15)
    }

    // MARK: Events, lineage, features

    func testComponentEventsPerFrame() throws {
        let rows = try run("component_events", ["cell_id": "1"])
        XCTAssertEqual(rows.compactMap { int($0["t"]) }, [0, 1, 2, 3, 4, 5], "fitted frames, and the dark frame with its deaths")
        for (row, frame) in zip(rows, Self.frames) {
            XCTAssertEqual(int(row["component_count"]), frame.1)
            XCTAssertEqual([int(row["births"]), int(row["deaths"]), int(row["splits"]), int(row["merges"])],
                           [frame.2, frame.3, frame.4, frame.5], "t \(frame.0)")
            XCTAssertEqual(row["status"], .text(frame.6))
            XCTAssertEqual(row["condition"], .text("control"))
            // The counts agree with the event rows.
            for (kind, count) in [("birth", frame.2), ("death", frame.3), ("split", frame.4), ("merge", frame.5)] {
                XCTAssertEqual(Self.events.filter { $0.t == frame.0 && $0.kind == kind }.count, count)
            }
        }
        let rates = rows.map { (double($0["split_rate"]), double($0["merge_rate"])) }
        XCTAssertEqual(rates.map(\.0), [0, 0.25, 0.25, 0, nil, 0])
        XCTAssertEqual(rates.map(\.1), [0, 0, 0, 1.0 / 3, nil, 0])
        XCTAssertEqual(double(rows[1]["time_s"]), 2)
        let fixed = try run("component_events", ["cell_id": "2"])
        XCTAssertEqual(fixed.count, 3)
        XCTAssertTrue(fixed.allSatisfy { double($0["split_rate"]) == 0 && double($0["merge_rate"]) == 0 && int($0["births"]) == 0 })
        XCTAssertEqual(try run("component_events").count, 9)
    }

    func testComponentLineage() throws {
        // Two generations of splits: 4 split off 3 at frame 2, 3 off 0 at frame 1.
        let chain = try run("component_lineage", ["cell_id": "1", "k": "4"])
        XCTAssertEqual(chain.compactMap { int($0["generation"]) }, [0, 1, 2])
        XCTAssertEqual(chain.compactMap { int($0["k"]) }, [4, 3, 0])
        XCTAssertEqual(chain.map { int($0["parent_k"]) }, [3, 0, nil])
        XCTAssertEqual(chain.map { int($0["split_t"]) }, [2, 1, nil])
        XCTAssertEqual(chain.map { $0["origin"] }, [.text("split"), .text("split"), .text("initial")])
        XCTAssertEqual(chain.map { $0["fate"] }, [.text("death"), .text("death"), .text("death")])
        XCTAssertEqual(chain.map { int($0["end_t"]) }, [3, 4, 4])
        XCTAssertEqual(chain.map { int($0["first_t"]) }, [2, 1, 0])
        XCTAssertEqual(chain.map { int($0["last_t"]) }, [2, 3, 3])

        // Every component: depth in generations, origin and fate.
        let all = try run("component_lineage", ["cell_id": "1"])
        XCTAssertEqual(all.compactMap { int($0["k"]) }, Array(0...7))
        XCTAssertEqual(all.compactMap { int($0["generation"]) }, [0, 0, 0, 1, 2, 0, 0, 0])
        XCTAssertEqual(all.map { $0["origin"] }, ["initial", "initial", "initial", "split", "split", "birth", "birth", "birth"].map(SQLValue.text))
        XCTAssertEqual(all.map { $0["fate"] }, ["death", "death", "merged", "death", "death", "death", "alive", "alive"].map(SQLValue.text))
        XCTAssertEqual(all.map { int($0["end_t"]) }, [4, 2, 3, 4, 3, 4, nil, nil])
        XCTAssertEqual(all.map { int($0["merged_into"]) }, [nil, nil, 0, nil, nil, nil, nil, nil])
        XCTAssertEqual(all.map { int($0["frames"]) }, [4, 2, 3, 3, 1, 1, 1, 1])

        XCTAssertEqual(try run("component_lineage", ["cell_id": "1", "k": "99"]).count, 0)
        let fixed = try run("component_lineage", ["cell_id": "2"])
        XCTAssertEqual(fixed.count, 3)
        XCTAssertTrue(fixed.allSatisfy { $0["origin"] == .text("initial") && $0["fate"] == .text("alive") && int($0["frames"]) == 3 })
    }

    func testCellFeaturesOfChangingComponents() throws {
        let rows = try run("cell_features")
        XCTAssertEqual(rows.compactMap { int($0["cell_id"]) }, [1, 2])
        XCTAssertNil(rows[0]["mean_component_count"], "flat under fixed K: no longer a feature")
        let cell = rows[0]
        XCTAssertEqual(int(cell["frames"]), 5)
        // numpy.polyfit(time, live count) over the fitted frames: per second.
        XCTAssertEqual(try XCTUnwrap(double(cell["component_count_slope"])), -0.14189189189189202, accuracy: 1e-14)
        // 2 splits and 1 merge over 3 + 4 + 4 + 3 + 2 = 16 live components.
        XCTAssertEqual(double(cell["split_rate"]), 2.0 / 16)
        XCTAssertEqual(double(cell["merge_rate"]), 1.0 / 16)
        // Components 0 … 7 present in 4, 2, 3, 3, 1, 1, 1, 1 fitted frames.
        XCTAssertEqual(double(cell["mean_component_lifetime"]), 16.0 / 8)
        let fixed = rows[1]
        XCTAssertEqual(double(fixed["component_count_slope"]), 0)
        XCTAssertEqual(double(fixed["split_rate"]), 0)
        XCTAssertEqual(double(fixed["merge_rate"]), 0)
        XCTAssertEqual(double(fixed["mean_component_lifetime"]), 3)

        let values = try run("feature_values").filter { int($0["cell_id"]) == 1 }
        XCTAssertEqual(values.compactMap { if case let .text(name) = $0["feature"] { name } else { nil } }, [
            "mean_laplacian_gradient", "centrality_drift", "algebraic_connectivity_slope", "mean_algebraic_connectivity",
            "spectral_gap_slope", "mean_edge_density", "component_count_slope", "split_rate", "merge_rate",
            "mean_component_lifetime", "mean_object_count", "object_count_slope", "mean_branch_length",
            "networks_per_individual", "mean_object_area", "object_density", "area_fraction",
        ])
        XCTAssertEqual(double(values.first { $0["feature"] == .text("split_rate") }?["value"]), 2.0 / 16)

        // The time course: live components and the per-frame rates.
        let course = try run("condition_timecourse", ["metrics": "component_count,split_rate,merge_rate"])
            .filter { $0["condition"] == .text("control") }
        func series(_ metric: String) -> [Double?] {
            course.filter { $0["metric"] == .text(metric) }.map { double($0["mean"]) }
        }
        XCTAssertEqual(series("component_count"), [3, 4, 4, 3, 2])
        XCTAssertEqual(series("split_rate"), [0, 0.25, 0.25, 0, 0])
        XCTAssertEqual(series("merge_rate"), [0, 0, 0, 1.0 / 3, 0])
    }
}

/* The reference values, with numpy 2 and scipy 1.17:

import numpy as np
from scipy.stats import spearmanr
times = {0: 0.0, 1: 2.0, 2: 4.0, 3: 6.0, 5: 10.0}
nodes = {0: [0, 1, 2], 1: [0, 1, 2, 3], 2: [0, 2, 3, 4], 3: [0, 3, 5], 5: [6, 7]}
edges = ...          # as ComponentDynamicsQueryTests.edges
centrality = ...     # as ComponentDynamicsQueryTests.centrality
def lap(t, normalized):                      # dense over every id 0 … 7
    W = np.zeros((8, 8))
    for s, d, w in edges[t]: W[s, d] += w
    S = (W + W.T) / 2; deg = S.sum(1)
    if not normalized: return np.diag(deg) - S
    L = np.zeros((8, 8))
    for i in range(8):
        for j in range(8):
            if deg[i] > 0 and deg[j] > 0: L[i, j] = (i == j) - S[i, j] / np.sqrt(deg[i] * deg[j])
    return L
for a, b in zip(sorted(times), sorted(times)[1:]):
    D = (lap(b, n) - lap(a, n)) / (times[b] - times[a])      # n in (False, True)
    np.linalg.norm(D), [np.linalg.norm(D[k]) for k in sorted(set(nodes[a]) | set(nodes[b]))]
np.polyfit([times[t] for t in ts], [centrality[t][k] for t in ts], 1)[0]   # ts: the frames of node k
union = sorted(set(centrality[0]) | set(centrality[t]))
spearmanr([centrality[0].get(k, 0) for k in union], [centrality[t].get(k, 0) for k in union]).statistic
np.polyfit([times[t] for t in sorted(times)], [len(nodes[t]) for t in sorted(times)], 1)[0]
*/
