import Foundation
import PlexusImaging
import PlexusNumerics
import PlexusSimulation
import PlexusStore
import PlexusTestSupport
import XCTest
@testable import PlexusIngest

/// Videos of several cells: frame-0 label images (TIFF, VTK), masks carried
/// through the video, cells found without a mask, and bad masks.
final class CellIngestTests: TemporaryDirectoryTestCase {
    var database: String { path("cells.sqlite") }

    private func ingest(_ specs: [VideoSpec], parameters: IngestParameters = IngestParameters()) throws -> BatchSummary {
        try BatchIngest(store: try ExperimentStore(path: database), parameters: parameters)
            .run(specs, commandLine: "plexus ingest (test)")
    }

    /// The stored mask of a cell at frame t.
    private func storedMask(_ db: SQLiteConnection, cell: Int, t: Int) throws -> BinaryImage {
        let statement = try db.prepare("""
            SELECT m.rle, v.width, v.height FROM cell_mask m JOIN cell c ON c.id = m.cell_id JOIN video v ON v.id = c.video_id
            WHERE m.cell_id = ?1 AND m.t = ?2
            """)
        try statement.bind([.integer(Int64(cell)), .integer(Int64(t))])
        guard try statement.step() else { throw StoreError("no mask stored for cell \(cell) at t = \(t)") }
        return try BinaryImage(runLength: statement.blob(0), width: Int(statement.int(1)), height: Int(statement.int(2)))
    }

    func testThreeCellVideoGivesThreeCellsWithFramesEach() throws {
        let video = DrawnCellVideo.threeCells
        let file = try video.writeVideo(to: path("three.tif"), frames: 6)
        let mask = try video.writeMask(to: path("three-mask.tif"))
        let summary = try ingest([VideoSpec(path: file, condition: "llo", maskPath: mask)])
        XCTAssertEqual(summary.failed.map { $0.message ?? "" }, [])
        XCTAssertEqual(summary.ingested.first?.message, "3 cells")

        let db = try SQLiteConnection.reading(database)
        XCTAssertEqual(try db.inconsistencies(), [])
        // Labels are kept as drawn, not renumbered.
        XCTAssertEqual(try db.ints("SELECT label FROM cell ORDER BY label"), [3, 7, 300])
        XCTAssertEqual(try db.texts("SELECT mask_path FROM video"), [mask])
        XCTAssertEqual(try db.texts("SELECT mask_sha256 FROM video"), [try SHA256.hexDigest(ofFile: mask)])
        let cells = try db.ints("SELECT id FROM cell ORDER BY label")
        var componentsPerCell: [Int] = []
        for (cell, drawn) in zip(cells, video.cells) {
            XCTAssertEqual(try db.ints("SELECT t FROM frame WHERE cell_id = ?1 ORDER BY t", [.integer(Int64(cell))]), Array(0..<6))
            XCTAssertEqual(try db.texts("SELECT DISTINCT status FROM frame WHERE cell_id = ?1", [.integer(Int64(cell))]), ["fitted"])
            XCTAssertEqual(try db.int("SELECT count(*) FROM cell WHERE id = ?1 AND lost_t IS NULL", [.integer(Int64(cell))]), 1)
            for t in 0..<6 {
                let mask = try storedMask(db, cell: cell, t: t)
                // frame.mask_area_px is the stored mask's area.
                XCTAssertEqual(try db.int("SELECT mask_area_px FROM frame WHERE cell_id = ?1 AND t = ?2",
                                          [.integer(Int64(cell)), .integer(Int64(t))]), mask.area, "cell \(drawn.label) t \(t)")
                // The mask holds its own cell's centre, and no other cell's.
                for other in video.cells {
                    let (row, col) = other.centre(at: t)
                    XCTAssertEqual(mask[Int(row.rounded()), Int(col.rounded())], other.label == drawn.label,
                                   "cell \(drawn.label) t \(t): centre of cell \(other.label)")
                }
                // Every component of the cell's mixture lies inside the cell's mask.
                for row in try db.rows("SELECT mean_row, mean_col FROM component WHERE cell_id = ?1 AND t = ?2",
                                       [.integer(Int64(cell)), .integer(Int64(t))]) {
                    guard case let .real(r) = row[0], case let .real(c) = row[1] else { continue }
                    XCTAssertTrue(mask[Int(r.rounded()), Int(c.rounded())], "cell \(drawn.label) t \(t): component at (\(r), \(c)) outside its mask")
                }
            }
            componentsPerCell.append(try db.int("SELECT component_count FROM frame WHERE cell_id = ?1 AND t = 0", [.integer(Int64(cell))]))
        }
        // Nine spots a cell: each cell's mixture models its own spots, not its neighbours'.
        XCTAssertEqual(componentsPerCell, [9, 9, 9])
        // At the first frame the masks are the drawn labels.
        let labels = video.labels
        for (cell, drawn) in zip(cells, video.cells) {
            XCTAssertEqual(try storedMask(db, cell: cell, t: 0), labels.mask(of: drawn.label))
        }
    }

