import Foundation
import PlexusImaging
import PlexusSimulation
import PlexusStore
import PlexusTestSupport
import XCTest
@testable import PlexusIngest

/// `plexus simulate`'s output is an experiment the ingest takes as it is.
final class SimulatedExperimentTests: TemporaryDirectoryTestCase {
    func testSampleSheetListsEveryVideo() throws {
        let experiment = SyntheticExperiment(cellsPerCondition: 3, frameCount: 2, size: 64, seed: 4)
        let summary = try experiment.write(to: path("experiment"))
        let specs = try SampleSheet.load(path: summary.sampleSheet)
        XCTAssertEqual(specs.map(\.path), summary.videos)
        var expected: [String] = []
        for condition in ["control", "llo", "mdivi"] {
            for cell in 1...3 { expected.append("\(condition)-\(cell).tif \(condition)") }
        }
        XCTAssertEqual(specs.map { "\(URL(fileURLWithPath: $0.path).lastPathComponent) \($0.condition)" }, expected)
        XCTAssertEqual(specs.map(\.replicate), Array(repeating: ["1", "1", "2"], count: 3).flatMap { $0 })
        for spec in specs {
            let name = URL(fileURLWithPath: spec.path).deletingPathExtension().lastPathComponent
            XCTAssertEqual(spec.pixelSizeMicrometres, CellSimulation.pixelSizeMicrometres)
            XCTAssertEqual(spec.frameIntervalSeconds, CellSimulation.frameIntervalSeconds)
            XCTAssertEqual(spec.treatmentFrame, 0)
            XCTAssertEqual(spec.metadata, ["seed": "4", "truth_file": "\(name).truth.json"])
            XCTAssertEqual(spec.maskPath, path("experiment/\(name)-mask.tif"))
            XCTAssertTrue(FileManager.default.fileExists(atPath: spec.path), spec.path)
            for file in ["\(name)-mask.tif", "\(name).truth.json"] {
                XCTAssertTrue(FileManager.default.fileExists(atPath: path("experiment/\(file)")), file)
            }
        }
    }

    /// The default ingest finds about one component per mitochondrion of a simulated control cell.
    func testIngestOfASimulatedControlVideo() throws {
        let experiment = SyntheticExperiment(conditions: [.control], cellsPerCondition: 1, frameCount: 2, seed: 1)
        let summary = try experiment.write(to: path("experiment"))
        let specs = try SampleSheet.load(path: summary.sampleSheet)
        let database = path("experiment.sqlite")
        let result = try BatchIngest(store: try ExperimentStore(path: database), parameters: IngestParameters())
            .run(specs, commandLine: "plexus ingest (test)")
        XCTAssertEqual(result.failed.map { $0.message ?? "" }, [])
        XCTAssertEqual(result.framesIngested, 2)

        let db = try SQLiteConnection.reading(database)
        XCTAssertEqual(try db.inconsistencies(), [])
        XCTAssertEqual(try db.texts("SELECT condition FROM video"), ["control"])
        // The cell is analysed inside its frame-0 mask, carried to the next frame.
        XCTAssertEqual(try db.texts("SELECT mask_path FROM video"), [path("experiment/control-1-mask.tif")])
        XCTAssertEqual(try db.ints("SELECT label FROM cell"), [1])
        XCTAssertEqual(try db.int("SELECT count(*) FROM cell_mask"), 2)
        XCTAssertEqual(try db.int("SELECT mask_area_px FROM frame WHERE t = 0"),
                       experiment.simulation(.control, cell: 1).mask.samples.filter { $0 != 0 }.count)
        let components = try db.int("SELECT component_count FROM frame WHERE t = 0")
        let truth = experiment.simulation(.control, cell: 1).run()
        let objects = truth.frames[0].objectCount
        let ratio = Double(components) / Double(objects)
        print("simulated control cell: \(components) components for \(objects) mitochondria at frame 0 (ratio \(String(format: "%.2f", ratio)))")
        XCTAssertTrue((0.5...2.5).contains(ratio), "\(components) components for \(objects) mitochondria")
    }
}
