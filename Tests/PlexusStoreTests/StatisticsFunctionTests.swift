import Foundation
import PlexusNumerics
import XCTest
@testable import PlexusStore

/// The statistics SQL functions against numpy and scipy, on the seeded data of
/// `Benchmarks/scipy_fixtures.py` (rerun it to regenerate Fixtures/statistics.json),
/// and their NULL, error, window and GROUP BY behaviour.
final class StatisticsFunctionTests: XCTestCase {
    struct Reference: Decodable {
        struct Percentile: Decodable {
            let p: Double
            let value: Double
        }
        struct Column: Decodable {
            let name: String
            let x: [Double]
            let y: [Double]
            let median: Double
            let percentiles: [Percentile]
            let stddev: Double?
            let slope: Double?
            let pearson: Double?
            let spearman: Double?
        }
        struct Groups: Decodable {
            let name: String
            let group1: [Double]
            let group0: [Double]
            let mann_whitney_method: String
            let mann_whitney_u: Double
            let mann_whitney_p: Double
            let welch_t_p: Double?
            let cohens_d: Double?
            let cliffs_delta: Double
        }
        struct StudentTail: Decodable {
            let t: Double
            let df: Double
            let p: Double
        }
        let script: String
        let numpy_version: String
        let scipy_version: String
        let columns: [Column]
        let groups: [Groups]
        let student_t: [StudentTail]
    }

    /// Relative tolerances: statistics computed in a few arithmetic steps, and
    /// p-values (through erfc, the incomplete beta, an exact distribution).
    static let simpleTolerance = 1e-12
    static let pValueTolerance = 1e-9

    var db: SQLiteConnection!

    override func setUpWithError() throws {
        db = try SQLiteConnection(path: ":memory:", mode: .readWriteCreate)
        try db.installFunctions()
        try db.execute("""
            CREATE TABLE sample (name TEXT, x REAL, y REAL);
            CREATE TABLE observation (name TEXT, value REAL, grp INTEGER);
            """)
    }

    override func tearDownWithError() throws {
        db = nil
    }

    func insert(_ column: Reference.Column) throws {
        let statement = try db.prepare("INSERT INTO sample VALUES (?1, ?2, ?3)")
        for (x, y) in zip(column.x, column.y) { try statement.run([.text(column.name), .real(x), .real(y)]) }
    }

    // MARK: - Agreement with numpy and scipy

    func testColumnStatisticsAgreeWithNumpyAndScipy() throws {
        let reference = try statisticsFixture(Reference.self)
        XCTAssertGreaterThanOrEqual(reference.columns.count, 5)
        // The fixture covers what it claims: ties, negative values, an even count.
        XCTAssertTrue(reference.columns.contains { Set($0.x).count < $0.x.count })
        XCTAssertTrue(reference.columns.contains { $0.x.contains { $0 < 0 } })
        XCTAssertTrue(reference.columns.contains { $0.x.count % 2 == 0 })

        var worstSimple = 0.0
        for column in reference.columns {
            try db.execute("DELETE FROM sample")
            try insert(column)
            let label = "\(column.name) (numpy \(reference.numpy_version), scipy \(reference.scipy_version))"
            let row = try XCTUnwrap(try db.rows("""
                SELECT median(x), stddev(x), slope(x, y), pearson(x, y), spearman(x, y) FROM sample
                """).first)
            worstSimple = max(worstSimple, assertClose(row[0], column.median, Self.simpleTolerance, "median, \(label)"))
            worstSimple = max(worstSimple, assertClose(row[1], column.stddev, Self.simpleTolerance, "stddev, \(label)"))
            worstSimple = max(worstSimple, assertClose(row[2], column.slope, Self.simpleTolerance, "slope, \(label)"))
            worstSimple = max(worstSimple, assertClose(row[3], column.pearson, Self.simpleTolerance, "pearson, \(label)"))
            worstSimple = max(worstSimple, assertClose(row[4], column.spearman, Self.simpleTolerance, "spearman, \(label)"))
            for percentile in column.percentiles {
                let value = try db.scalar("SELECT percentile(x, ?1) FROM sample", [.real(percentile.p)])
                worstSimple = max(worstSimple, assertClose(value, percentile.value, Self.simpleTolerance,
                                                           "percentile \(percentile.p), \(label)"))
            }
        }
        print("numpy/scipy agreement over \(reference.columns.count) column sets: median, percentile, stddev, "
              + "slope, pearson, spearman max relative |Δ| = \(worstSimple)")
    }

