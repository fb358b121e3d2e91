import PlexusNumerics
import PlexusStore
import XCTest
@testable import PlexusAnalytics

/// The centroid distance, its permutation test and bootstrap interval, and
/// the Mahalanobis distance, on small hand-made populations.
final class PopulationShiftTests: XCTestCase {
    typealias Shift = Analytics.PopulationShift

    func testDistancesOfSeparatedGroups() throws {
        let a: [[Double]] = [[0, 0], [2, 0], [0, 2], [2, 2]], b = a.map { [$0[0] + 3, $0[1] + 4] }
        XCTAssertEqual(Shift.centroidDistance(a, b), 5, accuracy: 1e-12)
        // Pooled covariance: 4/3 on the diagonal, 0 off it, so the distance is 5 / √(4/3).
        let mahalanobis = try XCTUnwrap(try Shift.mahalanobis(a, b))
        XCTAssertEqual(mahalanobis.distance, 5 / (4.0 / 3).squareRoot(), accuracy: 1e-12)
        XCTAssertFalse(mahalanobis.regularized)
        // Only the labelling itself (and its mirror, same distance) is as extreme: p ≈ 2/70, never 0.
        let test = Shift.permutationTest(a, b, permutations: 2000, seed: 1)
        XCTAssertLessThan(test.p, 0.05)
        XCTAssertGreaterThan(test.p, 1.0 / 2001 - 1e-15)
        let interval = Shift.bootstrapInterval(a, b, level: 0.95, resamples: 500, seed: 1)
        XCTAssertLessThanOrEqual(interval.low, 5)
        XCTAssertGreaterThanOrEqual(interval.high, 5)
        XCTAssertEqual(Shift.permutationTest(a, b, permutations: 300, seed: 7).p,
                       Shift.permutationTest(a, b, permutations: 300, seed: 7).p, "seeded")
    }

    func testSameGroupIsNotShifted() {
        let a: [[Double]] = [[0, 1], [1, 0], [2, 3], [3, 1], [1, 1]]
        let test = Shift.permutationTest(a, a.reversed(), permutations: 1000, seed: 2)
        XCTAssertEqual(test.p, 1, "every relabelling is at least as far as 0")
    }

    func testSingularCovarianceIsShrunk() throws {
        // 3 + 3 points in 5 dimensions: 4 pooled degrees of freedom < 5.
        let a: [[Double]] = [[0, 1, 2, 0, 1], [1, 0, 2, 1, 0], [2, 2, 0, 1, 1]]
        let b = a.map { $0.map { $0 + 1 } }
        let mahalanobis = try XCTUnwrap(try Shift.mahalanobis(a, b))
        XCTAssertTrue(mahalanobis.regularized)
        XCTAssertTrue(mahalanobis.distance.isFinite)
    }

    func testBenjaminiHochberg() {
        // scipy.stats.false_discovery_control([0.01, 0.04, 0.03, 0.5]) = 0.04, 0.05333, 0.05333, 0.5.
        let adjusted = Statistics.benjaminiHochberg([0.01, nil, 0.04, 0.03, 0.5])
        XCTAssertNil(adjusted[1])
        for (value, expected) in zip([adjusted[0], adjusted[2], adjusted[3], adjusted[4]], [0.04, 0.16 / 3, 0.16 / 3, 0.5]) {
            XCTAssertEqual(value!, expected, accuracy: 1e-15)
        }
    }
}
