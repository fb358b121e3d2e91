import Foundation
import PlexusImaging
import PlexusStore
import PlexusTestSupport
import XCTest
@testable import PlexusIngest

/// Bad input in a batch: the bad video fails with a message naming the file,
/// the others are ingested, and nothing already stored is lost.
final class BadInputTests: TemporaryDirectoryTestCase {
    var database: String { path("experiment.sqlite") }

    /// Fixed K by default: these tests count components on spot videos whose sparse
    /// background noise adaptive components would give a component of its own.
    private func ingest(_ specs: [VideoSpec], parameters: IngestParameters = IngestParameters(components: .fixed)) throws -> BatchSummary {
        try BatchIngest(store: try ExperimentStore(path: database), parameters: parameters)
            .run(specs, commandLine: "plexus ingest (test)")
    }

    /// One bad file between two good ones, over a database that already holds a video.
    private func assertBatchSurvives(bad: String, mentions: [String], name: String,
                                     file: StaticString = #filePath, line: UInt = #line) throws {
        let stored = try SyntheticVideo.write(to: path("stored-\(name).tif"), frames: 3, seed: 100)
        let first = try ingest([VideoSpec(path: stored, condition: "control")])
        XCTAssertEqual(first.ingested.count, 1, "\(name): \(first.failed.map { $0.message ?? "" })", file: file, line: line)
        let db = try SQLiteConnection.reading(database)
        let before = try db.snapshot()
        let storedRows = try db.rows("SELECT * FROM component ORDER BY cell_id, t, k")

        let good1 = try SyntheticVideo.write(to: path("good1-\(name).tif"), frames: 3, seed: 200)
        let good2 = try SyntheticVideo.write(to: path("good2-\(name).tif"), frames: 3, seed: 300)
        let specs = [good1, bad, good2].map { VideoSpec(path: $0, condition: "llo") }
        let summary = try ingest(specs)

        XCTAssertEqual(summary.failedPaths, [bad], name, file: file, line: line)
        XCTAssertEqual(Set(summary.ingestedPaths), [good1, good2], name, file: file, line: line)
        let message = summary.failed.first?.message ?? ""
        XCTAssertTrue(message.contains(bad), "\(name): the message does not name the file: \(message)", file: file, line: line)
        for mention in mentions {
            XCTAssertTrue(message.contains(mention), "\(name): '\(mention)' not in: \(message)", file: file, line: line)
        }
        XCTAssertEqual(try db.int("SELECT count(*) FROM video"), before["videos"]! + 2, name, file: file, line: line)
        XCTAssertEqual(try db.int("SELECT count(*) FROM video WHERE path = ?1", [.text(bad)]), 0, name, file: file, line: line)
        XCTAssertEqual(try db.rows("SELECT * FROM component WHERE cell_id IN (SELECT id FROM cell WHERE video_id = (SELECT id FROM video WHERE path = ?1)) ORDER BY cell_id, t, k",
                                   [.text(stored)]), storedRows, "\(name): the stored video changed", file: file, line: line)
        XCTAssertEqual(try db.inconsistencies(), [], name, file: file, line: line)
        XCTAssertEqual(try db.texts("SELECT status FROM ingest_run ORDER BY id"), ["finished", "failed"], name,
                       file: file, line: line)
        XCTAssertEqual(try stagingFiles(), [], name, file: file, line: line)
    }

    func testMissingFile() throws {
        try assertBatchSurvives(bad: path("missing.tif"), mentions: ["not found"], name: "missing")
    }

    func testTextFile() throws {
        let text = path("notes.tif")
        try "video,condition\na.tif,control\n".write(toFile: text, atomically: true, encoding: .utf8)
        try assertBatchSurvives(bad: text, mentions: ["TIFF"], name: "text")
    }