    func testGroupStatisticsAgreeWithScipy() throws {
        let reference = try statisticsFixture(Reference.self)
        // Both of scipy's 'auto' paths, small groups and large ones, groups of one.
        let methods = reference.groups.map(\.mann_whitney_method)
        XCTAssertGreaterThanOrEqual(methods.filter { $0 == "exact" }.count, 3)
        XCTAssertGreaterThanOrEqual(methods.filter { $0 == "asymptotic" }.count, 3)
        XCTAssertTrue(reference.groups.contains { $0.mann_whitney_method == "asymptotic" && min($0.group1.count, $0.group0.count) <= 8 },
                      "no small groups with ties (the tie-corrected normal approximation)")
        XCTAssertTrue(reference.groups.contains { min($0.group1.count, $0.group0.count) >= 100 })
        XCTAssertTrue(reference.groups.contains { $0.group1.count == 1 })

        var worstSimple = 0.0, worstExact = 0.0, worstAsymptotic = 0.0, worstWelch = 0.0
        for groups in reference.groups {
            try db.execute("DELETE FROM observation")
            try db.insertGroups(groups.group1, groups.group0, name: groups.name)
            let label = "\(groups.name) (scipy \(reference.scipy_version))"
            let row = try XCTUnwrap(try db.rows("""
                SELECT mann_whitney_u(value, grp), mann_whitney_p(value, grp), welch_t_p(value, grp),
                       cohens_d(value, grp), cliffs_delta(value, grp)
                FROM observation
                """).first)
            XCTAssertEqual(row[0], .real(groups.mann_whitney_u), "U, \(label)")
            let pError = assertClose(row[1], groups.mann_whitney_p, Self.pValueTolerance, "Mann–Whitney p, \(label)")
            if groups.mann_whitney_method == "exact" {
                worstExact = max(worstExact, pError)
            } else {
                worstAsymptotic = max(worstAsymptotic, pError)
            }
            worstWelch = max(worstWelch, assertClose(row[2], groups.welch_t_p, Self.pValueTolerance, "Welch p, \(label)"))
            worstSimple = max(worstSimple, assertClose(row[3], groups.cohens_d, Self.simpleTolerance, "Cohen's d, \(label)"))
            worstSimple = max(worstSimple, assertClose(row[4], groups.cliffs_delta, Self.simpleTolerance, "Cliff's delta, \(label)"))
        }
        print("scipy agreement over \(reference.groups.count) group sets: max relative |Δ| "
              + "Mann–Whitney p exact \(worstExact), asymptotic \(worstAsymptotic); Welch p \(worstWelch); "
              + "Cohen's d and Cliff's delta \(worstSimple)")
    }

    func testGroupByGivesOneResultPerGroup() throws {
        let reference = try statisticsFixture(Reference.self)
        for column in reference.columns { try insert(column) }
        for groups in reference.groups { try db.insertGroups(groups.group1, groups.group0, name: groups.name) }

        let columns = try db.rows("""
            SELECT name, median(x), percentile(x, 90), stddev(x), slope(x, y), spearman(x, y)
            FROM sample GROUP BY name ORDER BY name
            """)
        XCTAssertEqual(columns.map { $0[0] }, reference.columns.map(\.name).sorted().map(SQLValue.text))
        for row in columns {
            guard case let .text(name) = row[0], let column = reference.columns.first(where: { $0.name == name }) else {
                XCTFail("unexpected group \(row[0])")
                continue
            }
            assertClose(row[1], column.median, Self.simpleTolerance, "median, \(name)")
            assertClose(row[2], column.percentiles.first { $0.p == 90 }?.value, Self.simpleTolerance, "percentile 90, \(name)")
            assertClose(row[3], column.stddev, Self.simpleTolerance, "stddev, \(name)")
            assertClose(row[4], column.slope, Self.simpleTolerance, "slope, \(name)")
            assertClose(row[5], column.spearman, Self.simpleTolerance, "spearman, \(name)")
        }

        let groups = try db.rows("""
            SELECT name, mann_whitney_p(value, grp), welch_t_p(value, grp), cliffs_delta(value, grp)
            FROM observation GROUP BY name ORDER BY name
            """)
        XCTAssertEqual(groups.count, reference.groups.count)
        for row in groups {
            guard case let .text(name) = row[0], let expected = reference.groups.first(where: { $0.name == name }) else {
                XCTFail("unexpected group \(row[0])")
                continue
            }
            assertClose(row[1], expected.mann_whitney_p, Self.pValueTolerance, "Mann–Whitney p, \(name)")
            assertClose(row[2], expected.welch_t_p, Self.pValueTolerance, "Welch p, \(name)")
            assertClose(row[3], expected.cliffs_delta, Self.simpleTolerance, "Cliff's delta, \(name)")
        }
    }

