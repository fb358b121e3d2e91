import Foundation
import PlexusGraph
import PlexusImaging
import PlexusIngest
import PlexusStore
import PlexusTestSupport
import XCTest

/// The graph stage of ingest, checked from the stored rows by computations
/// that share no code with the product.
final class NetworkIngestTests: TemporaryDirectoryTestCase {
    /// Eigenvalues of a symmetric matrix by cyclic Jacobi rotations (independent of LAPACK).
    static func jacobiEigenvalues(_ input: [[Double]]) -> [Double] {
        var a = input
        let n = a.count
        for _ in 0..<100 {
            var off = 0.0
            for i in 0..<n { for j in 0..<n where i != j { off += a[i][j] * a[i][j] } }
            if off < 1e-30 { break }
            for p in 0..<n {
                for q in (p + 1)..<max(n, p + 1) where abs(a[p][q]) > 1e-300 {
                    let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k][p], akq = a[k][q]
                        a[k][p] = c * akp - s * akq
                        a[k][q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p][k], aqk = a[q][k]
                        a[p][k] = c * apk - s * aqk
                        a[q][k] = s * apk + c * aqk
                    }
                }
            }
        }
        return (0..<n).map { a[$0][$0] }.sorted()
    }

    func ingest(_ videos: [String], parameters: IngestParameters = IngestParameters()) throws -> String {
        let db = path("network-\(parameters.sha256.prefix(8)).sqlite")
        let store = try ExperimentStore(path: db)
        let summary = try BatchIngest(store: store, parameters: parameters)
            .run(videos.map { VideoSpec(path: $0, condition: "control") }, commandLine: "test")
        XCTAssertEqual(summary.failed.count, 0, "\(summary.failed.map { $0.message ?? "" })")
        return db
    }

    func testStoredSpectraMatchLaplaciansRebuiltFromStoredEdges() throws {
        let video = try SyntheticVideo.write(to: path("spots.tif"), frames: 4)
        let db = try ingest([video])
        let connection = try SQLiteConnection.reading(db)
        XCTAssertEqual(try connection.inconsistencies(), [])
        for t in try connection.ints("SELECT t FROM frame WHERE status = 'fitted' ORDER BY t") {
            let k = try connection.int("SELECT component_count FROM frame WHERE t = ?1", [.integer(Int64(t))])
            XCTAssertGreaterThanOrEqual(k, 2)
            var w = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
            for row in try connection.rows("SELECT src, dst, weight FROM edge WHERE t = ?1", [.integer(Int64(t))]) {
                guard case let .integer(i) = row[0], case let .integer(j) = row[1], case let .real(v) = row[2] else {
                    return XCTFail("bad edge row \(row)")
                }
                XCTAssertNotEqual(i, j)
                w[Int(i)][Int(j)] = v
            }
            // The test's own Laplacians: L = D − W_s and L_n = I − D^−½ W_s D^−½.
            var laplacian = w, normalized = w
            var degree = [Double](repeating: 0, count: k)
            for i in 0..<k { for j in 0..<k where j != i { degree[i] += (w[i][j] + w[j][i]) / 2 } }
            for i in 0..<k {
                for j in 0..<k {
                    let s = i == j ? 0 : (w[i][j] + w[j][i]) / 2
                    laplacian[i][j] = i == j ? degree[i] : -s
                    normalized[i][j] = degree[i] > 0 && degree[j] > 0 ? (i == j ? 1 : 0) - s / (degree[i] * degree[j]).squareRoot() : 0
                }
            }
            for (name, matrix) in [("combinatorial", laplacian), ("normalized", normalized)] {
                let expected = Self.jacobiEigenvalues(matrix)
                let stored = try connection.rows(
                    "SELECT eigenvalue FROM spectrum WHERE t = ?1 AND laplacian = ?2 ORDER BY i",
                    [.integer(Int64(t)), .text(name)]).map { row -> Double in
                        if case let .real(v) = row[0] { return v }
                        return .nan
                    }
                XCTAssertEqual(stored.count, k)
                let scale = max(1e-300, expected.map(abs).max() ?? 0)
                for (a, b) in zip(stored, expected) {
                    XCTAssertEqual(a, b, accuracy: 1e-9 * scale, "t \(t) \(name)")
                }
                if name == "combinatorial" {
                    let connectivity = try connection.rows("SELECT algebraic_connectivity FROM frame WHERE t = ?1",
                                                           [.integer(Int64(t))])[0][0]
                    XCTAssertEqual(connectivity, .real(stored[1]))
                } else {
                    let gap = try connection.rows("SELECT spectral_gap FROM frame WHERE t = ?1", [.integer(Int64(t))])[0][0]
                    XCTAssertEqual(gap, .real(stored[1]))
                }
            }
            // Strengths are the row and column sums of the stored W.
            for row in try connection.rows("SELECT k, strength_in, strength_out, pagerank FROM node_metric WHERE t = ?1",
                                           [.integer(Int64(t))]) {
                guard case let .integer(node) = row[0], case let .real(sIn) = row[1], case let .real(sOut) = row[2] else {
                    return XCTFail("bad node row \(row)")
                }
                let n = Int(node)
                XCTAssertEqual(sIn, (0..<k).reduce(0) { $0 + w[$1][n] }, accuracy: 1e-15 + 1e-12 * sIn)
                XCTAssertEqual(sOut, w[n].reduce(0, +), accuracy: 1e-15 + 1e-12 * sOut)
            }
            let pagerankTotal = try connection.rows("SELECT sum(pagerank) FROM node_metric WHERE t = ?1", [.integer(Int64(t))])
            guard case let .real(total) = pagerankTotal[0][0] else {
                XCTFail("t \(t): the frame's PageRank sums to \(pagerankTotal[0][0]), not a number")
                continue
            }
            XCTAssertEqual(total, 1, accuracy: 1e-12)
        }
    }

    func testAffinityAndEdgeMinimumAreParametersOfTheRun() throws {
        let video = try SyntheticVideo.write(to: path("spots.tif"), frames: 2)
        let db = try ingest([video], parameters: IngestParameters(affinity: .hellinger, edgeMinimum: 0.5))
        let connection = try SQLiteConnection.reading(db)
        let json = try connection.texts("SELECT parameters_json FROM ingest_run")[0]
        XCTAssertTrue(json.contains("\"affinity\":\"hellinger\""), json)
        XCTAssertTrue(json.contains("\"edge_min\":0.5"), json)
        // Hellinger affinities are symmetric: every stored edge has its reverse with the same weight.
        let asymmetric = try connection.int("""
            SELECT count(*) FROM edge a LEFT JOIN edge b ON b.cell_id = a.cell_id AND b.t = a.t AND b.src = a.dst AND b.dst = a.src
            WHERE b.weight IS NULL OR abs(a.weight - b.weight) > 1e-12 * a.weight
            """)
        XCTAssertEqual(asymmetric, 0)
        // A strict threshold keeps fewer edges, but every node keeps its strongest tie.
        let isolated = try connection.int("""
            SELECT count(*) FROM node_metric n WHERE NOT EXISTS
              (SELECT 1 FROM edge e WHERE e.cell_id = n.cell_id AND e.t = n.t AND (e.src = n.k OR e.dst = n.k))
            """)
        XCTAssertEqual(isolated, 0)
        let strict = try connection.int("SELECT sum(edge_count) FROM frame")
        let loose = try SQLiteConnection.reading(try ingest([video], parameters: IngestParameters(affinity: .hellinger, edgeMinimum: 0)))
            .int("SELECT sum(edge_count) FROM frame")
        XCTAssertLessThan(strict, loose)
    }

    func testFrameWithOneComponentHasNoEdges() throws {
        let video = try SyntheticVideo.write(to: path("one.tif"), frames: 3, spots: [Spot(row: 32, col: 32)])
        // Fixed K: with adaptive components the sparse background noise gets a component of its own.
        let db = try ingest([video], parameters: IngestParameters(components: .fixed))
        let connection = try SQLiteConnection.reading(db)
        XCTAssertEqual(try connection.ints("SELECT component_count FROM frame"), [1, 1, 1])
        XCTAssertEqual(try connection.int("SELECT count(*) FROM edge"), 0)
        XCTAssertEqual(try connection.ints("SELECT edge_count FROM frame"), [0, 0, 0])
        XCTAssertEqual(try connection.ints("SELECT connected_components FROM frame"), [1, 1, 1])
        XCTAssertEqual(try connection.int("SELECT count(*) FROM frame WHERE algebraic_connectivity IS NULL AND spectral_gap IS NULL"), 3)
        let nodes = try connection.rows("SELECT eigenvector_centrality, pagerank, fiedler FROM node_metric")
        XCTAssertEqual(nodes.count, 3)
        for row in nodes { XCTAssertEqual(row, [.real(1), .real(1), .null]) }
    }
}