    /// The same labels as ITK-SNAP's VTK file give the same analysis as the TIFF.
    func testVTKMaskGivesTheSameCellsAsTheTIFF() throws {
        let video = DrawnCellVideo.threeCells
        let file = try video.writeVideo(to: path("three.tif"), frames: 3)
        let tiff = try video.writeMask(to: path("three-mask.tif"))
        let vtk = path("three-mask.vtk")
        try vtkLabelFile(video.labels).write(to: URL(fileURLWithPath: vtk))
        let ascii = path("three-mask-ascii.vtk")
        try vtkLabelFile(video.labels, binary: false).write(to: URL(fileURLWithPath: ascii))
        let summary = try ingest([tiff, vtk, ascii].map { VideoSpec(path: file, condition: "c", maskPath: $0) })
        // Three masks of different bytes: three analyses of the same file.
        XCTAssertEqual(summary.ingested.count, 3, "\(summary.failed.map { $0.message ?? "" })")
        let db = try SQLiteConnection.reading(database)
        let analyses = try db.ints("SELECT id FROM video ORDER BY id").map { video in
            try db.rows("""
                SELECT c.label, k.t, k.k, k.weight, k.mean_row, k.mean_col FROM component k JOIN cell c ON c.id = k.cell_id
                WHERE c.video_id = ?1 ORDER BY c.label, k.t, k.k
                """, [.integer(Int64(video))])
        }
        XCTAssertFalse(analyses[0].isEmpty)
        XCTAssertEqual(analyses[0], analyses[1])
        XCTAssertEqual(analyses[0], analyses[2])
    }

    func testAVanishingCellIsRecordedAndStopsWhileTheOtherGoesOn() throws {
        let video = DrawnCellVideo(width: 150, height: 80, cells: [
            .init(label: 1, row: 40, col: 40, radius: 24),
            .init(label: 2, row: 40, col: 110, radius: 24, vanishesAt: 3),
        ])
        let file = try video.writeVideo(to: path("vanish.tif"), frames: 6)
        let mask = try video.writeMask(to: path("vanish-mask.tif"))
        let summary = try ingest([VideoSpec(path: file, condition: "c", maskPath: mask)])
        XCTAssertEqual(summary.failed.map { $0.message ?? "" }, [])
        XCTAssertEqual(summary.ingested.first?.message, "2 cells; cell 2 lost at t = 3")
        let db = try SQLiteConnection.reading(database)
        XCTAssertEqual(try db.inconsistencies(), [])
        let kept = try db.int("SELECT id FROM cell WHERE label = 1"), lost = try db.int("SELECT id FROM cell WHERE label = 2")
        XCTAssertEqual(try db.ints("SELECT t FROM frame WHERE cell_id = ?1 ORDER BY t", [.integer(Int64(kept))]), Array(0..<6))
        XCTAssertEqual(try db.texts("SELECT DISTINCT status FROM frame WHERE cell_id = ?1", [.integer(Int64(kept))]), ["fitted"])
        XCTAssertEqual(try db.rows("SELECT lost_t FROM cell ORDER BY label"), [[.null], [.integer(3)]])
        let rows = try db.rows("SELECT t, status, mask_area_px, component_count FROM frame WHERE cell_id = ?1 ORDER BY t",
                               [.integer(Int64(lost))])
        XCTAssertEqual(rows.map { $0[0] }, [.integer(0), .integer(1), .integer(2), .integer(3)], "no frames after the cell was lost")
        for row in rows.prefix(3) {
            XCTAssertEqual(row[1], .text("fitted"))
            XCTAssertEqual(row[3], .integer(9))
        }
        XCTAssertEqual(rows.last, [.integer(3), .text("empty"), .integer(0), .integer(0)])
        XCTAssertTrue(try storedMask(db, cell: lost, t: 3).isEmpty)
    }

    // MARK: - Cells found without a mask

