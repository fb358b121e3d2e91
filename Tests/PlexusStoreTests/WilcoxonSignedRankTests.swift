import Foundation
import XCTest
@testable import PlexusStore
@testable import PlexusNumerics

/// The Wilcoxon signed-rank test against scipy.stats.wilcoxon (the seeded data of
/// `Benchmarks/wilcoxon_fixtures.py`; rerun it to regenerate Fixtures/wilcoxon.json),
/// closed-form cases, and the SQL functions wilcoxon_p, wilcoxon_rank_biserial and
/// bootstrap_median_ci.
final class WilcoxonSignedRankTests: XCTestCase {
    struct Reference: Decodable {
        struct Case: Decodable {
            let name: String
            let differences: [Double]
            let method: String
            let statistic: Double
            let p: Double
            let w_plus: Double
            let w_minus: Double
            let rank_biserial: Double
        }
        let script: String
        let cases: [Case]
    }

    func reference() throws -> Reference {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "wilcoxon", withExtension: "json", subdirectory: "Fixtures"),
                                "missing Fixtures/wilcoxon.json: run Benchmarks/wilcoxon_fixtures.py")
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
        XCTAssertEqual(reference.script, "Benchmarks/wilcoxon_fixtures.py")
        return reference
    }

    func testAgreesWithScipyOnEveryPath() throws {
        let cases = try reference().cases
        // Every path of scipy's 'auto' is represented.
        XCTAssertEqual(Set(cases.map(\.method)), ["exact", "permutation", "asymptotic"])
        for reference in cases {
            let result = try XCTUnwrap(Statistics.wilcoxonSignedRank(reference.differences), reference.name)
            XCTAssertEqual(result.statistic, reference.statistic, reference.name)
            XCTAssertEqual(result.rankSumPositive, reference.w_plus, reference.name)
            XCTAssertEqual(result.rankSumNegative, reference.w_minus, reference.name)
            XCTAssertEqual(result.exact, reference.method != "asymptotic", reference.name)
            XCTAssertEqual(result.pValue, reference.p, accuracy: 1e-12 + 1e-9 * reference.p, reference.name)
            XCTAssertEqual(try XCTUnwrap(result.rankBiserial), reference.rank_biserial, accuracy: 1e-12, reference.name)
        }
    }

    func testClosedFormCases() throws {
        // Five positive differences: W⁺ = 15 is the largest of 2⁵ equally likely sums, reached once.
        let five = try XCTUnwrap(Statistics.wilcoxonSignedRank([0.3, 1.2, 2.5, 0.8, 4.1]))
        XCTAssertEqual(five.pValue, 2.0 / 32, accuracy: 1e-15)
        XCTAssertEqual(five.statistic, 0)
        XCTAssertEqual(five.rankBiserial, 1)
        XCTAssertTrue(five.exact)
        // The same mirrored: the test is two-sided and symmetric.
        let mirrored = try XCTUnwrap(Statistics.wilcoxonSignedRank([-0.3, -1.2, -2.5, -0.8, -4.1]))
        XCTAssertEqual(mirrored.pValue, five.pValue)
        XCTAssertEqual(mirrored.rankBiserial, -1)
        // One pair can never be significant.
        XCTAssertEqual(Statistics.wilcoxonSignedRank([2])?.pValue, 1)
        // Ranks 1…4 with the rank-1 difference negative: W⁺ = 9; sums ≥ 9 over 2⁴: {9, 10} → 2,
        // sums ≤ 9: 14 → p = 2 · 2/16.
        XCTAssertEqual(try XCTUnwrap(Statistics.wilcoxonSignedRank([-1, 2, 3, 4])).pValue, 0.25, accuracy: 1e-15)
        // A zero is dropped from the ranks but makes the test a count over the tied ranks.
        let zero = try XCTUnwrap(Statistics.wilcoxonSignedRank([0, 1, 2, 3]))
        XCTAssertEqual(zero.nonZero, 3)
        XCTAssertEqual(zero.rankSumPositive, 6)
        XCTAssertEqual(zero.pValue, 0.25, accuracy: 1e-15)
        // Nothing differs: no evidence either way, and no effect size.
        XCTAssertEqual(Statistics.wilcoxonSignedRank([0, 0, 0])?.pValue, 1)
        XCTAssertNil(Statistics.wilcoxonSignedRank([0, 0, 0])?.rankBiserial)
        XCTAssertNil(Statistics.wilcoxonSignedRank([]))
    }

    func testTiedRanksAreCountedInHalves() {
        // |d| = 1, 1, 2: ranks 1.5, 1.5, 3, all positive: W⁺ = 6 of the sums {0, 1.5, 1.5, 3, 3, 4.5, 4.5, 6}.
        let tails = Statistics.signedRankTails(ranks: [1.5, 1.5, 3], observed: 6)
        XCTAssertEqual(tails.atLeast, 1.0 / 8)
        XCTAssertEqual(tails.atMost, 1)
        // [1, −1, 2]: W⁺ = 4.5, reached or passed by 3 of the 8 sums, so p = 2 · 3/8.
        XCTAssertEqual(Statistics.wilcoxonSignedRank([1, -1, 2])?.pValue, 0.75)
    }

    func testSQLFunctions() throws {
        let db = try SQLiteConnection(path: ":memory:", mode: .readWriteCreate)
        try db.installFunctions()
        try db.execute("CREATE TABLE pair (name TEXT, d REAL)")
        let insert = try db.prepare("INSERT INTO pair VALUES (?1, ?2)")
        let cases = try reference().cases
        for reference in cases {
            for d in reference.differences { try insert.run([.text(reference.name), .real(d)]) }
            try insert.run([.text(reference.name), .null]) // skipped
        }
        let rows = try db.rows("""
            SELECT name, wilcoxon_p(d), wilcoxon_rank_biserial(d), bootstrap_median_ci(d, 0.9, 500, 7), median(d)
            FROM pair GROUP BY name
            """)
        XCTAssertEqual(rows.count, cases.count)
        for row in rows {
            guard case let .text(name) = row[0], let reference = cases.first(where: { $0.name == name }) else {
                return XCTFail("unexpected row \(row)")
            }
            guard case let .real(p) = row[1], case let .real(biserial) = row[2], case let .text(interval) = row[3],
                  case let .real(median) = row[4] else { return XCTFail("\(name): \(row)") }
            XCTAssertEqual(p, reference.p, accuracy: 1e-12 + 1e-9 * reference.p, name)
            XCTAssertEqual(biserial, reference.rank_biserial, accuracy: 1e-12, name)
            let bounds = try JSONDecoder().decode([Double].self, from: Data(interval.utf8))
            let swift = try XCTUnwrap(Statistics.bootstrapMedianInterval(reference.differences, level: 0.9, resamples: 500, seed: 7))
            XCTAssertEqual(bounds, [swift.low, swift.high], name)
            XCTAssertLessThanOrEqual(bounds[0], bounds[1], name)
            XCTAssertLessThanOrEqual(bounds[0], median, name)
            XCTAssertGreaterThanOrEqual(bounds[1], median, name)
        }
        XCTAssertEqual(try db.rows("SELECT wilcoxon_p(d), bootstrap_median_ci(d) FROM pair WHERE d IS NULL").first,
                       [.null, .null])
        XCTAssertThrowsError(try db.rows("SELECT wilcoxon_p('abc')")) { error in
            XCTAssertTrue("\(error)".contains("1st argument to wilcoxon_p()"), "\(error)")
        }
        XCTAssertThrowsError(try db.rows("SELECT bootstrap_median_ci(d, 1.5) FROM pair")) { error in
            XCTAssertTrue("\(error)".contains("2nd argument to bootstrap_median_ci()"), "\(error)")
        }
        XCTAssertThrowsError(try db.rows("SELECT bootstrap_median_ci(d, 0.9, 10) FROM pair")) { error in
            XCTAssertTrue("\(error)".contains("3rd argument to bootstrap_median_ci()"), "\(error)")
        }
    }

    func testMedianIntervalIsSeededAndOrderFree() throws {
        let values = [0.4, -1.2, 2.2, 0.9, 1.7, 0.1, 3.3, -0.2, 1.1]
        let first = try XCTUnwrap(Statistics.bootstrapMedianInterval(values, seed: 3))
        let shuffled = try XCTUnwrap(Statistics.bootstrapMedianInterval(values.reversed(), seed: 3))
        XCTAssertEqual(first.low, shuffled.low)
        XCTAssertEqual(first.high, shuffled.high)
        // A median of resamples is always one of the values or the mean of two of them.
        XCTAssertGreaterThanOrEqual(first.low, values.min()!)
        XCTAssertLessThanOrEqual(first.high, values.max()!)
        XCTAssertLessThan(first.low, 0.9)
        XCTAssertGreaterThan(first.high, 0.9)
        XCTAssertNil(Statistics.bootstrapMedianInterval([]))
        let constant = try XCTUnwrap(Statistics.bootstrapMedianInterval([2, 2, 2]))
        XCTAssertEqual(constant.low, 2)
        XCTAssertEqual(constant.high, 2)
    }
}
