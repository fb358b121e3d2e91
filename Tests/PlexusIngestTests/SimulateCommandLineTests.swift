import Foundation
import PlexusTestSupport
import XCTest

/// `plexus simulate`, run as a user runs it.
final class SimulateCommandLineTests: TemporaryDirectoryTestCase {
    private func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try runPlexus(arguments)
    }

    func testSimulateWritesTheExperiment() throws {
        let result = try run(["simulate", "--out", "sim", "--cells", "1", "--frames", "5", "--size", "96"])
        XCTAssertEqual(result.status, 0, result.stderr + result.stdout)
        XCTAssertTrue(result.stdout.contains("3 videos") && result.stdout.contains("10 files")
                      && result.stdout.contains(" s "), result.stdout)
        var expected = ["samples.csv"]
        for condition in ["control", "llo", "mdivi"] {
            expected += ["\(condition)-1.tif", "\(condition)-1-mask.tif", "\(condition)-1.truth.json"]
        }
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: path("sim"))), Set(expected))
        let sheet = try String(contentsOfFile: path("sim/samples.csv"), encoding: .utf8)
        XCTAssertTrue(sheet.hasPrefix("video,condition,replicate,pixel_size_um,frame_interval_s,treatment_frame,seed,mask,truth_file"),
                      sheet)

        // The same command again writes the same bytes.
        let video = try Data(contentsOf: URL(fileURLWithPath: path("sim/llo-1.tif")))
        XCTAssertEqual(try run(["simulate", "--out", "sim", "--cells", "1", "--frames", "5", "--size", "96"]).status, 0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path("sim/llo-1.tif"))), video)

        let chosen = try run(["simulate", "--out", "two", "--conditions", "mdivi,control", "--cells", "2", "--frames", "2",
                              "--size", "64", "--bit-depth", "16", "--photobleaching", "0.01", "--seed", "9"])
        XCTAssertEqual(chosen.status, 0, chosen.stderr + chosen.stdout)
        let rows = try String(contentsOfFile: path("two/samples.csv"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(rows.dropFirst().map { $0.split(separator: ",").prefix(3).joined(separator: ",") },
                       ["mdivi-1.tif,mdivi,1", "mdivi-2.tif,mdivi,2", "control-1.tif,control,1", "control-2.tif,control,2"])
    }

    func testBadArgumentsNameTheOption() throws {
        let cases: [([String], String)] = [
            (["--cells", "0"], "--cells"),
            (["--frames", "0"], "--frames"),
            (["--bit-depth", "12"], "--bit-depth"),
            (["--conditions", "foo"], "--conditions"),
            (["--conditions", "control,,llo"], "--conditions"),
            (["--conditions", "llo,llo"], "--conditions"),
            (["--size", "10"], "--size"),
            (["--photobleaching", "-1"], "--photobleaching"),
            (["--seed", "x"], "--seed"),
        ]
        for (options, named) in cases {
            let result = try run(["simulate", "--out", "bad"] + options)
            XCTAssertNotEqual(result.status, 0, "\(options)")
            XCTAssertTrue(result.stderr.contains(named), "\(options): \(result.stderr)")
        }
        XCTAssertTrue(try run(["simulate", "--out", "bad", "--conditions", "foo"]).stderr.contains("foo"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("bad")), "invalid arguments created the folder")
        let missing = try run(["simulate", "--cells", "1"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("--out"), missing.stderr)
    }
}