    // MARK: - NULLs and too little data

    func testNullRowsAreSkipped() throws {
        try db.execute("""
            INSERT INTO sample (x, y) VALUES (1, 2), (NULL, 100), (2, NULL), (3, 5), (NULL, NULL), (5, 4), (8, 9);
            INSERT INTO observation (value, grp) VALUES (1, 0), (2, 0), (3, 0), (NULL, 1), (100, NULL),
                                                        (4, 1), (5, 1), (7, 1);
            """)
        // x without NULLs: 1, 2, 3, 5, 8; pairs: (1, 2), (3, 5), (5, 4), (8, 9).
        XCTAssertEqual(try db.scalar("SELECT median(x) FROM sample"), .real(3))
        XCTAssertEqual(try db.scalar("SELECT percentile(x, 25) FROM sample"), .real(2))
        assertClose(try db.scalar("SELECT stddev(x) FROM sample"), (7.7 as Double).squareRoot(), 1e-15, "stddev")
        let x = [1.0, 3, 5, 8], y = [2.0, 5, 4, 9]
        assertClose(try db.scalar("SELECT slope(x, y) FROM sample"), Statistics.slope(x: x, y: y), 1e-15, "slope")
        assertClose(try db.scalar("SELECT pearson(x, y) FROM sample"), Statistics.pearson(x, y), 1e-15, "pearson")
        assertClose(try db.scalar("SELECT spearman(x, y) FROM sample"), 0.8, 1e-15, "spearman") // 1 − 6·Σd²/(n(n² − 1))
        // Groups without NULLs: 1, 2, 3 against 4, 5, 7; every group 1 value is larger.
        XCTAssertEqual(try db.scalar("SELECT cliffs_delta(value, grp) FROM observation"), .real(1))
        XCTAssertEqual(try db.scalar("SELECT mann_whitney_u(value, grp) FROM observation"), .real(9))
        assertClose(try db.scalar("SELECT mann_whitney_p(value, grp) FROM observation"), 0.1, 1e-15, "Mann–Whitney p")
    }

    func testEmptyAndAllNullGiveNull() throws {
        let everything = """
            SELECT median(x), percentile(x, 50), stddev(x), slope(x, y), pearson(x, y), spearman(x, y)
            FROM sample
            """
        let groupStatistics = """
            SELECT mann_whitney_u(value, grp), mann_whitney_p(value, grp), welch_t_p(value, grp),
                   cohens_d(value, grp), cliffs_delta(value, grp)
            FROM observation
            """
        XCTAssertEqual(try db.rows(everything), [[SQLValue](repeating: .null, count: 6)])
        XCTAssertEqual(try db.rows(groupStatistics), [[SQLValue](repeating: .null, count: 5)])

        try db.execute("""
            INSERT INTO sample (x, y) VALUES (NULL, 1), (NULL, 2), (NULL, NULL);
            INSERT INTO observation (value, grp) VALUES (NULL, 0), (NULL, 1), (3, NULL);
            """)
        XCTAssertEqual(try db.rows(everything), [[SQLValue](repeating: .null, count: 6)])
        XCTAssertEqual(try db.rows(groupStatistics), [[SQLValue](repeating: .null, count: 5)])
        // A GROUP BY over an empty table has no groups at all.
        XCTAssertEqual(try db.rows("SELECT name, median(x) FROM sample WHERE x IS NOT NULL GROUP BY name"), [])
    }

