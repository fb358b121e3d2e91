import Foundation
import XCTest
@testable import PlexusStore
@testable import PlexusNumerics

/// student_t_quantile() and bootstrap_ci() against scipy (Fixtures/statistics.json,
/// from `Benchmarks/scipy_fixtures.py`), and their NULL and error behaviour.
final class QuantileAndBootstrapFunctionTests: XCTestCase {
    struct Reference: Decodable {
        struct Quantile: Decodable {
            let p: Double
            let df: Double
            let t: Double
        }
        struct Interval: Decodable {
            let statistic: String
            let estimate: Double
            let low: Double
            let high: Double
            let tolerance_low: Double
            let tolerance_high: Double
            let undefined_resamples: Int
        }
        struct BootstrapSet: Decodable {
            let name: String
            let group1: [Double]
            let group0: [Double]
            let level: Double
            let resamples: Int
            let intervals: [Interval]
        }
        let script: String
        let scipy_version: String
        let student_t_quantile: [Quantile]
        let bootstrap: [BootstrapSet]
    }

    var db: SQLiteConnection!

    override func setUpWithError() throws {
        db = try SQLiteConnection(path: ":memory:", mode: .readWriteCreate)
        try db.installFunctions()
        try db.execute("CREATE TABLE observation (name TEXT, value REAL, grp INTEGER)")
    }

    override func tearDownWithError() throws {
        db = nil
    }

    /// The bounds of a bootstrap_ci() result; nil for NULL.
    func bounds(_ value: SQLValue?, file: StaticString = #filePath, line: UInt = #line) throws -> (low: Double, high: Double)? {
        guard let value, value != .null else { return nil }
        guard case let .text(text) = value else {
            XCTFail("bootstrap_ci() gave \(value), not text", file: file, line: line)
            return nil
        }
        let numbers = try JSONDecoder().decode([Double].self, from: Data(text.utf8))
        XCTAssertEqual(numbers.count, 2, "bootstrap_ci() gave \(text)", file: file, line: line)
        XCTAssertLessThanOrEqual(numbers[0], numbers[1], "bootstrap_ci() gave \(text)", file: file, line: line)
        return (numbers[0], numbers[1])
    }

    func assertError(_ sql: String, contains expected: String, file: StaticString = #filePath, line: UInt = #line) {
        do {
            _ = try db.rows(sql)
            XCTFail("\(sql): no error, expected “\(expected)”", file: file, line: line)
        } catch {
            XCTAssertTrue("\(error)".contains(expected), "\(sql): “\(error)” does not say “\(expected)”", file: file, line: line)
        }
    }

    // MARK: - student_t_quantile

    func testStudentTQuantileAgreesWithScipy() throws {
        let reference = try statisticsFixture(Reference.self)
        // The grid covers what it claims: p from 1e-12 to 1 − 1e-12, ½ and next to it,
        // df from 0.5 to 1e6, fractional df.
        let quantiles = reference.student_t_quantile
        XCTAssertTrue(quantiles.contains { $0.p <= 1e-12 } && quantiles.contains { $0.p >= 1 - 1e-12 })
        XCTAssertTrue(quantiles.contains { $0.p == 0.5 } && quantiles.contains { $0.p != 0.5 && abs($0.p - 0.5) < 1e-6 })
        XCTAssertTrue(quantiles.contains { $0.df <= 0.5 } && quantiles.contains { $0.df >= 1e6 })
        XCTAssertTrue(quantiles.contains { $0.df != $0.df.rounded() })

        // Relative 1e-10, except that scipy's t.ppf knows p − ½ only to an absolute error of
        // about an ulp of ½ (checked against 80-digit mpmath: at p = ½ ± 1e-7 it is 4e-10 off
        // relative, student_t_quantile 1e-16), which moves t by that error over the density.
        // testStudentTQuantileAgainstClosedForms holds p near ½ to 1e-12.
        let statement = "SELECT student_t_quantile(?1, ?2)"
        var worst = 0.0, worstCase = "", worstNearHalf = 0.0
        for quantile in quantiles {
            let value = try db.scalar(statement, [.real(quantile.p), .real(quantile.df)])
            let scipyError = 2 * Double.ulpOfOne / studentDensity(quantile.t, quantile.df)
            let tolerance = 1e-10 + scipyError / max(abs(quantile.t), .leastNormalMagnitude)
            let error = assertClose(value, quantile.t, tolerance, "t.ppf(\(quantile.p), \(quantile.df))")
            if abs(quantile.p - 0.5) < 1e-3 {
                worstNearHalf = max(worstNearHalf, error)
            } else if error > worst {
                (worst, worstCase) = (error, "p = \(quantile.p), df = \(quantile.df)")
            }
        }
        print("scipy \(reference.scipy_version) t.ppf, \(quantiles.count) cases: max relative |Δ| = \(worst) (\(worstCase)); "
              + "within 1e-3 of p = ½ (scipy's own error) \(worstNearHalf)")
    }

