import Foundation
import PlexusImaging
import PlexusStore
import PlexusTestSupport
import XCTest
@testable import PlexusIngest

/// Videos in, rows out: the library end to end.
final class BatchIngestTests: TemporaryDirectoryTestCase {
    var database: String { path("experiment.sqlite") }

    private func ingest(_ specs: [VideoSpec], parameters: IngestParameters = IngestParameters(every: 2),
                        replace: Bool = false, jobs: Int = 1) throws -> BatchSummary {
        let store = try ExperimentStore(path: database)
        return try BatchIngest(store: store, parameters: parameters, replace: replace, jobs: jobs)
            .run(specs, commandLine: "plexus ingest (test)")
    }

    /// Two 7-frame videos; processed with --every 2: t = 0, 2, 4, 6.
    private func twoVideos() throws -> [VideoSpec] {
        let a = try SyntheticVideo.write(to: path("a.tif"), frames: 7, seed: 1)
        let b = try SyntheticVideo.write(to: path("b.tif"), frames: 7, bitDepth: 16, seed: 2, compression: .lzw)
        return [
            VideoSpec(path: a, condition: "control", replicate: "r1", frameIntervalSeconds: 0.5, treatmentFrame: 2,
                      metadata: ["dish": "3"]),
            VideoSpec(path: b, condition: "llo", pixelSizeMicrometres: 0.1),
        ]
    }

    func testTwoVideosEndToEnd() throws {
        let specs = try twoVideos()
        // Fixed K: the test follows component k as node k (adaptive components are ComponentDynamicsIngestTests').
        let parameters = IngestParameters(every: 2, components: .fixed)
        let summary = try ingest(specs, parameters: parameters, jobs: 2)
        XCTAssertEqual(summary.failed.map { $0.message ?? "" }, [])
        XCTAssertEqual(Set(summary.ingestedPaths), Set(specs.map(\.path)))
        XCTAssertEqual(summary.framesIngested, 8)
        XCTAssertEqual(try stagingFiles(), [])

        let db = try SQLiteConnection.reading(database)
        XCTAssertEqual(try db.inconsistencies(), [])
        XCTAssertEqual(try db.int("SELECT count(*) FROM video"), 2)
        XCTAssertEqual(try db.texts("SELECT status FROM ingest_run"), ["finished"])
        XCTAssertEqual(try db.texts("SELECT parameters_json FROM ingest_run"), [parameters.json])
        XCTAssertEqual(try db.texts("SELECT tool_version FROM ingest_run"), [PlexusVersion.current])

        for (spec, bitDepth) in zip(specs, [8, 16]) {
            let video = try db.rows("""
                SELECT id, sha256, parameters_sha256, condition, replicate, frame_count, processed_frame_count,
                       height, width, bit_depth, channel, pixel_size_um, frame_interval_s, treatment_frame, metadata_json
                FROM video WHERE path = ?1
                """, [.text(spec.path)])
            XCTAssertEqual(video.count, 1, spec.path)
            guard let row = video.first, case let .integer(videoID) = row[0] else { continue }
            let sha256: String = try SHA256.hexDigest(ofFile: spec.path)
            let replicate: SQLValue = spec.replicate.map(SQLValue.text) ?? .null
            let pixelSize: SQLValue = spec.pixelSizeMicrometres.map(SQLValue.real) ?? .null
            let interval: SQLValue = spec.frameIntervalSeconds.map(SQLValue.real) ?? .null
            let treatment: SQLValue = spec.treatmentFrame.map { SQLValue.integer(Int64($0)) } ?? .null
            var expected: [SQLValue] = [.text(sha256), .text(parameters.sha256), .text(spec.condition), replicate]
            expected += [.integer(7), .integer(4), .integer(64), .integer(64), .integer(Int64(bitDepth)), .integer(0)]
            expected += [pixelSize, interval, treatment, .text(spec.metadataJSON)]
            XCTAssertEqual(Array(row.dropFirst()), expected)

            let cells = try db.ints("SELECT id FROM cell WHERE video_id = ?1", [.integer(videoID)])
            XCTAssertEqual(cells.count, 1)
            let cell = SQLValue.integer(Int64(cells.first ?? -1))
            XCTAssertEqual(try db.ints("SELECT t FROM frame WHERE cell_id = ?1 ORDER BY t", [cell]), [0, 2, 4, 6])
            let times = try db.rows("SELECT time_s FROM frame WHERE cell_id = ?1 ORDER BY t", [cell]).map(\.[0])
            if let interval = spec.frameIntervalSeconds {
                XCTAssertEqual(times, [0, 2, 4, 6].map { .real(Double($0) * interval) })
            } else {
                XCTAssertEqual(times, [.null, .null, .null, .null])
            }
            XCTAssertEqual(try db.texts("SELECT status FROM frame WHERE cell_id = ?1", [cell]), Array(repeating: "fitted", count: 4))
            XCTAssertEqual(try db.texts("SELECT initialized_from FROM frame WHERE cell_id = ?1 ORDER BY t", [cell]),
                           ["peaks", "previous_frame", "previous_frame", "previous_frame"])
            XCTAssertEqual(try db.int("SELECT count(*) FROM frame WHERE cell_id = ?1 AND mask_area_px = 4096", [cell]), 4)

            // The same K on every frame: component k is node k throughout the video.
            let counts = try db.ints("SELECT component_count FROM frame WHERE cell_id = ?1 ORDER BY t", [cell])
            let k = counts.first ?? 0
            XCTAssertEqual(counts, Array(repeating: k, count: 4))
            XCTAssertEqual(k, SyntheticVideo.spots.count, "one component per spot")
            XCTAssertEqual(try db.int("SELECT peak_count FROM frame WHERE cell_id = ?1 AND t = 0", [cell]), k)
            XCTAssertEqual(try db.int("SELECT count(*) FROM component WHERE cell_id = ?1", [cell]), 4 * k)
            XCTAssertEqual(try db.ints("SELECT DISTINCT k FROM component WHERE cell_id = ?1 ORDER BY k", [cell]),
                           Array(0..<k))
            XCTAssertEqual(try db.int("SELECT count(*) FROM frame WHERE cell_id = ?1 AND NOT (iterations >= 1 AND log_likelihood IS NOT NULL AND bic IS NOT NULL)", [cell]), 0)

            // The fit found the spots, where they moved to.
            for t in [0, 6] {
                let means = try db.rows("SELECT mean_row, mean_col FROM component WHERE cell_id = ?1 AND t = ?2",
                                        [cell, .integer(Int64(t))])
                for spot in SyntheticVideo.spots {
                    let row = spot.row + 0.3 * Double(t), col = spot.col + 0.15 * Double(t)
                    let nearest = means.map { m -> Double in
                        guard case let .real(r) = m[0], case let .real(c) = m[1] else { return .infinity }
                        return ((r - row) * (r - row) + (c - col) * (c - col)).squareRoot()
                    }.min() ?? .infinity
                    XCTAssertLessThan(nearest, 0.5, "\(spec.path) t \(t): no component near (\(row), \(col))")
                }
            }
        }
        XCTAssertEqual(try db.int("SELECT count(*) FROM component"),
                       try db.int("SELECT sum(component_count) FROM frame"))
    }

