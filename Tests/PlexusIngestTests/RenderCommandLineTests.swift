import Foundation
import PlexusImaging
import PlexusTestSupport
import XCTest

/// `plexus render`, run as a user runs it: simulate, ingest, draw.
final class RenderCommandLineTests: TemporaryDirectoryTestCase {
    private func experiment() throws -> String {
        let simulate = try runPlexus(["simulate", "--out", "videos", "--conditions", "control", "--cells", "1",
                                      "--frames", "6", "--size", "96", "--seed", "2"])
        XCTAssertEqual(simulate.status, 0, simulate.stderr)
        let ingest = try runPlexus(["ingest", "videos/samples.csv", "--db", "e.sqlite", "--quiet"])
        XCTAssertEqual(ingest.status, 0, ingest.stderr)
        // The ingest closed its database: the write-ahead log was checkpointed and removed, so the
        // .sqlite file alone holds everything (a copy of it is complete).
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("e.sqlite-wal")), "the ingest left its WAL behind")
        return "e.sqlite"
    }

    func testRendersStackAnimationAndFrame() throws {
        let db = try experiment()
        let stack = try runPlexus(["render", "--db", db, "--cell", "1", "--out", "cell.tif"])
        XCTAssertEqual(stack.status, 0, stack.stderr)
        XCTAssertTrue(stack.stdout.hasPrefix("wrote cell.tif (tiff, "), stack.stdout)
        XCTAssertTrue(stack.stdout.contains("6 frames, t = 0…5"), stack.stdout)
        XCTAssertTrue(stack.stdout.contains("(0.5th–99.5th percentile)"), stack.stdout)
        XCTAssertTrue(stack.stdout.contains("scale bar "), stack.stdout)
        let tiff = try TIFFVideo(path: path("cell.tif"), channel: 0)
        XCTAssertEqual(tiff.pageCount, 6)
        XCTAssertEqual(tiff.samplesPerPixel, 3)

        let gif = try runPlexus(["render", "--db", db, "--cell", "1", "--every", "2", "--out", "cell.gif"])
        XCTAssertEqual(gif.status, 0, gif.stderr)
        XCTAssertTrue(gif.stdout.contains("3 frames, t = 0…4"), gif.stdout)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path("cell.gif"))).prefix(6), Data("GIF89a".utf8))

        // A PNG without --frames is the last processed frame.
        let png = try runPlexus(["render", "--db", db, "--cell", "1", "--scale", "1", "--range", "0,100", "--out", "last.png"])
        XCTAssertEqual(png.status, 0, png.stderr)
        XCTAssertTrue(png.stdout.contains("frame 5)") && png.stdout.contains("0–100 (--range)"), png.stdout)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path("last.png"))).prefix(4), Data([0x89, 0x50, 0x4E, 0x47]))
    }

    func testBadInputGetsAClearErrorAndWritesNothing() throws {
        let db = try experiment()
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path))
        for (arguments, message) in [
            (["--cell", "9", "--out", "x.tif"], "there is no cell 9; the database's cells are 1"),
            (["--cell", "1", "--out", "x.pdf"], "the extension .pdf is not supported"),
            (["--cell", "1", "--frames", "99", "--out", "x.tif"], "frame 99 is not a processed frame"),
            (["--cell", "1", "--out", "nowhere/x.tif"], "the folder nowhere does not exist"),
            (["--cell", "1", "--video", "moved.tif", "--out", "x.tif"], "--video moved.tif: no such file"),
            (["--cell", "1", "--scale", "40", "--out", "x.tif"], "--scale must be from 1 to 16"),
            (["--cell", "1", "--range", "9,3", "--out", "x.tif"], "--range 9,3: give two intensities"),
            (["--cell", "1", "--frames", "0-3", "--out", "x.png"], "a PNG holds one frame, but 4 are selected"),
        ] {
            let result = try runPlexus(["render", "--db", db] + arguments)
            XCTAssertNotEqual(result.status, 0, "\(arguments)")
            XCTAssertTrue(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            XCTAssertFalse(result.stderr.contains("Fatal error"), result.stderr)
        }
        let after = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path))
        // Reading the database may leave its WAL files; nothing else appears.
        XCTAssertEqual(after.subtracting(before).subtracting(["stdout", "stderr", "e.sqlite-wal", "e.sqlite-shm"]), [])
    }
}
