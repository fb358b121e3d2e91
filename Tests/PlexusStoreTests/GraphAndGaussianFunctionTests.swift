import Foundation
import PlexusGraph
import PlexusMixture
import XCTest
@testable import PlexusStore

/// The Gaussian helpers against PlexusGraph's GaussianMath, and the graph
/// aggregates on a path graph whose spectra are known in closed form.
final class GraphAndGaussianFunctionTests: XCTestCase {
    var db: SQLiteConnection!

    override func setUpWithError() throws {
        db = try SQLiteConnection(path: ":memory:", mode: .readWriteCreate)
        try db.installFunctions()
    }

    override func tearDownWithError() throws {
        db = nil
    }

    // MARK: - Gaussian helpers

    static let components = [
        GaussianComponent(weight: 1, meanRow: 10.5, meanCol: -3.25, covRR: 2.0, covRC: 0.4, covCC: 1.5),
        GaussianComponent(weight: 1, meanRow: 12.0, meanCol: -2.0, covRR: 0.8, covRC: -0.3, covCC: 3.1),
        GaussianComponent(weight: 1, meanRow: 9.75, meanCol: -3.0, covRR: 5.0, covRC: 0.0, covCC: 0.25),
    ]

    static func arguments(_ c: GaussianComponent) -> [SQLValue] {
        [c.meanRow, c.meanCol, c.covRR, c.covRC, c.covCC].map(SQLValue.real)
    }