    func testRerunSkipsReplaceRedoesOtherParametersAdd() throws {
        let specs = try twoVideos()
        let first = try ingest(specs)
        XCTAssertEqual(first.ingested.count, 2, "\(first.failed.map { $0.message ?? "" })")
        let db = try SQLiteConnection.reading(database)
        let stored = try db.snapshot()
        let originalIDs = try db.ints("SELECT id FROM video ORDER BY id")

        // The same batch again: nothing to do.
        let again = try ingest(specs)
        XCTAssertEqual(again.ingested.count, 0)
        XCTAssertEqual(Set(again.skippedPaths), Set(specs.map(\.path)))
        XCTAssertEqual(again.skipped.compactMap(\.videoID).sorted(), originalIDs.map(Int64.init))
        XCTAssertTrue(again.skipped.allSatisfy { $0.message?.contains("--replace") ?? false })
        XCTAssertEqual(again.framesIngested, 0)
        XCTAssertEqual(try db.snapshot(), stored)
        XCTAssertEqual(try db.int("SELECT count(*) FROM ingest_run WHERE status = 'finished'"), 2)

        // The same file under another name is the same video.
        let copy = path("copy-of-a.tif")
        try FileManager.default.copyItem(atPath: specs[0].path, toPath: copy)
        let renamed = try ingest([VideoSpec(path: copy, condition: "control")])
        XCTAssertEqual(renamed.skippedPaths, [copy])
        XCTAssertEqual(try db.snapshot(), stored)

        // --replace: redone, still two videos, with new ids.
        let replaced = try ingest(specs, replace: true)
        XCTAssertEqual(replaced.ingested.count, 2)
        XCTAssertEqual(try db.int("SELECT count(*) FROM video"), 2)
        let newIDs = try db.ints("SELECT id FROM video ORDER BY id")
        XCTAssertTrue(Set(newIDs).isDisjoint(with: originalIDs), "\(newIDs) vs \(originalIDs)")
        XCTAssertEqual(try db.int("SELECT count(*) FROM frame"), stored["frames"])
        XCTAssertEqual(try db.int("SELECT count(*) FROM component"), stored["components"])
        XCTAssertEqual(try db.inconsistencies(), [])

        // Other parameters: the same files are new videos.
        let other = IngestParameters(every: 2, tolerance: 1e-4)
        let added = try ingest(specs, parameters: other)
        XCTAssertEqual(added.ingested.count, 2)
        XCTAssertEqual(try db.int("SELECT count(*) FROM video"), 4)
        XCTAssertEqual(try db.int("SELECT count(DISTINCT sha256) FROM video"), 2)
        XCTAssertEqual(try db.texts("SELECT DISTINCT parameters_sha256 FROM video ORDER BY 1"),
                       [IngestParameters(every: 2).sha256, other.sha256].sorted())
        XCTAssertEqual(try db.inconsistencies(), [])

        // --replace with either parameters replaces every earlier ingest of the file.
        let replacedAll = try ingest(specs, parameters: other, replace: true)
        XCTAssertEqual(replacedAll.ingested.count, 2)
        XCTAssertEqual(try db.texts("SELECT DISTINCT parameters_sha256 FROM video"), [other.sha256])
        XCTAssertEqual(try db.int("SELECT count(*) FROM video"), 2)
        XCTAssertEqual(try db.inconsistencies(), [])
    }

    func testMaxFramesAndEveryFrame() throws {
        let file = try SyntheticVideo.write(to: path("v.tif"), frames: 6)
        let summary = try ingest([VideoSpec(path: file, condition: "c", frameIntervalSeconds: 2)],
                                 parameters: IngestParameters(maxFrames: 4))
        XCTAssertEqual(summary.framesIngested, 4)
        let db = try SQLiteConnection.reading(database)
        XCTAssertEqual(try db.ints("SELECT t FROM frame ORDER BY t"), [0, 1, 2, 3])
        XCTAssertEqual(try db.rows("SELECT time_s FROM frame ORDER BY t").map(\.[0]), [.real(0), .real(2), .real(4), .real(6)])
        XCTAssertEqual(try db.rows("SELECT frame_count, processed_frame_count FROM video").first, [.integer(6), .integer(4)])
    }
}