    /// Student's t density, Γ((ν + 1)/2) / (√(νπ) Γ(ν/2)) · (1 + t²/ν)^(−(ν + 1)/2).
    func studentDensity(_ t: Double, _ nu: Double) -> Double {
        exp(lgamma((nu + 1) / 2) - lgamma(nu / 2) - 0.5 * log(nu * Double.pi) - (nu + 1) / 2 * log1p(t / nu * t))
    }

    func testStudentTQuantileInvertsTheTail() throws {
        // Through SQL, back through the two-sided tail behind welch_t_p().
        var worst = 0.0
        for df in [0.5, 0.9, 1, 2, 3.3, 7, 29.5, 480, 1e4, 3.5e6, 1e9] {
            for p in [1e-15, 1e-12, 1e-7, 0.003, 0.05, 0.2, 0.26, 0.3, 0.45, 0.4999, 0.5001, 0.6, 0.74, 0.9, 0.999, 1 - 1e-10] {
                guard case let .real(t)? = try db.scalar("SELECT student_t_quantile(?1, ?2)", [.real(p), .real(df)]) else {
                    return XCTFail("no quantile for p = \(p), df = \(df)")
                }
                XCTAssertEqual(t < 0, p < 0.5, "sign, p = \(p), df = \(df)")
                let tail = Statistics.studentTTwoSidedTail(t, degreesOfFreedom: df)
                worst = max(worst, assertClose(.real(tail), 2 * min(p, 1 - p), 1e-10, "tail of the quantile, p = \(p), df = \(df)"))
            }
        }
        print("student_t_quantile round trip through the two-sided tail: max relative |Δ| = \(worst)")
    }

