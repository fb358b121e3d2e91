import Foundation
import PlexusImaging
import PlexusIngest
import PlexusStore
import PlexusTestSupport
import XCTest

/// The morphology table written by ingest, against the library run on the
/// same smoothed frames here.
final class MorphologyIngestTests: TemporaryDirectoryTestCase {
    func testEveryFrameHasItsMorphologyWithUnits() throws {
        let spots = [Spot(row: 20, col: 20), Spot(row: 24, col: 70, sigma: 3, amplitude: 150),
                     Spot(row: 70, col: 40, sigma: 2, amplitude: 120), Spot(row: 72, col: 75, sigma: 3.5, amplitude: 140)]
        let video = try SyntheticVideo.write(to: path("spots.tif"), frames: 4, width: 96, height: 96, spots: spots)
        let db = path("m.sqlite")
        let summary = try BatchIngest(store: try ExperimentStore(path: db), parameters: IngestParameters(threshold: .isodata))
            .run([VideoSpec(path: video, condition: "control", pixelSizeMicrometres: 0.2)], commandLine: "test")
        XCTAssertEqual(summary.ingested.count, 1)
        let connection = try SQLiteConnection(path: db, mode: .readOnly)
        XCTAssertEqual(try connection.inconsistencies(), [])
        let tiff = try TIFFVideo(path: video)
        for t in 0..<4 {
            let image = GaussianSmoothing.smooth(try tiff.readPage(t).eightBitScaled(), sigma: 1)
            let expected = Morphology.measure(image: image, mask: nil, method: .isodata)
            let row = try connection.rows("""
                SELECT object_count, area_px, area_um2, branch_count, total_branch_length_px, total_branch_length_um,
                       individuals, networks, threshold, intensity_mean
                FROM morphology WHERE t = ?1
                """, [.integer(Int64(t))])[0]
            XCTAssertEqual(row[0], .integer(Int64(expected.objectCount)))
            XCTAssertEqual(expected.objectCount, spots.count, "one object per spot at t \(t)")
            XCTAssertEqual(row[1], .integer(Int64(expected.areaPx)))
            guard case let .real(um2) = row[2], case let .real(length) = row[4], case let .real(lengthUm) = row[5] else {
                return XCTFail("row \(row)")
            }
            XCTAssertEqual(um2, Double(expected.areaPx) * 0.04, accuracy: 1e-9)
            XCTAssertEqual(length, expected.totalBranchLengthPx, accuracy: 1e-12)
            XCTAssertEqual(lengthUm, expected.totalBranchLengthPx * 0.2, accuracy: 1e-12)
            XCTAssertEqual(row[3], .integer(Int64(expected.branchCount)))
            XCTAssertEqual(row[6], .integer(Int64(expected.individuals)))
            XCTAssertEqual(row[7], .integer(Int64(expected.networks)))
            XCTAssertEqual(row[8], expected.threshold.map(SQLValue.real) ?? .null)
            XCTAssertEqual(row[9], expected.intensityMean.map(SQLValue.real) ?? .null)
        }
        let json = try connection.texts("SELECT parameters_json FROM ingest_run")[0]
        XCTAssertTrue(json.contains("\"threshold\":\"isodata\""), json)
    }

    func testWithoutPixelSizeTheMicrometreColumnsAreNull() throws {
        let video = try SyntheticVideo.write(to: path("spots.tif"), frames: 2)
        let db = path("n.sqlite")
        _ = try BatchIngest(store: try ExperimentStore(path: db), parameters: IngestParameters())
            .run([VideoSpec(path: video, condition: "control")], commandLine: "test")
        let connection = try SQLiteConnection(path: db, mode: .readOnly)
        XCTAssertEqual(try connection.int("SELECT count(*) FROM morphology"), 2)
        XCTAssertEqual(try connection.int("SELECT count(*) FROM morphology WHERE area_um2 IS NULL AND total_branch_length_um IS NULL AND mean_branch_length_um IS NULL"), 2)
        XCTAssertEqual(try connection.int("SELECT min(object_count) FROM morphology"), 3)
    }

    func testNoMorphologySkipsTheTable() throws {
        let video = try SyntheticVideo.write(to: path("spots.tif"), frames: 2)
        let db = path("off.sqlite")
        _ = try BatchIngest(store: try ExperimentStore(path: db), parameters: IngestParameters(morphology: false))
            .run([VideoSpec(path: video, condition: "control")], commandLine: "test")
        let connection = try SQLiteConnection(path: db, mode: .readOnly)
        XCTAssertEqual(try connection.int("SELECT count(*) FROM frame"), 2)
        XCTAssertEqual(try connection.int("SELECT count(*) FROM morphology"), 0)
    }
}