    func testUndefinedStatisticsAreNullNotNumbers() throws {
        // One value: the median and percentiles are it; the spread and the line are undefined.
        try db.execute("INSERT INTO sample (x, y) VALUES (2.5, 7)")
        XCTAssertEqual(try db.rows("SELECT median(x), percentile(x, 90), stddev(x), slope(x, y), pearson(x, y), spearman(x, y) FROM sample"),
                       [[.real(2.5), .real(2.5), .null, .null, .null, .null]])
        // Every x the same: no slope; a constant y: no correlation, but a slope of 0.
        try db.execute("DELETE FROM sample; INSERT INTO sample (x, y) VALUES (0.1, 1), (0.1, 2), (0.1, 4)")
        XCTAssertEqual(try db.rows("SELECT stddev(x), slope(x, y), pearson(x, y), spearman(x, y) FROM sample"),
                       [[.real(0), .null, .null, .null]])
        try db.execute("DELETE FROM sample; INSERT INTO sample (x, y) VALUES (1, 0.3), (2, 0.3), (3, 0.3)")
        XCTAssertEqual(try db.rows("SELECT slope(x, y), pearson(x, y), spearman(x, y) FROM sample"),
                       [[.real(0), .null, .null]])

        let tests = "SELECT mann_whitney_u(value, grp), mann_whitney_p(value, grp), welch_t_p(value, grp), cohens_d(value, grp), cliffs_delta(value, grp) FROM observation"
        // Only one group: nothing to compare.
        try db.execute("INSERT INTO observation (value, grp) VALUES (1, 0), (2, 0), (3, 0)")
        XCTAssertEqual(try db.rows(tests), [[.null, .null, .null, .null, .null]])
        // One value in group 1: the rank statistics exist (the exact p is 2/4), the t-test and d do not.
        try db.execute("INSERT INTO observation (value, grp) VALUES (4, 1)")
        XCTAssertEqual(try db.rows(tests), [[.real(3), .real(0.5), .null, .null, .real(1)]])
        // Both groups constant: t and d are 0/0 or x/0, not evidence.
        try db.execute("DELETE FROM observation; INSERT INTO observation (value, grp) VALUES (1, 0), (1, 0), (2, 1), (2, 1)")
        XCTAssertEqual(try db.rows("SELECT welch_t_p(value, grp), cohens_d(value, grp), cliffs_delta(value, grp) FROM observation"),
                       [[.null, .null, .real(1)]])
        // Every value equal: U sits at its mean whatever the ordering, p = 1 (as scipy).
        try db.execute("DELETE FROM observation; INSERT INTO observation (value, grp) VALUES (5, 0), (5, 0), (5, 1), (5, 1)")
        XCTAssertEqual(try db.rows("SELECT mann_whitney_u(value, grp), mann_whitney_p(value, grp), cliffs_delta(value, grp) FROM observation"),
                       [[.real(2), .real(1), .real(0)]])
    }

    func testNumericTextAndBooleanGroupsAreAccepted() throws {
        try db.execute("""
            INSERT INTO sample (name, x) VALUES ('control', '1.5'), ('toxin', ' 2.5'), ('toxin', 4), ('control', 0.5);
            """)
        XCTAssertEqual(try db.scalar("SELECT median(x) FROM sample"), .real(2))
        XCTAssertEqual(try db.scalar("SELECT median(CAST(x AS TEXT)) FROM sample"), .real(2))
        XCTAssertEqual(try db.scalar("SELECT cliffs_delta(x, name = 'toxin') FROM sample"), .real(1))
        XCTAssertEqual(try db.scalar("SELECT cliffs_delta(x, 1.0 * (name = 'toxin')) FROM sample"), .real(1))
    }

    // MARK: - Errors

    func testErrorsNameTheFunctionAndArgument() throws {
        try db.execute("""
            INSERT INTO sample (x, y) VALUES (1, 2), (2, 'abc'), (3, 4);
            INSERT INTO observation (value, grp) VALUES (1, 0), (2, 1), (3, 2);
            """)
        for p in ["101", "-1", "'abc'", "NULL", "100.0001"] {
            db.assertError("SELECT percentile(x, \(p)) FROM sample",
                        contains: "2nd argument to percentile() is not a number between 0.0 and 100.0")
        }
        db.assertError("SELECT percentile(x, x) FROM sample", contains: "2nd argument to percentile() is not the same for all input rows")
        db.assertError("SELECT median(y) FROM sample", contains: "1st argument to median() is not a number: 'abc'")
        db.assertError("SELECT stddev(y) FROM sample", contains: "1st argument to stddev() is not a number: 'abc'")
        db.assertError("SELECT percentile(y, 50) FROM sample", contains: "1st argument to percentile() is not a number: 'abc'")
        for function in ["slope", "pearson", "spearman"] {
            db.assertError("SELECT \(function)(x, y) FROM sample", contains: "2nd argument to \(function)() is not a number: 'abc'")
            db.assertError("SELECT \(function)(y, x) FROM sample", contains: "1st argument to \(function)() is not a number: 'abc'")
        }
        db.assertError("SELECT stddev(x * 1e308 * 10) FROM sample", contains: "1st argument to stddev() is not a finite number: inf")
        db.assertError("SELECT median(-x * 1e308 * 10) FROM sample", contains: "1st argument to median() is not a finite number: -inf")
        for function in ["mann_whitney_u", "mann_whitney_p", "welch_t_p", "cohens_d", "cliffs_delta"] {
            db.assertError("SELECT \(function)(value, grp) FROM observation", contains: "2nd argument to \(function)() is not 0 or 1: 2")
            db.assertError("SELECT \(function)(value, 0.5) FROM observation", contains: "2nd argument to \(function)() is not 0 or 1: 0.5")
            db.assertError("SELECT \(function)(value, 'toxin') FROM observation",
                        contains: "2nd argument to \(function)() is not a number: 'toxin'")
            db.assertError("SELECT \(function)('abc', grp) FROM observation", contains: "1st argument to \(function)() is not a number: 'abc'")
        }
        db.assertError("SELECT median(x, y) FROM sample", contains: "wrong number of arguments to function median()")
    }