    func testStudentTQuantileAgainstClosedForms() {
        for p in [1e-300, 1e-12, 0.001, 0.1, 0.25, 0.3, 0.49, 0.4999999, 0.5, 0.5 + 1e-12, 0.5000001, 0.51, 0.75, 0.8, 0.99, 1 - 1e-9] {
            // ν = 1 (Cauchy): tan(π(p − ½)), as −cot(πp) or cot(π(1 − p)) far from ½;
            // ν = 2: (2p − 1)/√(2p(1 − p)). (p − ½, 2p − 1 and 1 − p are exact where used.)
            let cauchy = p < 0.25 ? -1 / tan(Double.pi * p) : p > 0.75 ? 1 / tan(Double.pi * (1 - p)) : tan(Double.pi * (p - 0.5))
            assertClose(.real(Statistics.studentTQuantile(p, degreesOfFreedom: 1)), cauchy, 1e-12, "ν = 1, p = \(p)")
            let two = (2 * p - 1) / (2 * p * (1 - p)).squareRoot()
            assertClose(.real(Statistics.studentTQuantile(p, degreesOfFreedom: 2)), two, 1e-12, "ν = 2, p = \(p)")
            // Symmetry, where 1 − p is exact.
            if p >= 0.5 {
                XCTAssertEqual(Statistics.studentTQuantile(1 - p, degreesOfFreedom: 7.5),
                               -Statistics.studentTQuantile(p, degreesOfFreedom: 7.5), "symmetry, p = \(p)")
            }
            // Huge ν is the normal quantile.
            let z = Statistics.studentTQuantile(p, degreesOfFreedom: 1e300)
            XCTAssertEqual(z, Statistics.studentTQuantile(p, degreesOfFreedom: .infinity))
            if p != 0.5 {
                // The tail's relative error is z² times the quantile's: check z to 1e-12.
                assertClose(.real(2 * Statistics.normalUpperTail(abs(z))), 2 * min(p, 1 - p), 1e-12 * max(1, z * z), "ν = ∞, p = \(p)")
            }
        }
        // The ends, and beyond a Double: ν = 0.02 at p = 1e-12 is about −1e600.
        XCTAssertEqual(Statistics.studentTQuantile(0, degreesOfFreedom: 3), -.infinity)
        XCTAssertEqual(Statistics.studentTQuantile(1, degreesOfFreedom: 3), .infinity)
        XCTAssertEqual(Statistics.studentTQuantile(1e-12, degreesOfFreedom: 0.02), -.infinity)
        XCTAssertTrue(Statistics.studentTQuantile(1.5, degreesOfFreedom: 3).isNaN)
        XCTAssertTrue(Statistics.studentTQuantile(0.5, degreesOfFreedom: 0).isNaN)
        XCTAssertTrue(Statistics.studentTQuantile(.nan, degreesOfFreedom: 3).isNaN)
    }

    func testStudentTQuantileNullsAndErrors() throws {
        XCTAssertEqual(try db.rows("SELECT student_t_quantile(NULL, 3), student_t_quantile(0.3, NULL), student_t_quantile(0.5, 3)"),
                       [[.null, .null, .real(0)]])
        assertClose(try db.scalar("SELECT student_t_quantile('0.975', ' 9')"), 2.262157162798205, 1e-13, "numeric text")
        XCTAssertEqual(try db.scalar("SELECT student_t_quantile(1e-12, 0.02)"), .null) // beyond the range of a REAL
        for p in ["0", "1", "-0.1", "1.5", "'abc'", "1e999"] {
            assertError("SELECT student_t_quantile(\(p), 3)",
                        contains: "1st argument to student_t_quantile() is not a number strictly between 0 and 1")
        }
        for df in ["0", "-2", "'abc'", "1e999"] {
            assertError("SELECT student_t_quantile(0.3, \(df))",
                        contains: "2nd argument to student_t_quantile() is not a positive finite number")
        }
        assertError("SELECT student_t_quantile(0.3)", contains: "wrong number of arguments to function student_t_quantile()")
    }

    // MARK: - bootstrap_ci against scipy

