import Foundation
import PlexusImaging
import PlexusIngest
import PlexusStore
import PlexusTestSupport
import XCTest

/// The real LLO cell (Fixtures/README.md) saved the ways microscopes and Fiji
/// save movies: each must give the components of the plain file.
final class MicroscopeFileIngestTests: TemporaryDirectoryTestCase {
    var frames: [RawFrame] = []
    var plainPath = "", maskPath = ""

    override func setUpWithError() throws {
        try super.setUpWithError()
        plainPath = try XCTUnwrap(Bundle.module.url(forResource: "hela-llo-cell1", withExtension: "tif",
                                                    subdirectory: "Fixtures")).path
        maskPath = try XCTUnwrap(Bundle.module.url(forResource: "hela-llo-cell1-mask", withExtension: "tif",
                                                   subdirectory: "Fixtures")).path
        let video = try TIFFVideo(path: plainPath)
        frames = try (0..<8).map { try video.readPage($0) }
    }

    /// The frame shifted right by `columns` (wrapping): another channel whose
    /// structures sit elsewhere, as a mis-registered second channel would.
    func shifted(_ frame: RawFrame, by columns: Int) -> RawFrame {
        var samples = frame.samples
        for r in 0..<frame.height {
            for c in 0..<frame.width {
                samples[r * frame.width + (c + columns) % frame.width] = frame.samples[r * frame.width + c]
            }
        }
        return RawFrame(width: frame.width, height: frame.height, bitDepth: frame.bitDepth, samples: samples)
    }

    func write(_ name: String, _ pages: [RawFrame], description: String? = nil,
               resolution: (x: Double, y: Double, unit: Int)? = nil) throws -> String {
        let file = path(name)
        let writer = try TIFFWriter(path: file)
        for (i, page) in pages.enumerated() {
            try writer.writePage(page, description: i == 0 ? description : nil, resolution: i == 0 ? resolution : nil)
        }
        writer.close()
        return file
    }

    func ingest(_ specs: [VideoSpec], _ parameters: IngestParameters = IngestParameters(morphology: false),
                database: String = "layouts.sqlite") throws -> (BatchSummary, SQLiteConnection) {
        let summary = try BatchIngest(store: try ExperimentStore(path: path(database)), parameters: parameters)
            .run(specs, commandLine: "plexus ingest (test)")
        return (summary, try SQLiteConnection.reading(path(database)))
    }

    /// Every component row of a condition's video, as text, in order.
    func components(_ db: SQLiteConnection, _ condition: String) throws -> [String] {
        try db.texts("""
            SELECT printf('%d %d %.17g %.17g %.17g %.17g %.17g %.17g', c.t, c.k, c.weight, c.mean_row, c.mean_col,
                          c.cov_rr, c.cov_rc, c.cov_cc)
            FROM component AS c JOIN cell ON cell.id = c.cell_id JOIN video AS v ON v.id = cell.video_id
            WHERE v.condition = '\(condition)' ORDER BY c.t, c.k
            """)
    }

