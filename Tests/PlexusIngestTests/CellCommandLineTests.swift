import Foundation
import PlexusImaging
import PlexusStore
import PlexusTestSupport
import XCTest

/// `plexus ingest --mask`, `--auto-cells` and `plexus masks`, run as a user runs them.
final class CellCommandLineTests: TemporaryDirectoryTestCase {
    private func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try runPlexus(arguments)
    }

    func testIngestWithAMaskThenWriteTheMasks() throws {
        let video = DrawnCellVideo.threeCells
        let file = try video.writeVideo(to: path("three.tif"), frames: 5)
        let mask = path("three-mask.vtk")
        try vtkLabelFile(video.labels).write(to: URL(fileURLWithPath: mask))
        let db = path("cells.sqlite")
        let ingest = try run(["ingest", file, "--mask", mask, "--condition", "llo", "--db", db, "--every", "2"])
        XCTAssertEqual(ingest.status, 0, ingest.stderr + ingest.stdout)
        XCTAssertTrue(ingest.stderr.contains("3 cells"), ingest.stderr)

        let connection = try SQLiteConnection.reading(db)
        let cell = try connection.int("SELECT id FROM cell WHERE label = 7")
        let out = path("cell-masks.tif")
        let masks = try run(["masks", "--db", db, "--cell", "\(cell)", "--out", out])
        XCTAssertEqual(masks.status, 0, masks.stderr + masks.stdout)
        XCTAssertTrue(masks.stdout.contains("wrote 3 masks (150×110, t = 0…4) of cell \(cell), label 7"), masks.stdout)
        // One page per processed frame (t = 0, 2, 4), the video's size, 8-bit, 255 inside.
        let stack = try TIFFVideo(path: out)
        XCTAssertEqual([stack.pageCount, stack.width, stack.height, stack.bitDepth], [3, 150, 110, 8])
        let first = try stack.readPage(0).samples
        XCTAssertEqual(Set(first), [0, 255])
        XCTAssertEqual(first.map { $0 == 255 }, video.labels.mask(of: 7).pixels)
        for (page, t) in [(1, 2), (2, 4)] {
            let area = try stack.readPage(page).samples.filter { $0 == 255 }.count
            XCTAssertEqual(area, try connection.int("SELECT mask_area_px FROM frame WHERE cell_id = ?1 AND t = ?2",
                                                     [.integer(Int64(cell)), .integer(Int64(t))]))
        }
    }

    func testMasksCommandErrors() throws {
        let file = try DrawnCellVideo.threeCells.writeVideo(to: path("three.tif"), frames: 2)
        let db = path("whole.sqlite")
        XCTAssertEqual(try run(["ingest", file, "--condition", "c", "--db", db]).status, 0)
        let whole = try run(["masks", "--db", db, "--cell", "1", "--out", path("m.tif")])
        XCTAssertNotEqual(whole.status, 0)
        XCTAssertTrue(whole.stderr.contains("no stored masks") && whole.stderr.contains("whole-frame"), whole.stderr)
        let missing = try run(["masks", "--db", db, "--cell", "9", "--out", path("m.tif")])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("no cell 9") && missing.stderr.contains("1 cells"), missing.stderr)
        let noFolder = try run(["masks", "--db", db, "--cell", "1", "--out", path("nowhere/m.tif")])
        XCTAssertNotEqual(noFolder.status, 0)
        XCTAssertTrue(noFolder.stderr.contains("--out"), noFolder.stderr)
        let noDatabase = try run(["masks", "--db", path("none.sqlite"), "--cell", "1", "--out", path("m.tif")])
        XCTAssertNotEqual(noDatabase.status, 0)
        XCTAssertTrue(noDatabase.stderr.contains("no such database"), noDatabase.stderr)
    }

    func testIngestOptionsForCells() throws {
        let video = DrawnCellVideo.threeCells
        let file = try video.writeVideo(to: path("three.tif"), frames: 2)
        let mask = try video.writeMask(to: path("three-mask.tif"))
        let sheet = path("samples.csv")
        try "video,condition,mask\nthree.tif,llo,three-mask.tif\n".write(toFile: sheet, atomically: true, encoding: .utf8)

        let both = try run(["ingest", file, "--mask", mask, "--auto-cells", "--condition", "c", "--db", path("a.sqlite")])
        XCTAssertNotEqual(both.status, 0)
        XCTAssertTrue(both.stderr.contains("--mask") && both.stderr.contains("--auto-cells"), both.stderr)
        let withSheet = try run(["ingest", sheet, "--mask", mask, "--db", path("a.sqlite")])
        XCTAssertNotEqual(withSheet.status, 0)
        XCTAssertTrue(withSheet.stderr.contains("--mask"), withSheet.stderr)
        let badRadius = try run(["ingest", file, "--mask-dilate", "-1", "--condition", "c", "--db", path("a.sqlite")])
        XCTAssertNotEqual(badRadius.status, 0)
        XCTAssertTrue(badRadius.stderr.contains("--mask-dilate"), badRadius.stderr)

        // The sheet's mask column, relative to the sheet.
        let db = path("sheet.sqlite")
        let fromSheet = try run(["ingest", sheet, "--db", db])
        XCTAssertEqual(fromSheet.status, 0, fromSheet.stderr + fromSheet.stdout)
        let connection = try SQLiteConnection.reading(db)
        XCTAssertEqual(try connection.ints("SELECT label FROM cell ORDER BY label"), [3, 7, 300])
        XCTAssertEqual(try connection.texts("SELECT mask_path FROM video"), [mask])

        // --auto-cells, with its parameters in the run's parameters.
        let auto = path("auto.sqlite")
        let found = try run(["ingest", file, "--auto-cells", "--min-cell-area", "300", "--mask-dilate", "8", "--condition", "c",
                             "--db", auto])
        XCTAssertEqual(found.status, 0, found.stderr + found.stdout)
        let autoConnection = try SQLiteConnection.reading(auto)
        XCTAssertEqual(try autoConnection.int("SELECT count(*) FROM cell"), 3)
        XCTAssertEqual(try autoConnection.texts("""
            SELECT json_extract(parameters_json, '$.auto_cells') || ' ' || json_extract(parameters_json, '$.min_cell_area')
                   || ' ' || json_extract(parameters_json, '$.mask_dilate') FROM ingest_run
            """), ["1 300 8"])
    }
}