    func testBootstrapIntervalsAgreeWithScipy() throws {
        let reference = try statisticsFixture(Reference.self)
        XCTAssertGreaterThanOrEqual(reference.bootstrap.count, 5)
        XCTAssertTrue(reference.bootstrap.contains { Set($0.group1 + $0.group0).count < $0.group1.count + $0.group0.count },
                      "no data set with ties")
        XCTAssertTrue(reference.bootstrap.contains { $0.intervals.contains { $0.undefined_resamples > 0 } },
                      "no data set with undefined resamples")

        var worst: [String: (difference: Double, tolerance: Double)] = [:]
        var worstRatio = 0.0
        for set in reference.bootstrap {
            try db.execute("DELETE FROM observation")
            try db.insertGroups(set.group1, set.group0)
            for expected in set.intervals {
                let label = "\(expected.statistic), \(set.name) (scipy \(reference.scipy_version))"
                let statistic = try XCTUnwrap(Statistics.BootstrapStatistic(rawValue: expected.statistic))
                // The statistic itself agrees with scipy's definition.
                let estimate = try XCTUnwrap(statistic.value(set.group1, set.group0))
                XCTAssertEqual(estimate, expected.estimate, accuracy: 1e-12 * max(1, abs(expected.estimate)), "estimate, \(label)")

                let value = try db.scalar("SELECT bootstrap_ci(?1, value, grp, ?2, ?3) FROM observation",
                                          [.text(expected.statistic), .real(set.level), .integer(Int64(set.resamples))])
                guard let interval = try bounds(value) else {
                    XCTFail("NULL, \(label)")
                    continue
                }
                // Each bound within the Monte-Carlo band of the fixture (4.5 standard errors
                // of each estimate's position; 0 on a discrete statistic's atom, then only rounding).
                for (ours, theirs, tolerance, bound) in [(interval.low, expected.low, expected.tolerance_low, "low"),
                                                         (interval.high, expected.high, expected.tolerance_high, "high")] {
                    let allowed = max(tolerance, 1e-12 * max(1, abs(theirs)))
                    let difference = abs(ours - theirs)
                    XCTAssertLessThanOrEqual(difference, allowed, "\(bound) bound \(ours) against \(theirs), \(label)")
                    if difference > (worst[expected.statistic]?.difference ?? -1) {
                        worst[expected.statistic] = (difference, tolerance)
                    }
                    if tolerance > 0 { worstRatio = max(worstRatio, difference / tolerance) }
                }
                // On these data the interval contains the statistic.
                XCTAssertLessThanOrEqual(interval.low, estimate, label)
                XCTAssertGreaterThanOrEqual(interval.high, estimate, label)
                // Undefined resamples are left out about as often as in scipy's (binomial, 5 SD).
                guard expected.undefined_resamples > 0 else { continue }
                let replicates = Statistics.bootstrapReplicates(statistic, set.group1, set.group0,
                                                                resamples: set.resamples, seed: 1)
                let undefined = Double(replicates.filter(\.isNaN).count), theirs = Double(expected.undefined_resamples)
                XCTAssertLessThanOrEqual(abs(undefined - theirs), 5 * max(1, (2 * theirs).squareRoot()),
                                         "undefined resamples, \(label)")
            }
        }
        let summary = worst.sorted { $0.key < $1.key }
            .map { "\($0.key) \($0.value.difference) (tolerance there \($0.value.tolerance))" }.joined(separator: "; ")
        print("scipy \(reference.scipy_version) percentile bootstrap, \(reference.bootstrap.count) data sets, 100000 resamples: "
              + "max |Δ| of a bound: \(summary); max |Δ|/tolerance \(worstRatio)")
    }

    func testBootstrapResamplesAsDocumented() throws {
        // The kernels against the Statistics functions on resamples built the
        // documented way: values sorted, group 1's draws then group 0's, one generator.
        let sets: [([Double], [Double])] = [
            ([2.5, -1, 0.25, 4, 4, 3], [1, 0.5, 1, -2, 7, 0.5, 0.5]),
            ([1, 2, 2, 2, 3, 3], [2, 2, 1, 1]),  // ties within and across the groups
            ([5, 5, 5], [1, 2]),                  // a constant group: Cohen's d sometimes undefined
            ([0.1], [0.3, -0.3, 0.2]),            // a group of one
        ]
        for (x, y) in sets {
            for statistic in Statistics.BootstrapStatistic.allCases {
                for seed: UInt64 in [1, 42, UInt64(bitPattern: -7)] {
                    let replicates = Statistics.bootstrapReplicates(statistic, x, y, resamples: 300, seed: seed)
                    var random = SeededRandom(seed: seed)
                    let sortedX = x.sorted(), sortedY = y.sorted()
                    var expected: [Double] = []
                    for _ in 0..<300 {
                        let resampledX = (0..<x.count).map { _ in sortedX[random.index(below: x.count)] }
                        let resampledY = (0..<y.count).map { _ in sortedY[random.index(below: y.count)] }
                        expected.append(statistic.value(resampledX, resampledY) ?? .nan)
                    }
                    let label = "\(statistic.rawValue), seed \(seed), \(x) against \(y)"
                    XCTAssertEqual(replicates.count, expected.count, label)
                    for (ours, theirs) in zip(replicates, expected) where !(ours.isNaN && theirs.isNaN) {
                        XCTAssertEqual(ours, theirs, label) // bit for bit: the same arithmetic
                    }
                    // And the interval is their percentiles, numpy's 'linear' method.
                    let defined = expected.filter { !$0.isNaN }
                    let interval = Statistics.bootstrapInterval(statistic, x, y, level: 0.9, resamples: 300, seed: seed)
                    if statistic.value(x, y) == nil || defined.count * 2 < 300 {
                        XCTAssertNil(interval, label)
                    } else {
                        var sample = Statistics.SortedSample()
                        for value in defined { sample.insert(value) }
                        let low = try XCTUnwrap(sample.percentile(100 * (1 - 0.9) / 2))
                        let high = try XCTUnwrap(sample.percentile(100 * (1 - (1 - 0.9) / 2)))
                        XCTAssertEqual(interval?.low, low, label)
                        XCTAssertEqual(interval?.high, high, label)
                    }
                }
            }
        }
    }