    func testAutoCellsFindsTheCells() throws {
        let video = DrawnCellVideo.threeCells
        let file = try video.writeVideo(to: path("three.tif"), frames: 4)
        let summary = try ingest([VideoSpec(path: file, condition: "c")],
                                 parameters: IngestParameters(autoCells: true, minCellArea: 300, components: .fixed))
        XCTAssertEqual(summary.failed.map { $0.message ?? "" }, [])
        XCTAssertEqual(summary.ingested.first?.message, "3 cells")
        let db = try SQLiteConnection.reading(database)
        XCTAssertEqual(try db.inconsistencies(), [])
        XCTAssertEqual(try db.ints("SELECT label FROM cell ORDER BY label"), [1, 2, 3])
        XCTAssertEqual(try db.int("SELECT count(*) FROM frame"), 12)
        XCTAssertEqual(try db.int("SELECT count(*) FROM cell_mask"), 12)
        XCTAssertEqual(try db.rows("SELECT mask_path FROM video"), [[.null]])
        // Found in raster order: label 1 is the top-left cell, 2 the top-right, 3 the bottom one.
        for (label, drawn) in zip([1, 2, 3], video.cells) {
            let cell = try db.int("SELECT id FROM cell WHERE label = ?1", [.integer(Int64(label))])
            let mask = try storedMask(db, cell: cell, t: 0)
            XCTAssertTrue(mask[Int(drawn.row), Int(drawn.col)], "cell \(label)")
            XCTAssertEqual(try db.int("SELECT component_count FROM frame WHERE cell_id = ?1 AND t = 0", [.integer(Int64(cell))]), 9)
        }
        // Whole frame without --auto-cells, for comparison: one cell.
        let whole = try ingest([VideoSpec(path: file, condition: "c")])
        XCTAssertEqual(whole.ingested.count, 1)
        XCTAssertNil(whole.ingested.first?.message)
    }

    func testAutoCellsFindingNothingFailsTheVideo() throws {
        let empty = DrawnCellVideo(width: 64, height: 64, cells: [])
        let file = try empty.writeVideo(to: path("empty.tif"), frames: 2)
        let summary = try ingest([VideoSpec(path: file, condition: "c")], parameters: IngestParameters(autoCells: true))
        XCTAssertEqual(summary.failedPaths, [file])
        XCTAssertTrue(summary.failed.first?.message?.contains("--auto-cells found no cell") ?? false, summary.failed.first?.message ?? "")
    }

    // MARK: - Identity

    func testAnotherMaskIsAnotherAnalysisTheSameMaskIsSkipped() throws {
        let video = DrawnCellVideo.threeCells
        let file = try video.writeVideo(to: path("three.tif"), frames: 2)
        let maskA = try video.writeMask(to: path("a.tif"))
        var fewer = video
        fewer.cells.removeLast()
        let maskB = try fewer.writeMask(to: path("b.tif"))
        XCTAssertEqual(try ingest([VideoSpec(path: file, condition: "c", maskPath: maskA)]).ingested.count, 1)
        let again = try ingest([VideoSpec(path: file, condition: "c", maskPath: maskA)])
        XCTAssertEqual(again.skipped.count, 1)
        XCTAssertTrue(again.skipped.first?.message?.contains("same parameters and mask") ?? false)
        XCTAssertEqual(try ingest([VideoSpec(path: file, condition: "c", maskPath: maskB)]).ingested.count, 1)
        XCTAssertEqual(try ingest([VideoSpec(path: file, condition: "c")]).ingested.count, 1)
        let db = try SQLiteConnection.reading(database)
        XCTAssertEqual(try db.ints("SELECT count(*) FROM cell GROUP BY video_id ORDER BY video_id"), [3, 2, 1])
        XCTAssertEqual(try db.inconsistencies(), [])
    }

    // MARK: - Bad masks: the video fails naming the problem, the others are ingested