    // MARK: - Window median

    func testWindowMedianMatchesBruteForce() throws {
        // Two partitions, ties, NULLs, negatives; t out of insertion order.
        var values: [(cell: Int, t: Int, v: Double?)] = []
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for cell in 1...2 {
            for t in (0..<60).reversed() {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let draw = Int(state >> 33) % 23
                values.append((cell, t, draw == 0 ? nil : Double(draw - 11) / 4))
            }
        }
        try db.execute("CREATE TABLE series (cell INTEGER, t INTEGER, v REAL)")
        let insert = try db.prepare("INSERT INTO series VALUES (?1, ?2, ?3)")
        for row in values { try insert.run([.integer(Int64(row.cell)), .integer(Int64(row.t)), row.v.map(SQLValue.real) ?? .null]) }

        // (frame clause, rows before, rows after); nil: unbounded.
        let frames: [(String, Int?, Int?)] = [
            ("ROWS BETWEEN 4 PRECEDING AND CURRENT ROW", 4, 0),
            ("ROWS BETWEEN 2 PRECEDING AND 3 FOLLOWING", 2, 3),
            ("ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING", 3, -1), // empty on each partition's first row
            ("ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW", nil, 0),
            ("ROWS BETWEEN 10 PRECEDING AND UNBOUNDED FOLLOWING", 10, nil),
        ]
        for (clause, before, after) in frames {
            let rows = try db.rows("""
                SELECT cell, t, median(v) OVER (PARTITION BY cell ORDER BY t \(clause)) FROM series ORDER BY cell, t
                """)
            XCTAssertEqual(rows.count, values.count)
            for row in rows {
                guard case let .integer(cell) = row[0], case let .integer(t) = row[1] else { return XCTFail("bad row \(row)") }
                let partition = values.filter { $0.cell == cell }.sorted { $0.t < $1.t }
                let i = Int(t)
                let low = before.map { max(0, i - $0) } ?? 0
                let high = after.map { min(partition.count - 1, i + $0) } ?? partition.count - 1
                let inFrame = low <= high ? partition[low...high].compactMap(\.v).sorted() : []
                let expected: SQLValue = inFrame.isEmpty ? .null
                    : .real(inFrame.count % 2 == 1 ? inFrame[inFrame.count / 2]
                            : (inFrame[inFrame.count / 2 - 1] + inFrame[inFrame.count / 2]) / 2)
                XCTAssertEqual(row[2], expected, "\(clause), cell \(cell), t \(t)")
            }
        }
        // As a plain aggregate the same function still works.
        let all = values.compactMap(\.v).sorted()
        XCTAssertEqual(try db.scalar("SELECT median(v) FROM series"), .real((all[all.count / 2 - 1] + all[all.count / 2]) / 2))
    }

    // MARK: - The numerical building blocks

