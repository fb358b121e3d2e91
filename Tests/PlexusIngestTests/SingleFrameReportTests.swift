import Foundation
import PlexusAnalytics
import PlexusImaging
import PlexusIngest
import PlexusNumerics
import PlexusStore
import PlexusTestSupport
import XCTest

/// A single-image experiment, like a high-content screen of wild-type and
/// knockout cells: one frame per cell, the knockout's mitochondria in more,
/// smaller pieces. The report compares the cells on what one frame shows (object
/// size, density, area fraction) and says that the features over time are left out.
final class SingleFrameReportTests: TemporaryDirectoryTestCase {
    /// A 96 × 96 cell image: dim cytoplasm in a disc, `count` bright blobs of
    /// `radius` px on a seeded jittered grid, Gaussian noise.
    func cellImage(blobs count: Int, radius: Double, seed: UInt64) -> RawFrame {
        var generator = SeededRandom(seed: seed)
        let size = 96
        var pixels = [Double](repeating: 0, count: size * size)
        for r in 0..<size {
            for c in 0..<size where hypot(Double(r) - 47.5, Double(c) - 47.5) < 44 { pixels[r * size + c] = 20 }
        }
        let side = Int(Double(count).squareRoot().rounded(.up))
        for i in 0..<count {
            let row = 20 + Double(i / side) * 56 / Double(max(1, side - 1)) + Double.random(in: -2...2, using: &generator)
            let col = 20 + Double(i % side) * 56 / Double(max(1, side - 1)) + Double.random(in: -2...2, using: &generator)
            for r in 0..<size {
                for c in 0..<size {
                    let d = hypot(Double(r) - row, Double(c) - col)
                    if d < radius + 2 { pixels[r * size + c] += 150 / (1 + exp(3 * (d - radius))) }
                }
            }
        }
        let samples = pixels.map { value in
            UInt16(max(0, min(255, (value + 2 * Self.normal(&generator)).rounded())))
        }
        return RawFrame(width: size, height: size, bitDepth: 8, samples: samples)
    }

    static func normal(_ generator: inout SeededRandom) -> Double {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &generator), v = Double.random(in: 0..<1, using: &generator)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }

    func testSingleFramesAreComparedOnWhatOneFrameShows() throws {
        var specs: [VideoSpec] = []
        for i in 0..<6 {
            for (condition, blobs, radius) in [("wt", 9, 5.0), ("ko", 16, 2.5)] {
                let file = path("\(condition)-\(i).tif")
                let writer = try TIFFWriter(path: file)
                try writer.writePage(cellImage(blobs: blobs, radius: radius, seed: UInt64(i * 10 + blobs)))
                writer.close()
                specs.append(VideoSpec(path: file, condition: condition, pixelSizeMicrometres: 0.1))
            }
        }
        let database = path("single.sqlite")
        let summary = try BatchIngest(store: try ExperimentStore(path: database),
                                      parameters: IngestParameters(thresholdAbs: 30, components: .fixed))
            .run(specs, commandLine: "plexus ingest (test)")
        XCTAssertEqual(summary.failed.map { $0.message ?? "" }, [])
        let catalog = try NamedQuery.catalog(folders: [URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("queries").path])
        let report = try ConditionReport.build(database: database, catalog: catalog,
                                               options: ReportOptions(baseline: "wt"), toolVersion: "test")
        XCTAssertTrue(report.cells.allSatisfy { $0.frames == 1 })
        XCTAssertTrue(report.warnings.contains { $0.contains("one analysed frame") }, "\(report.warnings)")
        for overTime in ["object_count_slope", "centrality_drift", "split_rate", "mean_component_lifetime",
                         "mean_laplacian_gradient"] {
            XCTAssertTrue(report.missingFeatures.contains(overTime), overTime)
            XCTAssertFalse(report.comparisons.contains { $0.feature == overTime }, overTime)
        }
        let area = try XCTUnwrap(report.comparisons.first { $0.feature == "mean_object_area" })
        XCTAssertLessThan(try XCTUnwrap(area.mannWhitneyPBH), 0.05)
        XCTAssertLessThan(try XCTUnwrap(area.median), try XCTUnwrap(area.baselineMedian), "the knockout's objects are smaller")
        // In µm² (0.1 µm pixels): a blob of radius 5 px is about 0.8 µm².
        XCTAssertEqual(try XCTUnwrap(area.baselineMedian), Double.pi * 25 * 0.01, accuracy: 0.4)
        let density = try XCTUnwrap(report.comparisons.first { $0.feature == "object_density" })
        XCTAssertGreaterThan(try XCTUnwrap(density.median), try XCTUnwrap(density.baselineMedian))
        XCTAssertFalse(report.warnings.contains { $0.contains("pixel size") })

        // One more knockout image without a pixel size: its areas are px², and the report says units mix.
        let uncalibrated = path("ko-uncalibrated.tif")
        let writer = try TIFFWriter(path: uncalibrated)
        try writer.writePage(cellImage(blobs: 16, radius: 2.5, seed: 99))
        writer.close()
        _ = try BatchIngest(store: try ExperimentStore(path: database),
                            parameters: IngestParameters(thresholdAbs: 30, components: .fixed))
            .run([VideoSpec(path: uncalibrated, condition: "ko")], commandLine: "plexus ingest (test)")
        let mixed = try ConditionReport.build(database: database, catalog: catalog,
                                              options: ReportOptions(baseline: "wt"), toolVersion: "test")
        XCTAssertTrue(mixed.warnings.contains { $0.contains("1 of 13 videos have no pixel size") }, "\(mixed.warnings)")
    }
}
