import PlexusNumerics
import PlexusStore
import XCTest
@testable import PlexusAnalytics

/// `PhenotypeSpace` on hand-made cells: what is dropped, imputed, refused and
/// reported as not computable.
final class PhenotypeSpaceTests: XCTestCase {
    typealias Observation = PhenotypeSpace.Observation

    /// `count` cells of `condition` around `centre` (features a, b, c, flat = 2,
    /// none = missing everywhere), seeded.
    func cells(_ condition: String, _ count: Int, centre: Double, seed: UInt64, firstID: Int,
               replicates: Int = 0) -> [Observation] {
        var random = SeededRandom(seed: seed)
        func noise() -> Double { Double(random.next() % 1000) / 1000 - 0.5 }
        return (0..<count).map { i in
            Observation(id: firstID + i, condition: condition, replicate: replicates > 0 ? "r\(i % replicates)" : nil,
                        features: ["a": centre + noise(), "b": 2 * centre + noise(), "c": noise(), "flat": 2, "none": Double?.none])
        }
    }

    let available = ["a", "b", "c", "flat", "none"]

    func testShiftedConditionIsFoundAndConstantOrMissingFeaturesAreDroppedAndSaid() throws {
        var observations = cells("control", 8, centre: 0, seed: 1, firstID: 0)
            + cells("drug", 8, centre: 3, seed: 2, firstID: 100) + cells("same", 8, centre: 0, seed: 3, firstID: 200)
        // One cell lacks b: it gets b's median over the known cells.
        observations[0] = Observation(id: 0, condition: "control", replicate: nil,
                                      features: ["a": 0.1, "b": Double?.none, "c": 0, "flat": 2, "none": Double?.none])
        let space = try PhenotypeSpace(observations: observations, conditions: ["control", "drug", "same"],
                                       available: available, options: PhenotypeOptions())
        XCTAssertEqual(space.baseline, "control")
        XCTAssertEqual(space.features, ["a", "b", "c"])
        XCTAssertEqual(space.dropped.map(\.feature), ["flat", "none"])
        XCTAssertTrue(space.dropped[0].reason.hasPrefix("constant"), space.dropped[0].reason)
        XCTAssertTrue(space.dropped[1].reason.hasPrefix("missing for every cell"), space.dropped[1].reason)
        XCTAssertEqual(space.imputed.map(\.feature), ["b"])
        XCTAssertEqual(space.imputed[0].cells, 1)
        XCTAssertEqual(space.cells.count, 24)
        let drug = try XCTUnwrap(space.shift("drug"))
        XCTAssertLessThan(try XCTUnwrap(drug.p), 0.01)
        XCTAssertLessThan(try XCTUnwrap(drug.pBH), 0.05)
        XCTAssertLessThanOrEqual(try XCTUnwrap(drug.distanceLow), try XCTUnwrap(drug.euclideanDistance))
        XCTAssertNotNil(drug.mahalanobisDistance)
        XCTAssertGreaterThan(try XCTUnwrap(space.shift("same")?.p), 0.05)
        XCTAssertEqual(space.notes, ["the sample sheet gives no replicates, so there is no replicate-level test"])
    }

    func testTooFewCellsOrReplicatesAreNotComputableWithTheReason() throws {
        let observations = cells("control", 6, centre: 0, seed: 1, firstID: 0, replicates: 3)
            + cells("drug", 2, centre: 3, seed: 2, firstID: 100, replicates: 2)
            + cells("other", 6, centre: 1, seed: 3, firstID: 200, replicates: 2)
        let space = try PhenotypeSpace(observations: observations, conditions: ["control", "drug", "other"],
                                       available: available, options: PhenotypeOptions())
        let drug = try XCTUnwrap(space.shift("drug"))
        XCTAssertNil(drug.p)
        XCTAssertNil(drug.euclideanDistance)
        XCTAssertEqual(drug.notComputable, "drug has 2 cells; a shift test needs at least 3 in each condition")
        XCTAssertNotNil(space.shift("other")?.p)
        let replicate = try XCTUnwrap(space.shift("other", level: "replicate"))
        XCTAssertNil(replicate.p)
        XCTAssertEqual(replicate.notComputable, "other has 2 replicates with a replicate name; a shift test needs at least 3 in each condition")
    }

    func testBadConditionsAreRefusedOrSaid() throws {
        let observations = cells("control", 5, centre: 0, seed: 1, firstID: 0) + cells("llo", 5, centre: 2, seed: 2, firstID: 50)
        let conditions = ["control", "llo"]
        XCTAssertThrowsError(try PhenotypeSpace(observations: observations, conditions: conditions, available: available,
                                                options: PhenotypeOptions(unknown: ["mdivi"]))) { error in
            XCTAssertEqual("\(error)", "--unknown: 'mdivi' is not a condition of the database; its conditions are: control, llo")
        }
        XCTAssertThrowsError(try PhenotypeSpace(observations: observations, conditions: conditions, available: available,
                                                options: PhenotypeOptions(unknown: ["control"]))) { error in
            XCTAssertTrue("\(error)".hasPrefix("the baseline control cannot also be --unknown"), "\(error)")
        }
        XCTAssertThrowsError(try PhenotypeSpace(observations: observations, conditions: conditions, available: available,
                                                options: PhenotypeOptions(features: ["a", "nope"]))) { error in
            XCTAssertTrue("\(error)".contains("no feature named 'nope'"), "\(error)")
        }
        // One condition: the space, and no shift, with the reason.
        let single = try PhenotypeSpace(observations: Array(observations.prefix(5)), conditions: ["control"],
                                        available: available, options: PhenotypeOptions())
        XCTAssertTrue(single.shifts.isEmpty)
        XCTAssertEqual(single.notes.first, "control is the only known condition: there is no condition to compare it with, so no shift from it is tested")
        // llo as unknown: placed, compared with control, not fitted.
        let placed = try PhenotypeSpace(observations: observations, conditions: conditions, available: available,
                                        options: PhenotypeOptions(unknown: ["llo"]))
        XCTAssertEqual(placed.known, ["control"])
        XCTAssertEqual(placed.cells.filter(\.unknown).count, 5)
        XCTAssertNotNil(placed.shift("llo", from: "control")?.p)
    }
}