    func testGaussianFunctionsMatchGaussianMath() throws {
        let points = [(10.5, -3.25), (11.2, -2.5), (0.0, 0.0)]
        for component in Self.components {
            for (row, col) in points {
                let value = try db.scalar("SELECT mvn_pdf(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                          [.real(row), .real(col)] + Self.arguments(component))
                assertClose(value, GaussianMath.density(row: row, col: col, of: component), 1e-15, "mvn_pdf at (\(row), \(col))")
            }
        }
        for (i, p) in Self.components.enumerated() {
            for (j, q) in Self.components.enumerated() {
                let values = Self.arguments(p) + Self.arguments(q)
                let kl = try db.scalar("SELECT gaussian_kl(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", values)
                let hellinger = try db.scalar("SELECT gaussian_hellinger(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", values)
                let expectedKL = GaussianMath.kullbackLeibler(p, q), expectedHellinger = GaussianMath.hellinger(p, q)
                if i == j {
                    // Distance zero up to rounding; assert closeness in absolute terms.
                    guard case let .real(k) = kl, case let .real(h) = hellinger else { return XCTFail("not REAL") }
                    XCTAssertEqual(k, 0, accuracy: 1e-14)
                    XCTAssertEqual(h, 0, accuracy: 1e-7) // √ of a rounding error
                } else {
                    assertClose(kl, expectedKL, 1e-15, "gaussian_kl")
                    assertClose(hellinger, expectedHellinger, 1e-15, "gaussian_hellinger")
                    XCTAssertGreaterThan(expectedKL, 0)
                }
            }
        }
        // The 2-D density at its own mean is 1 / (2π √det Σ).
        let c = Self.components[0]
        assertClose(try db.scalar("SELECT mvn_pdf(?1, ?2, ?1, ?2, ?3, ?4, ?5)", Self.arguments(c)),
                    1 / (2 * Double.pi * (c.covRR * c.covCC - c.covRC * c.covRC).squareRoot()), 1e-15, "peak density")
    }

    func testGaussianFunctionsPassNullAndRejectBadCovariances() throws {
        let p = Self.arguments(Self.components[0]), q = Self.arguments(Self.components[1])
        var withNull = p + q
        withNull[7] = .null
        XCTAssertEqual(try db.scalar("SELECT gaussian_kl(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", withNull), .null)
        XCTAssertEqual(try db.scalar("SELECT gaussian_hellinger(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", withNull), .null)
        XCTAssertEqual(try db.scalar("SELECT mvn_pdf(NULL, 0, 10, -3, 2, 0.4, 1.5)"), .null)
        XCTAssertEqual(try db.scalar("SELECT mvn_pdf(1, 0, 10, -3, 2, NULL, 1.5)"), .null)

        // |cov_rc| > √(cov_rr cov_cc): not positive definite.
        let bad: [SQLValue] = [.real(0), .real(0), .real(1), .real(2), .real(1)]
        db.assertError("SELECT mvn_pdf(0, 0, ?1, ?2, ?3, ?4, ?5)", bad,
                    contains: "5th–7th arguments to mvn_pdf() are not a positive-definite covariance")
        db.assertError("SELECT gaussian_kl(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", p + bad,
                    contains: "8th–10th arguments to gaussian_kl() are not a positive-definite covariance")
        db.assertError("SELECT gaussian_hellinger(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", bad + q,
                    contains: "3rd–5th arguments to gaussian_hellinger() are not a positive-definite covariance")
        db.assertError("SELECT mvn_pdf('here', 0, 0, 0, 1, 0, 1)", contains: "1st argument to mvn_pdf() is not a number: 'here'")
    }

    // MARK: - Graph aggregates

    /// The path 0–1–2–3, both directions, weight 1, at frame `t`.
    func insertPath(t: Int) throws {
        for (a, b) in [(0, 1), (1, 2), (2, 3)] {
            try db.execute("INSERT INTO edge VALUES (\(t), \(a), \(b), 1), (\(t), \(b), \(a), 1)")
        }
    }

    func doubles(_ json: SQLValue?, file: StaticString = #filePath, line: UInt = #line) throws -> [Double] {
        guard case let .text(text) = json else {
            XCTFail("not JSON text: \(String(describing: json))", file: file, line: line)
            return []
        }
        return try JSONDecoder().decode([Double].self, from: Data(text.utf8))
    }

    func testGraphAggregatesOnAPathGraph() throws {
        try db.execute("CREATE TABLE edge (t INTEGER, src INTEGER, dst INTEGER, weight REAL)")
        try insertPath(t: 0)

        // L of the path P₄: 2 − 2cos(πk/4); L_n: 1 − cos(πk/3).
        let combinatorial = try doubles(try db.scalar("SELECT laplacian_spectrum(src, dst, weight) FROM edge"))
        let explicit = try doubles(try db.scalar("SELECT laplacian_spectrum(src, dst, weight, 'combinatorial') FROM edge"))
        let normalized = try doubles(try db.scalar("SELECT laplacian_spectrum(src, dst, weight, 'normalized') FROM edge"))
        XCTAssertEqual(combinatorial.count, 4)
        XCTAssertEqual(normalized.count, 4)
        for k in 0..<4 {
            XCTAssertEqual(combinatorial[k], 2 - 2 * cos(Double.pi * Double(k) / 4), accuracy: 1e-12, "λ\(k)(L)")
            XCTAssertEqual(explicit[k], combinatorial[k], accuracy: 0)
            XCTAssertEqual(normalized[k], 1 - cos(Double.pi * Double(k) / 3), accuracy: 1e-12, "λ\(k)(L_n)")
        }
        // KIND must not vary within a group (it used to take the last row's).
        XCTAssertThrowsError(try db.scalar("SELECT laplacian_spectrum(src, dst, weight, CASE WHEN src = 2 THEN 'normalized' ELSE 'combinatorial' END) FROM edge")) { error in
            XCTAssertTrue("\(error)".contains("4th argument to laplacian_spectrum() must be the same on every row of a group"), "\(error)")
        }
        // Node ids far apart are compacted: two nodes, not a 100,001² matrix.
        XCTAssertEqual(try db.scalar("SELECT algebraic_connectivity(100000, 0, 1.0)"), .real(1))  // W_s = 0.5 each way: L has eigenvalues 0 and 1
        XCTAssertEqual(try doubles(try db.scalar("SELECT laplacian_spectrum(3037000500, 0, 1.0)")), [0, 1])
        guard case let .real(connectivity) = try db.scalar("SELECT algebraic_connectivity(src, dst, weight) FROM edge") else {
            return XCTFail("algebraic_connectivity is not REAL")
        }
        XCTAssertEqual(connectivity, 2 - 2.0.squareRoot(), accuracy: 1e-12)

        // Eigenvector centrality of the path: sin(πj/5), j = 1 … 4, unit norm.
        let centrality = try db.rows("""
            SELECT CAST(j.key AS INTEGER), j.value
            FROM (SELECT eigenvector_centrality(src, dst, weight) AS c FROM edge), json_each(c) AS j
            ORDER BY 1
            """)
        let shape = (1...4).map { sin(Double.pi * Double($0) / 5) }
        let norm = shape.map { $0 * $0 }.reduce(0, +).squareRoot()
        XCTAssertEqual(centrality.map { $0[0] }, (0...3).map { SQLValue.integer(Int64($0)) })
        for (row, expected) in zip(centrality, shape) {
            guard case let .real(value) = row[1] else { return XCTFail("centrality is not REAL: \(row)") }
            XCTAssertEqual(value, expected / norm, accuracy: 1e-12)
        }

        // PageRank: a distribution, symmetric on the symmetric path, the middle ahead.
        let pagerank = try db.rows("""
            SELECT CAST(j.key AS INTEGER), j.value
            FROM (SELECT pagerank(src, dst, weight) AS p FROM edge), json_each(p) AS j
            ORDER BY 1
            """).map { row -> Double in
            guard case let .real(value) = row[1] else { return .nan }
            return value
        }
        XCTAssertEqual(pagerank.count, 4)
        XCTAssertEqual(pagerank.reduce(0, +), 1, accuracy: 1e-12)
        guard case let .real(sum) = try db.scalar("""
            SELECT sum(j.value) FROM (SELECT pagerank(src, dst, weight) AS p FROM edge), json_each(p) AS j
            """) else { return XCTFail("no PageRank sum") }
        XCTAssertEqual(sum, 1, accuracy: 1e-12)
        XCTAssertEqual(pagerank[0], pagerank[3], accuracy: 1e-12)
        XCTAssertEqual(pagerank[1], pagerank[2], accuracy: 1e-12)
        XCTAssertGreaterThan(pagerank[1], pagerank[0])
    }

    func testGraphAggregatesGroupByFrame() throws {
        try db.execute("CREATE TABLE edge (t INTEGER, src INTEGER, dst INTEGER, weight REAL)")
        try insertPath(t: 0)
        // Frame 1: the triangle 0–1–2 (L's spectrum 0, 3, 3); frame 2: only NULL rows.
        try db.execute("""
            INSERT INTO edge VALUES (1, 0, 1, 1), (1, 1, 0, 1), (1, 1, 2, 1), (1, 2, 1, 1), (1, 0, 2, 1), (1, 2, 0, 1),
                                    (2, NULL, 1, 1), (2, 0, 1, NULL);
            """)
        let rows = try db.rows("""
            SELECT t, algebraic_connectivity(src, dst, weight), laplacian_spectrum(src, dst, weight)
            FROM edge GROUP BY t ORDER BY t
            """)
        XCTAssertEqual(rows.count, 3)
        XCTAssertEqual(rows.map { $0[0] }, [.integer(0), .integer(1), .integer(2)])
        guard case let .real(path) = rows[0][1], case let .real(triangle) = rows[1][1] else { return XCTFail("\(rows)") }
        XCTAssertEqual(path, 2 - 2.0.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(triangle, 3, accuracy: 1e-12)
        XCTAssertEqual(try doubles(rows[1][2]).count, 3)
        XCTAssertEqual(rows[2][1], .null, "a frame whose rows are all skipped has no graph")
        XCTAssertEqual(rows[2][2], .null)
    }

    /// Node ids of a frame need not be contiguous (components are born with new
    /// ids and die): the path 2–5–17–40 is the path P₄, not a graph of 41 nodes
    /// with 37 isolated ones, and vectors come keyed by id.
    func testGraphAggregatesUseTheNodesOfTheRows() throws {
        try db.execute("CREATE TABLE edge (t INTEGER, src INTEGER, dst INTEGER, weight REAL)")
        for (a, b) in [(2, 5), (5, 17), (17, 40)] {
            try db.execute("INSERT INTO edge VALUES (0, \(a), \(b), 1), (0, \(b), \(a), 1)")
        }
        let spectrum = try doubles(try db.scalar("SELECT laplacian_spectrum(src, dst, weight) FROM edge"))
        XCTAssertEqual(spectrum.count, 4)
        for k in 0..<4 { XCTAssertEqual(spectrum[k], 2 - 2 * cos(Double.pi * Double(k) / 4), accuracy: 1e-12) }
        // KIND must not vary within a group (it used to take the last row's).
        XCTAssertThrowsError(try db.scalar("SELECT laplacian_spectrum(src, dst, weight, CASE WHEN src = 2 THEN 'normalized' ELSE 'combinatorial' END) FROM edge")) { error in
            XCTAssertTrue("\(error)".contains("4th argument to laplacian_spectrum() must be the same on every row of a group"), "\(error)")
        }
        // Node ids far apart are compacted: two nodes, not a 100,001² matrix.
        XCTAssertEqual(try db.scalar("SELECT algebraic_connectivity(100000, 0, 1.0)"), .real(1))  // W_s = 0.5 each way: L has eigenvalues 0 and 1
        XCTAssertEqual(try doubles(try db.scalar("SELECT laplacian_spectrum(3037000500, 0, 1.0)")), [0, 1])
        guard case let .real(connectivity) = try db.scalar("SELECT algebraic_connectivity(src, dst, weight) FROM edge") else {
            return XCTFail("algebraic_connectivity is not REAL")
        }
        XCTAssertEqual(connectivity, 2 - 2.0.squareRoot(), accuracy: 1e-12)
        for function in ["eigenvector_centrality", "pagerank"] {
            let rows = try db.rows("""
                SELECT CAST(j.key AS INTEGER), j.value FROM (SELECT \(function)(src, dst, weight) AS v FROM edge), json_each(v) AS j
                ORDER BY 1
                """)
            XCTAssertEqual(rows.map { $0[0] }, [2, 5, 17, 40].map { SQLValue.integer($0) }, function)
            let values = rows.compactMap { row -> Double? in if case let .real(v) = row[1] { v } else { nil } }
            XCTAssertEqual(values.count, 4)
            XCTAssertEqual(values[0], values[3], accuracy: 1e-12, "\(function): the path's ends alike")
            XCTAssertGreaterThan(values[1], values[0], function)
            if function == "pagerank" { XCTAssertEqual(values.reduce(0, +), 1, accuracy: 1e-12) }
        }
    }

    func testGraphAggregatesRejectSelfLoopsAndUnknownKinds() throws {
        try db.execute("CREATE TABLE edge (t INTEGER, src INTEGER, dst INTEGER, weight REAL)")
        try insertPath(t: 0)
        db.assertError("SELECT laplacian_spectrum(src, dst, weight, 'signless') FROM edge",
                    contains: "4th argument to laplacian_spectrum() must be 'combinatorial' or 'normalized', not 'signless'")
        db.assertError("SELECT laplacian_spectrum(src, dst, weight, 2) FROM edge",
                    contains: "4th argument to laplacian_spectrum() must be text")
        try db.execute("INSERT INTO edge VALUES (0, 2, 2, 0.5)")
        for function in ["laplacian_spectrum", "algebraic_connectivity", "eigenvector_centrality", "pagerank"] {
            db.assertError("SELECT \(function)(src, dst, weight) FROM edge",
                        contains: "1st and 2nd arguments to \(function)() are the same node 2: self-loops are not edges")
        }
    }
}