    func testHyperstacksFoldersAndZStacksGiveThePlainFilesComponents() throws {
        // ImageJ TCYX: channel 0 the movie, channel 1 a shifted copy.
        let hyperstack = try write("tcyx.tif", frames.flatMap { [$0, shifted($0, by: 40)] },
                                   description: "ImageJ=1.54f\nimages=\(2 * frames.count)\nchannels=2\nframes=\(frames.count)\nhyperstack=true\nunit=micron\nfinterval=2.5\n",
                                   resolution: (1 / 0.065, 1 / 0.065, 1))
        // ImageJ TZYX: the movie between two dimmer slices; its max projection is the movie.
        let dimmer = { (frame: RawFrame, divisor: UInt16) in
            RawFrame(width: frame.width, height: frame.height, bitDepth: 8, samples: frame.samples.map { $0 / divisor })
        }
        let zStack = try write("tzyx.tif", frames.flatMap { [dimmer($0, 2), $0, dimmer($0, 3)] },
                               description: "ImageJ=1.54f\nimages=\(3 * frames.count)\nslices=3\nframes=\(frames.count)\nhyperstack=true\n")
        let folder = path("frames")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (t, frame) in frames.enumerated() { _ = try write("frames/img_t\(t + 1).tif", [frame]) }
        let plain = try write("plain.tif", frames)

        var channel0 = VideoSpec(path: hyperstack, condition: "hyperstack", maskPath: maskPath, origin: "sheet row 2")
        channel0.channel = .index(0)
        var projected = VideoSpec(path: zStack, condition: "zstack", maskPath: maskPath, origin: "sheet row 3")
        projected.zProjection = .max
        let specs = [VideoSpec(path: plain, condition: "plain", maskPath: maskPath), channel0, projected,
                     VideoSpec(path: folder, condition: "folder", pixelSizeMicrometres: 0.1, maskPath: maskPath,
                               origin: "sheet row 5")]
        let (summary, db) = try ingest(specs)
        XCTAssertEqual(summary.failed.map { $0.message ?? "" }, [])
        let reference = try components(db, "plain")
        XCTAssertGreaterThan(reference.count, 8 * 10)
        for condition in ["hyperstack", "zstack", "folder"] {
            XCTAssertEqual(try components(db, condition), reference, condition)
        }
        // What was read, and where the calibration came from.
        XCTAssertEqual(try db.texts("""
            SELECT printf('%s %d %d %s %s %s %s', condition, frame_count, channel, ifnull(round(pixel_size_um, 4), '-'),
                          ifnull(pixel_size_source, '-'), ifnull(frame_interval_s, '-'), ifnull(frame_interval_source, '-'))
            FROM video ORDER BY id
            """), ["plain 8 0 - - - -", "hyperstack 8 0 0.065 ImageJ 2.5 ImageJ", "zstack 8 0 - - - -",
                   "folder 8 0 0.1 sheet - -"])
        let stack = try db.texts("SELECT stack_json FROM video ORDER BY id")
        XCTAssertTrue(stack[1].contains("\"size_c\":2") && stack[1].contains("\"source\":\"ImageJ\""), stack[1])
        XCTAssertTrue(stack[2].contains("\"size_z\":3") && stack[2].contains("\"z_projection\":\"max\""), stack[2])
        XCTAssertTrue(stack[3].contains("\"files\":8") && stack[3].contains("\"source\":\"folder\""), stack[3])

        // The same folder again is the same video: skipped.
        let (again, _) = try ingest([specs[3]])
        XCTAssertEqual(again.skipped.count, 1)
    }

    func testTwelveBitDataInSixteenBitFilesGivesTheEightBitComponents() throws {
        let eight = try write("eight.tif", frames)
        let twelve = try write("twelve.tif", frames.map {
            RawFrame(width: $0.width, height: $0.height, bitDepth: 16, samples: $0.samples.map { $0 * 16 })
        })
        var declared = VideoSpec(path: twelve, condition: "twelve", maskPath: maskPath, origin: "sheet row 3")
        declared.bitDepth = 12
        let (summary, db) = try ingest([VideoSpec(path: eight, condition: "eight", maskPath: maskPath), declared,
                                        VideoSpec(path: twelve, condition: "as16", maskPath: maskPath)])
        XCTAssertEqual(summary.failed.map { $0.message ?? "" }, [])
        func peaks(_ condition: String) throws -> Int {
            try db.int("SELECT f.peak_count FROM frame AS f JOIN cell ON cell.id = f.cell_id JOIN video AS v ON v.id = cell.video_id WHERE v.condition = '\(condition)' AND f.t = 0")
        }
        // 16·v · 255/4095 = 0.9963 v: only peaks within 0.4 % of the threshold can differ.
        XCTAssertEqual(try peaks("twelve"), try peaks("eight"), accuracy: 1)
        // Read as 16 bits (÷ 257) the same movie is 16× dimmer and loses most of its peaks.
        XCTAssertLessThan(try peaks("as16"), try peaks("eight") / 2)
        XCTAssertEqual(try db.texts("SELECT printf('%s %d %s', condition, significant_bits, significant_bits_source) FROM video ORDER BY id"),
                       ["eight 8 file", "twelve 12 sheet", "as16 16 file"])
    }