    private func assertBadMaskFails(_ name: String, mentions: [String], write: (String) throws -> Void,
                                    file: StaticString = #filePath, line: UInt = #line) throws {
        let video = DrawnCellVideo.threeCells
        let good = try video.writeVideo(to: path("good.tif"), frames: 2)
        let goodMask = try video.writeMask(to: path("good-mask.tif"))
        let bad = try video.writeVideo(to: path("bad.tif"), frames: 2)
        let badMask = path(name)
        try write(badMask)
        let summary = try ingest([VideoSpec(path: good, condition: "c", maskPath: goodMask),
                                  VideoSpec(path: bad, condition: "c", maskPath: badMask),
                                  VideoSpec(path: good, condition: "d")])
        XCTAssertEqual(summary.failedPaths, [bad], file: file, line: line)
        XCTAssertEqual(summary.ingested.count, 2, file: file, line: line)
        let message = summary.failed.first?.message ?? ""
        for mention in mentions + [bad, badMask] {
            XCTAssertTrue(message.contains(mention), "'\(mention)' not in: \(message)", file: file, line: line)
        }
        XCTAssertEqual(try SQLiteConnection.reading(database).inconsistencies(), [], file: file, line: line)
        XCTAssertEqual(try stagingFiles(), [], file: file, line: line)
    }

    func testMaskOfAnotherSize() throws {
        try assertBadMaskFails("small-mask.tif", mentions: ["100×50", "150×110"]) { path in
            try DrawnCellVideo.write(LabelImage(width: 100, height: 50, labels: Array(repeating: 1, count: 5000)), to: path)
        }
    }

    func testMaskWithNoLabels() throws {
        try assertBadMaskFails("blank-mask.tif", mentions: ["no labels"]) { path in
            try DrawnCellVideo.write(LabelImage(width: 150, height: 110, labels: Array(repeating: 0, count: 150 * 110)), to: path)
        }
    }

    func testMissingMaskFile() throws {
        try assertBadMaskFails("nowhere-mask.tif", mentions: ["file not found"]) { _ in }
    }

    func testVTKMaskOfAnUnsupportedType() throws {
        try assertBadMaskFails("float-mask.vtk", mentions: ["float", "not supported"]) { path in
            var data = vtkLabelFile(DrawnCellVideo.threeCells.labels, type: "float")
            data.append(Data(count: 150 * 110 * 2))
            try data.write(to: URL(fileURLWithPath: path))
        }
    }

    func testVTKMaskOfThreeDimensions() throws {
        try assertBadMaskFails("stack-mask.vtk", mentions: ["DIMENSIONS 150 55 2"]) { path in
            try vtkLabelFile(DrawnCellVideo.threeCells.labels, dimensions: "150 55 2").write(to: URL(fileURLWithPath: path))
        }
    }

    // MARK: - A simulated cell that shrinks

    /// An LLO cell of `plexus simulate` shrinks to 70% of its area: its carried
    /// mask keeps covering the cell without spreading far beyond it.
    func testMaskFollowsASimulatedShrinkingCell() throws {
        let simulation = CellSimulation(condition: .llo, cell: 1, seed: 2, size: 128, frameCount: 24)
        var frames: [RawFrame] = []
        _ = simulation.run { frames.append($0) }
        let parameters = IngestParameters()
        func cellMask(_ raw: RawFrame) -> BinaryImage { BinaryImage(width: raw.width, height: raw.height, pixels: raw.samples.map { $0 != 0 }) }
        var mask = cellMask(simulation.mask)
        var worst = (recall: 1.0, withinMargin: 1.0)
        for t in 1..<frames.count {
            let image = GaussianSmoothing.smooth(frames[t].eightBitScaled(), sigma: parameters.smoothSigma)
            mask = CellMaskTracker.propagate([mask], into: image, settings: parameters.maskTracking)[0]
            let scale = simulation.scale(atFrame: t)
            let truth = cellMask(simulation.cellRaster.mask(scale: scale))
            // The cell grown by the dilation: the margin a mask may keep around the organelles.
            let grownScale = scale + Double(parameters.maskDilate + 2) / min(simulation.outline.semiMinor, simulation.outline.semiMajor)
            let margin = cellMask(simulation.cellRaster.mask(scale: grownScale))
            let recall = Double(zip(mask.pixels, truth.pixels).filter { $0 && $1 }.count) / Double(truth.area)
            let within = Double(zip(mask.pixels, margin.pixels).filter { $0 && $1 }.count) / Double(mask.area)
            worst = (min(worst.recall, recall), min(worst.withinMargin, within))
        }
        let shrunk = Double(simulation.cellRaster.area(scale: simulation.scale(atFrame: frames.count - 1)))
            / Double(simulation.cellRaster.area(scale: 1))
        print("simulated llo cell shrinking to \(shrunk) of its area: worst recall \(worst.recall), worst fraction within the margin \(worst.withinMargin)")
        XCTAssertLessThan(shrunk, 0.8)
        XCTAssertGreaterThan(worst.recall, 0.95)
        XCTAssertGreaterThan(worst.withinMargin, 0.98)
    }
}