    // MARK: - bootstrap_ci in SQL

    func testBootstrapIsReproducibleAndSeeded() throws {
        let reference = try statisticsFixture(Reference.self)
        let set = try XCTUnwrap(reference.bootstrap.first { $0.group1.count == 6 && $0.group0.count == 6 })
        try db.insertGroups(set.group1, set.group0)
        let query = "SELECT bootstrap_ci('cohens_d', value, grp, 0.95, 2000, ?1) FROM observation"
        let first = try db.scalar(query, [.integer(1)])
        XCTAssertNotNil(try bounds(first))
        XCTAssertEqual(try db.scalar(query, [.integer(1)]), first)
        // The defaults: level 0.95, 2000 resamples, seed 1; a seed as an integral REAL or text.
        XCTAssertEqual(try db.scalar("SELECT bootstrap_ci('cohens_d', value, grp) FROM observation"), first)
        XCTAssertEqual(try db.scalar("SELECT bootstrap_ci('cohens_d', value, grp, 0.95) FROM observation"), first)
        XCTAssertEqual(try db.scalar("SELECT bootstrap_ci('cohens_d', value, grp, 0.95, 2000) FROM observation"), first)
        XCTAssertEqual(try db.scalar(query, [.real(1)]), first)
        XCTAssertEqual(try db.scalar(query, [.text("1")]), first)
        // Another seed, other resamples; any 64-bit seed will do.
        for seed: Int64 in [2, 0, -1, .max, .min] {
            let other = try db.scalar(query, [.integer(seed)])
            XCTAssertNotNil(try bounds(other))
            XCTAssertNotEqual(other, first, "seed \(seed)")
        }
        // The Swift function gives the same numbers as the SQL one.
        let swift = try XCTUnwrap(Statistics.bootstrapInterval(.cohensD, set.group1, set.group0))
        let sql = try XCTUnwrap(try bounds(first))
        XCTAssertEqual(swift.low, sql.low)
        XCTAssertEqual(swift.high, sql.high)
        // The rows' order does not matter, nor do NULL rows.
        try db.execute("DELETE FROM observation")
        try db.insertGroups(set.group1, set.group0, reversed: true)
        try db.execute("INSERT INTO observation (value, grp) VALUES (NULL, 1), (3, NULL), (NULL, NULL)")
        XCTAssertEqual(try db.scalar(query, [.integer(1)]), first)
        // The bounds are JSON numbers SQLite reads back.
        let read = try XCTUnwrap(try db.rows("""
            SELECT ci ->> 0, ci ->> 1 FROM (SELECT bootstrap_ci('cohens_d', value, grp) AS ci FROM observation)
            """).first)
        assertClose(read[0], sql.low, 1e-15, "->> 0")
        assertClose(read[1], sql.high, 1e-15, "->> 1")
        // A wider level gives a wider interval.
        let wide = try XCTUnwrap(try bounds(try db.scalar("SELECT bootstrap_ci('cohens_d', value, grp, 0.99) FROM observation")))
        XCTAssertLessThan(wide.low, sql.low)
        XCTAssertGreaterThan(wide.high, sql.high)
        // One interval per GROUP BY group.
        try db.insertGroups(set.group1.map { $0 + 10 }, set.group0, name: "shifted")
        let grouped = try db.rows("""
            SELECT name, bootstrap_ci('mean_difference', value, grp) FROM observation
            WHERE name IS NOT NULL GROUP BY name ORDER BY name
            """)
        XCTAssertEqual(grouped.count, 2)
        let shifted = try XCTUnwrap(try bounds(grouped[1][1])), plain = try XCTUnwrap(try bounds(grouped[0][1]))
        XCTAssertGreaterThan(shifted.low, plain.high)
    }

