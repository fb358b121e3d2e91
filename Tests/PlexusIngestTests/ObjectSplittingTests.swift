import Foundation
import PlexusImaging
import PlexusIngest
import PlexusSimulation
import PlexusStore
import PlexusTestSupport
import XCTest

/// Touching fragments counted apart: the morphology's object count against the
/// connected pieces of the simulator's true (unblurred) mitochondria.
final class ObjectSplittingTests: TemporaryDirectoryTestCase {
    /// Object count / true pieces per frame, per condition, and the rank
    /// correlation over all frames, for one split setting.
    func agreement(split: Double?, seed: UInt64) throws -> (ratios: [String: Double], spearman: Double) {
        let frames = 16
        let folder = path("experiment-\(seed)")
        let summary = try SyntheticExperiment(cellsPerCondition: 1, frameCount: frames, seed: seed).write(to: folder)
        let specs = try SampleSheet.load(path: summary.sampleSheet)
        let database = path("split-\(seed)-\(split ?? 0).sqlite")
        let result = try BatchIngest(store: try ExperimentStore(path: database),
                                     parameters: IngestParameters(every: 3, components: .fixed, splitDynamic: split))
            .run(specs, commandLine: "test")
        XCTAssertEqual(result.failed.map { $0.message ?? "" }, [])
        let db = try SQLiteConnection.reading(database)
        var ratios: [String: [Double]] = [:]
        var counted: [Double] = [], truth: [Double] = []
        for spec in specs {
            let truthFile = spec.path.replacingOccurrences(of: ".tif", with: ".truth.json")
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: truthFile))) as! [String: Any]
            let perFrame = json["per_frame"] as! [[String: Any]]
            for row in try db.rows("""
                SELECT m.t, m.object_count FROM morphology m JOIN cell c ON c.id = m.cell_id JOIN video v ON v.id = c.video_id
                WHERE v.path = ?1 ORDER BY m.t
                """, [.text(spec.path)]) {
                guard case let .integer(t) = row[0], case let .integer(objects) = row[1] else { continue }
                let pieces = try XCTUnwrap(perFrame[Int(t)]["mask_piece_count"] as? Int)
                ratios[spec.condition, default: []].append(Double(objects) / Double(pieces))
                counted.append(Double(objects))
                truth.append(Double(pieces))
            }
        }
        // Spearman's ρ: Pearson's r of the ranks (helpers of NamedQueryTests).
        let rho = NamedQueryTests.pearson(NamedQueryTests.ranks(counted), NamedQueryTests.ranks(truth))
        return (ratios.mapValues { $0.reduce(0, +) / Double($0.count) }, rho)
    }

    func testSplittingCountsWhatTheSimulatorDrewInEveryCondition() throws {
        for seed: UInt64 in [4, 9] {
            let split = try agreement(split: IngestParameters.defaultSplitDynamic, seed: seed)
            let connected = try agreement(split: nil, seed: seed)
            print("seed \(seed): split \(split), connected pieces \(connected)")
            for (condition, ratio) in split.ratios {
                XCTAssertTrue((0.8...1.25).contains(ratio), "seed \(seed) \(condition): \(ratio)")
            }
            XCTAssertGreaterThanOrEqual(split.spearman, 0.85, "seed \(seed)")
            // The threshold alone merges the fragmenting cell's touching pieces.
            XCTAssertLessThan(try XCTUnwrap(connected.ratios["llo"]), try XCTUnwrap(split.ratios["llo"]))
        }
    }
}