    func testExactMannWhitneyDistributionMatchesEnumeration() {
        // Every way of placing m values of one group among m + n, counted by U.
        for (m, n) in [(1, 1), (1, 5), (2, 3), (3, 3), (4, 6), (5, 2)] {
            var counts = [Int](repeating: 0, count: m * n + 1)
            for mask in 0..<(1 << (m + n)) where mask.nonzeroBitCount == m {
                // U = Σ over the m positions of the other group's positions below each.
                var u = 0, othersBelow = 0
                for position in 0..<(m + n) {
                    if mask & (1 << position) != 0 { u += othersBelow } else { othersBelow += 1 }
                }
                counts[u] += 1
            }
            let total = Double(counts.reduce(0, +))
            var cumulative = 0
            for k in 0...(m * n) {
                cumulative += counts[k]
                XCTAssertEqual(Statistics.mannWhitneyCumulative(k, m: m, n: n), Double(cumulative) / total,
                               accuracy: 1e-15, "P(U ≤ \(k)), m = \(m), n = \(n)")
            }
        }
    }

    func testStudentTailAgainstClosedForms() {
        for t in [0.0, 0.3, 1, 2.5, 12, 400, 1e6] {
            // ν = 1 (Cauchy): p = 1 − (2/π) atan|t|; ν = 2: p = 1 − |t|/√(2 + t²).
            let cauchy = t > 1 ? (2 / Double.pi) * atan(1 / t) : 1 - (2 / Double.pi) * atan(t)
            assertClose(.real(Statistics.studentTTwoSidedTail(t, degreesOfFreedom: 1)), cauchy, 1e-13, "ν = 1, t = \(t)")
            let two = 1 - t / (2 + t * t).squareRoot()
            let twoStable = 2 / ((2 + t * t).squareRoot() * ((2 + t * t).squareRoot() + t)) // the same, without cancelling
            assertClose(.real(Statistics.studentTTwoSidedTail(t, degreesOfFreedom: 2)), t > 1 ? twoStable : two, 1e-13, "ν = 2, t = \(t)")
            assertClose(.real(Statistics.studentTTwoSidedTail(-t, degreesOfFreedom: 2)), t > 1 ? twoStable : two, 1e-13, "ν = 2, t = −\(t)")
        }
    }

    func testStudentTailAgreesWithScipy() throws {
        let reference = try statisticsFixture(Reference.self)
        XCTAssertTrue(reference.student_t.contains { $0.df >= 1e6 } && reference.student_t.contains { $0.p < 1e-100 })
        var worst = 0.0
        for tail in reference.student_t {
            worst = max(worst, assertClose(.real(Statistics.studentTTwoSidedTail(tail.t, degreesOfFreedom: tail.df)), tail.p,
                                           Self.pValueTolerance, "t = \(tail.t), ν = \(tail.df)"))
        }
        print("scipy \(reference.scipy_version) Student t two-sided tails, \(reference.student_t.count) cases: "
              + "max relative |Δ| = \(worst)")
    }

    func testIncompleteBetaAgainstClosedForms() {
        for x in [1e-8, 0.01, 0.3, 0.5, 0.77, 0.999] {
            for a in [0.5, 1, 3.5, 40, 2000] {
                // I_x(a, 1) = xᵃ and I_x(1, b) = 1 − (1 − x)ᵇ.
                assertClose(.real(Statistics.regularizedIncompleteBeta(a: a, b: 1, x: x)), pow(x, a), 1e-12, "I_\(x)(\(a), 1)")
                assertClose(.real(Statistics.regularizedIncompleteBeta(a: 1, b: a, x: x)), -expm1(a * log1p(-x)), 1e-12,
                            "I_\(x)(1, \(a))")
                // I_½(a, a) = ½ by symmetry. (ln B(a, a) from ln Γ loses ~ε·a ln a: 2e-12 at a = 2000.)
                assertClose(.real(Statistics.regularizedIncompleteBeta(a: a, b: a, x: 0.5)), 0.5, 1e-11, "I_½(\(a), \(a))")
            }
        }
    }
}

/// Asserts |actual − expected| ≤ tolerance·|expected| (or both NULL) and returns
/// the relative difference, for reporting the worst case.
@discardableResult
func assertClose(_ actual: SQLValue?, _ expected: Double?, _ tolerance: Double, _ label: String,
                 file: StaticString = #filePath, line: UInt = #line) -> Double {
    guard let expected else {
        XCTAssertEqual(actual, .null, "\(label): expected NULL", file: file, line: line)
        return 0
    }
    guard case let .real(value) = actual else {
        XCTFail("\(label): expected \(expected), got \(String(describing: actual))", file: file, line: line)
        return .infinity
    }
    let difference = abs(value - expected) / max(abs(expected), .leastNormalMagnitude)
    XCTAssertLessThanOrEqual(difference, tolerance, "\(label): \(value) against \(expected)", file: file, line: line)
    return difference
}