    func testBootstrapNullWhenNotComputable() throws {
        let all = Statistics.BootstrapStatistic.allCases.map(\.rawValue)
        func intervals() throws -> [SQLValue] {
            try all.map { try db.scalar("SELECT bootstrap_ci(?1, value, grp) FROM observation", [.text($0)]) ?? .null }
        }
        // No rows; only NULL rows.
        XCTAssertEqual(try intervals(), [SQLValue](repeating: .null, count: 4))
        try db.execute("INSERT INTO observation (value, grp) VALUES (NULL, 0), (NULL, 1), (3, NULL)")
        XCTAssertEqual(try intervals(), [SQLValue](repeating: .null, count: 4))
        // One group empty: nothing to compare.
        try db.execute("INSERT INTO observation (value, grp) VALUES (1, 0), (2, 0), (4, 0)")
        XCTAssertEqual(try intervals(), [SQLValue](repeating: .null, count: 4))
        // One value in group 1: Cohen's d is undefined, the others are not.
        try db.execute("INSERT INTO observation (value, grp) VALUES (5, 1)")
        let one = try intervals()
        XCTAssertEqual(one[0], .null)
        for (name, value) in zip(all, one).dropFirst() { XCTAssertNotNil(try bounds(value), name) }
        // cliffs_delta: 5 against {1, 2, 4} is 1 in every resample.
        XCTAssertEqual(one[1], .text("[1.0,1.0]"))
        // Both groups constant: Cohen's d is undefined on the data.
        try db.execute("DELETE FROM observation; INSERT INTO observation (value, grp) VALUES (1, 0), (1, 0), (2, 1), (2, 1)")
        XCTAssertEqual(try db.scalar("SELECT bootstrap_ci('cohens_d', value, grp) FROM observation"), .null)
        XCTAssertEqual(try db.scalar("SELECT bootstrap_ci('mean_difference', value, grp) FROM observation"), .text("[1.0,1.0]"))

        // Group 0 constant and group 1 two values: a resample has d only when it draws
        // both of group 1's, half the time; NULL exactly when fewer than half of them do.
        let x = [0.0, 1], y = [5.0, 5, 5]
        var seen = (null: false, interval: false)
        for seed: UInt64 in 1...60 {
            let replicates = Statistics.bootstrapReplicates(.cohensD, x, y, resamples: 100, seed: seed)
            let defined = replicates.filter { !$0.isNaN }.count
            let interval = Statistics.bootstrapInterval(.cohensD, x, y, resamples: 100, seed: seed)
            XCTAssertEqual(interval == nil, defined * 2 < 100, "seed \(seed): \(defined) of 100 defined")
            if interval == nil { seen.null = true } else { seen.interval = true }
        }
        XCTAssertTrue(seen.null && seen.interval)
        try db.execute("DELETE FROM observation")
        try db.insertGroups(x, y)
        for seed: Int64 in 1...20 {
            let defined = Statistics.bootstrapReplicates(.cohensD, x, y, resamples: 100, seed: UInt64(seed)).filter { !$0.isNaN }.count
            let value = try db.scalar("SELECT bootstrap_ci('cohens_d', value, grp, 0.95, 100, ?1) FROM observation", [.integer(seed)])
            XCTAssertEqual(value == .null, defined * 2 < 100, "seed \(seed): \(defined) of 100 defined")
        }
    }