    func testBadFilesFailAloneWithTheFieldNamed() throws {
        let good = try write("good.tif", frames)
        let noChannel = try write("channels.tif", frames.flatMap { [$0, $0] },
                                  description: "ImageJ=1.54f\nimages=\(2 * frames.count)\nchannels=2\nframes=\(frames.count)\nhyperstack=true\n")
        let short = try write("short.tif", frames, description: "ImageJ=1.54f\nimages=\(frames.count + 1)\nframes=\(frames.count + 1)\n")
        let folder = path("mixed")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        _ = try write("mixed/a1.tif", [frames[0]])
        _ = try write("mixed/a2.tif", [RawFrame(width: 8, height: 8, bitDepth: 8, samples: [UInt8](repeating: 0, count: 64).map(UInt16.init))])
        let (summary, db) = try ingest([noChannel, good, short, folder].map {
            VideoSpec(path: $0, condition: "c", maskPath: maskPath)
        })
        XCTAssertEqual(summary.ingested.map(\.spec.path), [good])
        let messages = summary.failed.map { $0.message ?? "" }
        XCTAssertEqual(messages.count, 3)
        XCTAssertTrue(messages[0].contains("channels.tif") && messages[0].contains("--channel"), messages[0])
        XCTAssertTrue(messages[1].contains("short.tif") && messages[1].contains("images=9"), messages[1])
        XCTAssertTrue(messages[2].contains("a2.tif") && messages[2].contains("8×8"), messages[2])
        XCTAssertEqual(try db.int("SELECT count(*) FROM video"), 1)
    }

    func testCommandLineReadsTheFileAndSaysWhatItRead() throws {
        let hyperstack = try write("tcyx.tif", frames.prefix(3).flatMap { [$0, shifted($0, by: 40)] },
                                   description: "ImageJ=1.54f\nimages=6\nchannels=2\nframes=3\nhyperstack=true\nunit=nm\nfinterval=500\ntunit=ms\n",
                                   resolution: (1.0 / 65, 1.0 / 65, 1))
        let result = try runPlexus(["ingest", hyperstack, "--condition", "llo", "--mask", maskPath, "--channel", "0",
                                    "--db", "cli.sqlite", "--no-morphology", "--verbose", "--quiet"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("ImageJ TZCYX: T=3 C=2 Z=1; channel 0 of 2"), result.stdout)
        XCTAssertTrue(result.stdout.contains("pixel 0.065 µm (ImageJ); interval 0.5 s (ImageJ)"), result.stdout)

        let missing = try runPlexus(["ingest", hyperstack, "--condition", "llo", "--mask", maskPath,
                                     "--db", "cli2.sqlite", "--no-morphology", "--quiet"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stdout.contains("2 channels") && missing.stdout.contains("--channel"), missing.stdout)

        // Single-frame files from one folder: a warning that the folder is one video.
        let a = try write("f1.tif", [frames[0]]), b = try write("f2.tif", [frames[1]])
        let loose = try runPlexus(["ingest", a, b, "--condition", "llo", "--mask", maskPath, "--db", "cli3.sqlite",
                                   "--no-morphology", "--quiet"])
        XCTAssertEqual(loose.status, 0, loose.stdout + loose.stderr)
        XCTAssertTrue(loose.stderr.contains("single-frame TIFFs") && loose.stderr.contains("give the folder itself"), loose.stderr)
    }
}
