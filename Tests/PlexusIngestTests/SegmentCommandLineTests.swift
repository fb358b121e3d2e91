import Foundation
import PlexusImaging
import PlexusTestSupport
import XCTest

/// `plexus segment`, run as a user runs it.
final class SegmentCommandLineTests: TemporaryDirectoryTestCase {
    private func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try runPlexus(arguments)
    }

    /// 8-bit pages of `width` × `height`: background 10, 200 inside each page's rectangles.
    private func writeTIFF(_ name: String, width: Int = 40, height: Int = 30,
                           pages: [[(rows: ClosedRange<Int>, cols: ClosedRange<Int>)]], value: UInt16 = 200) throws -> String {
        let file = path(name)
        let writer = try TIFFWriter(path: file)
        for rectangles in pages {
            var samples = [UInt16](repeating: value == 1 ? 0 : 10, count: width * height)
            for rectangle in rectangles {
                for r in rectangle.rows { for c in rectangle.cols { samples[r * width + c] = value } }
            }
            try writer.writePage(width: width, height: height, bitDepth: 8, samples: samples)
        }
        return name
    }

    func testScoresEachPageAndAllPagesPooled() throws {
        let square = (rows: 5...14, cols: 5...14)                   // 100 pixels
        let image = try writeTIFF("cells.tif", pages: [[square], [square, (rows: 20...22, cols: 30...32)]])
        let truth = try writeTIFF("truth.tif", pages: [[square]], value: 1)

        let table = try run(["segment", image, "--truth", truth])
        XCTAssertEqual(table.status, 0, table.stderr)
        let lines = table.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 5, table.stdout)
        XCTAssertTrue(lines[0].hasPrefix("page") && lines[0].contains("dice") && lines[0].hasSuffix("count_error"), lines[0])
        XCTAssertTrue(lines[4].hasPrefix("all"), lines[4])

        let json = try run(["segment", image, "--truth", truth, "--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let rows = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(rows.count, 3)
        XCTAssertEqual(rows[0]["page"] as? Int, 0)
        XCTAssertEqual(rows[0]["jaccard"] as? Double, 1)
        XCTAssertEqual(rows[0]["dice"] as? Double, 1)
        XCTAssertEqual(rows[1]["foreground_px"] as? Int, 109)
        XCTAssertEqual(rows[1]["truth_px"] as? Int, 100)
        XCTAssertEqual(try XCTUnwrap(rows[1]["jaccard"] as? Double), 100.0 / 109, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(rows[1]["dice"] as? Double), 200.0 / 209, accuracy: 1e-12)
        // Objects: page 1 holds the square (matched) and a speck the truth lacks.
        XCTAssertEqual(rows[1]["objects"] as? Int, 2)
        XCTAssertEqual(rows[1]["truth_objects"] as? Int, 1)
        XCTAssertEqual(rows[1]["matched"] as? Int, 1)
        XCTAssertEqual(rows[1]["precision"] as? Double, 0.5)
        XCTAssertEqual(rows[1]["recall"] as? Double, 1)
        XCTAssertEqual(rows[1]["count_error"] as? Int, 1)
        XCTAssertEqual(rows[2]["matched"] as? Int, 2)
        XCTAssertEqual(rows[2]["page"] as? String, "all")
        XCTAssertTrue(rows[2]["threshold"] is NSNull)
        XCTAssertEqual(try XCTUnwrap(rows[2]["jaccard"] as? Double), 200.0 / 209, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(rows[2]["dice"] as? Double), 400.0 / 409, accuracy: 1e-12)

        // Every method separates a square this bright, with or without equalisation
        // — except ImageJ's Default after equalisation: the square becomes 255,
        // and that method ignores saturated pixels.
        for (method, equalize) in [("otsu", true), ("li", true), ("kmeans", true), ("triangle", true), ("isodata", false)] {
            let csv = try run(["segment", image, "--truth", truth, "--threshold", method, "--format", "csv"]
                              + (equalize ? ["--equalize"] : []))
            XCTAssertEqual(csv.status, 0, csv.stderr)
            let first = csv.stdout.split(separator: "\n")[1].split(separator: ",", omittingEmptySubsequences: false)
            XCTAssertEqual(first.count, 12, csv.stdout)
            XCTAssertEqual(first[4], "1.0", "\(method): \(csv.stdout)")
        }
    }

    func testBadInputIsNamed() throws {
        let image = try writeTIFF("cells.tif", pages: [[], []])
        let small = try writeTIFF("small.tif", width: 20, height: 10, pages: [[]], value: 1)
        let three = try writeTIFF("three.tif", pages: [[], [], []], value: 1)

        let size = try run(["segment", image, "--truth", small])
        XCTAssertNotEqual(size.status, 0)
        XCTAssertTrue(size.stderr.contains("small.tif is 20×10 but cells.tif is 40×30"), size.stderr)

        let pages = try run(["segment", image, "--truth", three])
        XCTAssertNotEqual(pages.status, 0)
        XCTAssertTrue(pages.stderr.contains("three.tif has 3 pages but cells.tif has 2"), pages.stderr)

        let missing = try run(["segment", image, "--truth", "missing.tif"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("missing.tif: file not found"), missing.stderr)

        let method = try run(["segment", image, "--truth", small, "--threshold", "mean"])
        XCTAssertEqual(method.status, 64)
        XCTAssertTrue(method.stderr.contains("--threshold"), method.stderr)
    }
}