    func testBootstrapErrorsNameTheFunctionAndArgument() throws {
        try db.execute("INSERT INTO observation (value, grp) VALUES (1, 0), (2, 0), (3, 1), (4, 1)")
        let names = "'cohens_d', 'cliffs_delta', 'mean_difference', 'median_difference'"
        for (statistic, shown) in [("'d'", "'d'"), ("'Cohens_D'", "'Cohens_D'"), ("NULL", "NULL"), ("1", "1")] {
            assertError("SELECT bootstrap_ci(\(statistic), value, grp) FROM observation",
                        contains: "1st argument to bootstrap_ci() is not one of \(names): \(shown)")
        }
        assertError("SELECT bootstrap_ci('cohens_d', 'abc', grp) FROM observation",
                    contains: "2nd argument to bootstrap_ci() is not a number: 'abc'")
        assertError("SELECT bootstrap_ci('cohens_d', value * 1e308 * 10, grp) FROM observation",
                    contains: "2nd argument to bootstrap_ci() is not a finite number: inf")
        assertError("SELECT bootstrap_ci('cohens_d', value, grp + 1) FROM observation",
                    contains: "3rd argument to bootstrap_ci() is not 0 or 1: 2")
        assertError("SELECT bootstrap_ci('cohens_d', value, 'toxin') FROM observation",
                    contains: "3rd argument to bootstrap_ci() is not a number: 'toxin'")
        for level in ["0", "1", "-0.5", "1.5", "95", "NULL", "'abc'"] {
            assertError("SELECT bootstrap_ci('cohens_d', value, grp, \(level)) FROM observation",
                        contains: "4th argument to bootstrap_ci() is not a number strictly between 0 and 1")
        }
        for resamples in ["99", "1000001", "150.5", "0", "-2000", "NULL", "'many'"] {
            assertError("SELECT bootstrap_ci('cohens_d', value, grp, 0.9, \(resamples)) FROM observation",
                        contains: "5th argument to bootstrap_ci() is not an integer from 100 to 1000000")
        }
        for seed in ["1.5", "'abc'", "NULL", "1e30"] {
            assertError("SELECT bootstrap_ci('cohens_d', value, grp, 0.9, 1000, \(seed)) FROM observation",
                        contains: "6th argument to bootstrap_ci() is not an integer")
        }
        // The options are one setting for the whole aggregate, as percentile()'s P.
        assertError("SELECT bootstrap_ci(CASE grp WHEN 1 THEN 'cohens_d' ELSE 'cliffs_delta' END, value, grp) FROM observation",
                    contains: "1st argument to bootstrap_ci() is not the same for all input rows")
        assertError("SELECT bootstrap_ci('cohens_d', value, grp, 0.9 + value / 100) FROM observation",
                    contains: "4th argument to bootstrap_ci() is not the same for all input rows")
        assertError("SELECT bootstrap_ci('cohens_d', value, grp, 0.9, 1000 + value) FROM observation",
                    contains: "5th argument to bootstrap_ci() is not the same for all input rows")
        assertError("SELECT bootstrap_ci('cohens_d', value, grp, 0.9, 1000, value) FROM observation",
                    contains: "6th argument to bootstrap_ci() is not the same for all input rows")
        assertError("SELECT bootstrap_ci('cohens_d', value) FROM observation",
                    contains: "wrong number of arguments to function bootstrap_ci()")
        assertError("SELECT bootstrap_ci('cohens_d', value, grp, 0.9, 1000, 1, 0) FROM observation",
                    contains: "wrong number of arguments to function bootstrap_ci()")
    }
}
