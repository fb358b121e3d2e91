import Foundation
import PlexusImaging
import PlexusSimulation
import PlexusTestSupport
import XCTest

/// The files read back as the ingest reads them, and the images have the
/// intensities the default ingest parameters expect.
final class RenderingTests: TemporaryDirectoryTestCase {
    func testVideosAndMasksReadBack() throws {
        for bitDepth in [8, 16] {
            let folder = "depth\(bitDepth)"
            let experiment = SyntheticExperiment(conditions: [.control, .llo], cellsPerCondition: 1, frameCount: 4,
                                                 size: 128, seed: 5, bitDepth: bitDepth)
            let summary = try experiment.write(to: path(folder))
            XCTAssertEqual(summary.videos.map { URL(fileURLWithPath: $0).lastPathComponent }, ["control-1.tif", "llo-1.tif"])
            for name in ["control-1", "llo-1"] {
                let video = try TIFFVideo(path: path("\(folder)/\(name).tif"))
                XCTAssertEqual([video.pageCount, video.width, video.height, video.bitDepth], [4, 128, 128, bitDepth])
                for t in 0..<4 { XCTAssertEqual(try video.readPage(t).samples.count, 128 * 128) }

                let mask = try TIFFVideo(path: path("\(folder)/\(name)-mask.tif"))
                XCTAssertEqual([mask.pageCount, mask.width, mask.height, mask.bitDepth], [1, 128, 128, 8])
                let samples = try mask.readPage(0).samples
                XCTAssertEqual(Set(samples), [0, 1])
                XCTAssertEqual(samples[64 * 128 + 64], 1, "the centre is inside the cell")
                for corner in [0, 127, 127 * 128, 128 * 128 - 1] { XCTAssertEqual(samples[corner], 0) }

                let truth = try readTruth(path("\(folder)/\(name).truth.json"))
                let frames = try XCTUnwrap(truth["per_frame"] as? [[String: Any]])
                XCTAssertEqual(frames.count, 4)
                XCTAssertEqual(samples.reduce(0) { $0 + Int($1) }, frames[0]["cell_area_px"] as? Int)
                XCTAssertEqual(truth["frames"] as? Int, 4)
                XCTAssertEqual(truth["size"] as? Int, 128)
                XCTAssertEqual(truth["bit_depth"] as? Int, bitDepth)
                XCTAssertEqual(truth["seed"] as? Int, 5)
                XCTAssertEqual(truth["condition"] as? String, String(name.dropLast(2)))
                XCTAssertNotNil(truth["parameters"] as? [String: Any])
                for key in ["t", "object_count", "tubule_count", "puncta_count", "total_area_px", "mean_tubule_length_px",
                            "fission_events", "fusion_events", "cell_area_px"] {
                    XCTAssertNotNil(frames[0][key], key)
                }
            }
        }
    }

    /// Background dim and noisy, brighter inside the cell; mitochondria bright.
    func testIntensities() throws {
        let simulation = CellSimulation(condition: .control, cell: 1, seed: 11, frameCount: 1)
        let frame = try XCTUnwrap(simulation.frames().frames.first)
        let mask = simulation.mask.samples
        let raster = MitochondriaRaster(objects: simulation.initialNetwork.objects, width: 256, height: 256)
        // Away from the mitochondria (their blur reaches a few px).
        var near = raster.covered
        for r in 0..<256 {
            for c in 0..<256 where raster.covered[r * 256 + c] {
                for dr in -4...4 { for dc in -4...4 where (0..<256).contains(r + dr) && (0..<256).contains(c + dc) {
                    near[(r + dr) * 256 + c + dc] = true
                } }
            }
        }
        let values = frame.samples.map(Double.init)
        let inside = values.indices.filter { mask[$0] == 1 && !near[$0] }.map { values[$0] }
        let outside = values.indices.filter { mask[$0] == 0 }.map { values[$0] }
        let onMitochondria = values.indices.filter { raster.covered[$0] }.map { values[$0] }
        func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(x.count) }
        func sd(_ x: [Double]) -> Double { let m = mean(x); return (x.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(x.count)).squareRoot() }
        XCTAssertTrue((10...20).contains(mean(inside)), "cytoplasm \(mean(inside))")
        XCTAssertGreaterThan(sd(inside), 2, "the cytoplasm is noisy, not flat")
        XCTAssertTrue((2...5).contains(mean(outside)), "outside \(mean(outside))")
        XCTAssertGreaterThan(sd(outside), 0.8, "the outside is noisy, not flat")
        let brightest = onMitochondria.sorted()[onMitochondria.count * 99 / 100]
        XCTAssertTrue((120...255).contains(brightest), "mitochondria peak at \(brightest)")
        XCTAssertTrue((60...220).contains(mean(onMitochondria)), "mitochondria average \(mean(onMitochondria))")
    }

    /// With the ingest's default parameters (smoothing 1, min_distance 10,
    /// threshold 6), the peaks sit on mitochondria, about one per object.
    func testDefaultPeaksSitOnMitochondria() throws {
        var ratios: [Double] = [], fractions: [Double] = []
        for seed: UInt64 in [1, 2, 3, 4, 5, 6] {
            let simulation = CellSimulation(condition: .control, cell: 1, seed: seed, frameCount: 1)
            let frame = try XCTUnwrap(simulation.frames().frames.first)
            let image = GaussianSmoothing.smooth(frame.eightBitScaled(), sigma: 1)
            let peaks = PeakFinder.peaks(in: image, minDistance: 10, thresholdAbs: 6)
            let raster = MitochondriaRaster(objects: simulation.initialNetwork.objects, width: 256, height: 256)
            let onMitochondria = peaks.filter { peak in
                (-2...2).contains { dr in (-2...2).contains { dc in raster.covered[(peak.row + dr) * 256 + peak.col + dc] } }
            }
            let objects = simulation.initialNetwork.objects.count
            // The rest are on the noisy cytoplasm, in gaps wider than the peak window.
            XCTAssertGreaterThanOrEqual(Double(onMitochondria.count), 0.8 * Double(peaks.count),
                                        "seed \(seed): \(onMitochondria.count) of \(peaks.count) peaks on mitochondria")
            fractions.append(Double(onMitochondria.count) / Double(peaks.count))
            ratios.append(Double(peaks.count) / Double(objects))
            XCTAssertTrue((0.5...2.5).contains(ratios.last ?? 0), "seed \(seed): \(peaks.count) peaks for \(objects) objects")
        }
        print("peaks per object at frame 0:", ratios.map { String(format: "%.2f", $0) }.joined(separator: ", "),
              "- on mitochondria:", fractions.map { String(format: "%.2f", $0) }.joined(separator: ", "))
    }

    func testPhotobleachingDimsLaterFrames() throws {
        func meanOfLastFrame(rate: Double) throws -> Double {
            let frames = CellSimulation(condition: .control, cell: 1, seed: 2, size: 96, frameCount: 20,
                                        microscope: Microscope(photobleachingRate: rate)).frames().frames
            let last = try XCTUnwrap(frames.last).samples
            return Double(last.reduce(0) { $0 + Int($1) }) / Double(last.count)
        }
        let plain = try meanOfLastFrame(rate: 0), bleached = try meanOfLastFrame(rate: 0.05)
        // exp(−0.05 · 19) ≈ 0.39 of the fluorescence remains (the camera offset stays).
        XCTAssertLessThan(bleached, 0.6 * plain)
        XCTAssertGreaterThan(bleached, 0.2 * plain)
    }
}