    func testTruncatedFile() throws {
        let intact = try SyntheticVideo.write(to: path("intact.tif"), frames: 6, seed: 7, compression: .lzw)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: intact))
        let cut = path("truncated.tif")
        try bytes.prefix(bytes.count * 6 / 10).write(to: URL(fileURLWithPath: cut))
        try assertBatchSurvives(bad: cut, mentions: ["page "], name: "truncated")
    }

    func testFloatingPointSamples() throws {
        let file = path("float32.tif")
        try MinimalTIFF.floatVideo().bytes.write(to: URL(fileURLWithPath: file))
        try assertBatchSurvives(bad: file, mentions: ["page 0", "floating-point"], name: "float")
    }

    func testTwoChannelsWithSignalAndNoChannelOption() throws {
        let file = try writeRGB(path("rgb.tif"), signal: [0, 2])
        try assertBatchSurvives(bad: file, mentions: ["page 0", "--channel", "0, 2"], name: "rgb")
    }

    func testChannelOptionPicksTheChannel() throws {
        let file = try writeRGB(path("rgb.tif"), signal: [0, 2])
        let summary = try ingest([VideoSpec(path: file, condition: "c")], parameters: IngestParameters(channel: 2, components: .fixed))
        XCTAssertEqual(summary.ingested.count, 1, "\(summary.failed.map { $0.message ?? "" })")
        let db = try SQLiteConnection.reading(database)
        XCTAssertEqual(try db.ints("SELECT channel FROM video"), [2])
        XCTAssertEqual(try db.ints("SELECT DISTINCT component_count FROM frame"), [SyntheticVideo.spots.count])
    }

    /// An RGB video whose spots are in the given channels (the others zero).
    private func writeRGB(_ file: String, signal: [Int], frames: Int = 3) throws -> String {
        let writer = try TIFFWriter(path: file)
        for i in 0..<frames {
            let grey = SyntheticVideo.frame(index: i, noiseSeed: UInt64(i))
            var samples = [UInt16](repeating: 0, count: grey.count * 3)
            for (p, value) in grey.enumerated() {
                for channel in signal { samples[3 * p + channel] = value }
            }
            try writer.writePage(width: 64, height: 64, bitDepth: 8, samples: samples, samplesPerPixel: 3)
        }
        writer.close()
        return file
    }

    // MARK: - Frames with nothing to fit

    func testAllZeroFrameInTheMiddle() throws {
        let zero = [UInt16](repeating: 0, count: 64 * 64)
        let file = try SyntheticVideo.write(to: path("dropped-frame.tif"), frames: 5, override: [2: zero])
        let summary = try ingest([VideoSpec(path: file, condition: "c", frameIntervalSeconds: 1)])
        XCTAssertEqual(summary.ingested.count, 1, "\(summary.failed.map { $0.message ?? "" })")
        let db = try SQLiteConnection.reading(database)
        let k = SyntheticVideo.spots.count
        XCTAssertEqual(try db.texts("SELECT status FROM frame ORDER BY t"), ["fitted", "fitted", "empty", "fitted", "fitted"])
        XCTAssertEqual(try db.ints("SELECT component_count FROM frame ORDER BY t"), [k, k, 0, k, k])
        XCTAssertEqual(try db.rows("SELECT initialized_from FROM frame ORDER BY t").map(\.[0]),
                       [.text("peaks"), .text("previous_frame"), .null, .text("previous_frame"), .text("previous_frame")])
        XCTAssertEqual(try db.rows("SELECT intensity_total, log_likelihood, iterations, converged, bic, peak_count, time_s FROM frame WHERE t = 2").first,
                       [.real(0), .null, .null, .null, .null, .null, .real(2)])
        XCTAssertEqual(try db.int("SELECT count(*) FROM component WHERE t = 2"), 0)
        XCTAssertEqual(try db.inconsistencies(), [])
        // Frame 3 continued from frame 1's fit: its components are where frame 1's were, not re-seeded.
        let means1 = try db.rows("SELECT mean_row, mean_col FROM component WHERE t = 1 ORDER BY k")
        let means3 = try db.rows("SELECT mean_row, mean_col FROM component WHERE t = 3 ORDER BY k")
        XCTAssertEqual(means1.count, means3.count)
        for (a, b) in zip(means1, means3) {
            guard case let .real(r1) = a[0], case let .real(c1) = a[1], case let .real(r3) = b[0], case let .real(c3) = b[1]
            else { return XCTFail("means are not numbers") }
            XCTAssertLessThan(abs(r3 - r1 - 0.6) + abs(c3 - c1 - 0.3), 0.5, "component order changed across the empty frame")
        }
    }

    func testNothingToFitAtTheStart() throws {
        let zero = [UInt16](repeating: 0, count: 64 * 64)
        let dim = [UInt16](repeating: 4, count: 64 * 64) // constant, below --threshold-abs 6: no peaks
        let file = try SyntheticVideo.write(to: path("late-start.tif"), frames: 5, override: [0: zero, 1: dim])
        let summary = try ingest([VideoSpec(path: file, condition: "c")])
        XCTAssertEqual(summary.ingested.count, 1, "\(summary.failed.map { $0.message ?? "" })")
        let db = try SQLiteConnection.reading(database)
        let k = SyntheticVideo.spots.count
        XCTAssertEqual(try db.texts("SELECT status FROM frame ORDER BY t"), ["empty", "no_peaks", "fitted", "fitted", "fitted"])
        XCTAssertEqual(try db.rows("SELECT initialized_from FROM frame ORDER BY t").map(\.[0]),
                       [.null, .null, .text("peaks"), .text("previous_frame"), .text("previous_frame")])
        XCTAssertEqual(try db.rows("SELECT peak_count FROM frame ORDER BY t").map(\.[0]),
                       [.null, .integer(0), .integer(Int64(k)), .null, .null])
        XCTAssertEqual(try db.ints("SELECT component_count FROM frame ORDER BY t"), [0, 0, k, k, k])
        // Σ intensity of the constant frame (smoothing keeps a constant; float sums round a little).
        let total = try db.rows("SELECT intensity_total FROM frame WHERE t = 1").first?.first
        guard case let .real(sum) = total else { return XCTFail("intensity_total is \(String(describing: total))") }
        XCTAssertEqual(sum, 4 * 64 * 64, accuracy: 0.01)
        XCTAssertEqual(try db.inconsistencies(), [])
    }

    func testVideoWithNoPeaksAtAll() throws {
        let dim = [UInt16](repeating: 3, count: 64 * 64)
        let file = try SyntheticVideo.write(to: path("dim.tif"), frames: 3, override: [0: dim, 1: dim, 2: dim])
        let summary = try ingest([VideoSpec(path: file, condition: "c")])
        XCTAssertEqual(summary.ingested.count, 1, "\(summary.failed.map { $0.message ?? "" })")
        let db = try SQLiteConnection.reading(database)
        XCTAssertEqual(try db.texts("SELECT status FROM frame ORDER BY t"), ["no_peaks", "no_peaks", "no_peaks"])
        XCTAssertEqual(try db.int("SELECT count(*) FROM component"), 0)
    }

    func testTooManyPeaksFailsTheVideo() throws {
        // Three spots, at most two components.
        let spots = try SyntheticVideo.write(to: path("spots.tif"), frames: 3)
        // A bright flat background with a dip: every plateau pixel is a peak.
        var plateau = [UInt16](repeating: 50, count: 64 * 64)
        plateau[0] = 0
        let flat = try SyntheticVideo.write(to: path("plateau.tif"), frames: 2, override: [0: plateau, 1: plateau])
        let good = try SyntheticVideo.write(to: path("good.tif"), frames: 2, spots: [Spot(row: 30, col: 30)])

        let summary = try ingest([spots, good].map { VideoSpec(path: $0, condition: "c") },
                                 parameters: IngestParameters(maxComponents: 2))
        XCTAssertEqual(summary.failedPaths, [spots])
        XCTAssertEqual(summary.ingestedPaths, [good])
        let message = summary.failed.first?.message ?? ""
        for mention in [spots, "page 0", "3 peaks", "--max-components 2", "--threshold-abs"] {
            XCTAssertTrue(message.contains(mention), "'\(mention)' not in: \(message)")
        }

        let defaults = try ingest([VideoSpec(path: flat, condition: "c")])
        XCTAssertEqual(defaults.failedPaths, [flat])
        let flatMessage = defaults.failed.first?.message ?? ""
        for mention in [flat, "--max-components 1000", "--threshold-abs", "most common intensity is 50"] {
            XCTAssertTrue(flatMessage.contains(mention), "'\(mention)' not in: \(flatMessage)")
        }
        let db = try SQLiteConnection.reading(database)
        XCTAssertEqual(try db.texts("SELECT path FROM video"), [good])
        XCTAssertEqual(try db.inconsistencies(), [])
        XCTAssertEqual(try stagingFiles(), [])
    }

    func testFailureFromASampleSheetNamesTheRow() throws {
        let good = try SyntheticVideo.write(to: path("good.tif"), frames: 2)
        let sheet = path("samples.csv")
        try "video,condition\ngood.tif,control\nmissing.tif,control\n".write(toFile: sheet, atomically: true, encoding: .utf8)
        let summary = try ingest(try SampleSheet.load(path: sheet))
        XCTAssertEqual(summary.ingestedPaths, [good])
        XCTAssertEqual(summary.failedPaths, [path("missing.tif")])
        let message = summary.failed.first?.message ?? ""
        XCTAssertTrue(message.contains(path("missing.tif")) && message.contains("\(sheet) row 3"), message)
    }

    func testInvalidParametersStopTheBatchBeforeAnything() throws {
        let good = try SyntheticVideo.write(to: path("good.tif"), frames: 2)
        let error = assertThrows(IngestError.self) {
            _ = try self.ingest([VideoSpec(path: good, condition: "c")], parameters: IngestParameters(every: 0))
        }
        XCTAssertTrue(error?.message.contains("--every") ?? false)
        XCTAssertEqual(try SQLiteConnection.reading(database).int("SELECT count(*) FROM ingest_run"), 0)
    }
}
