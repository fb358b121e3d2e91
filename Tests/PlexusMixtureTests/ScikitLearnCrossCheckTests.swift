import Foundation
import PlexusImaging
import XCTest
@testable import PlexusMixture

/// The `--preset ornet` path (raw 8-bit intensities, peaks with min_distance 3,
/// threshold 6, no smoothing) on a 10-frame video, against scikit-learn's
/// GaussianMixture run by `Benchmarks/sklearn_crosscheck.py` on the repeated-pixel
/// point clouds of the same frames (frame 0 from the peaks, then warm starts).
/// The fixtures are that script's output; rerun it to regenerate them.
final class ScikitLearnCrossCheckTests: XCTestCase {
    struct Reference: Decodable {
        struct Parameters: Decodable {
            let min_distance: Int
            let threshold_abs: Double
            let tol: Double
            let reg_covar: Double
            let max_iter: Int
        }
        struct PeakRecord: Decodable { let row: Int, col: Int, intensity: Double }
        struct Initial: Decodable {
            let weights: [Double]
            let means: [[Double]]
            let covariances: [[[Double]]]
        }
        struct Fit: Decodable {
            let t: Int
            let samples: Int
            let n_iter: Int
            let converged: Bool
            let lower_bound: Double
            let lower_bounds: [Double]
            let weights: [Double]
            let means: [[Double]]
            let covariances: [[[Double]]]
        }
        let script: String
        let sklearn_version: String
        let video: String
        let frames: Int
        let height: Int
        let width: Int
        let parameters: Parameters
        let peaks: [PeakRecord]
        let initial: Initial
        let fits: [Fit]
    }

    private func fixture(_ name: String, _ ext: String) throws -> URL {
        try fixtureURL(name, ext, writtenBy: "sklearn_crosscheck.py")
    }

    func testMatchesScikitLearnFrameByFrame() throws {
        let reference = try JSONDecoder().decode(Reference.self,
                                                 from: Data(contentsOf: fixture("crosscheck-sklearn", "json")))
        let video = try TIFFVideo(path: fixture("crosscheck-video", "tif").path)
        XCTAssertEqual(video.pageCount, reference.frames)
        XCTAssertEqual(video.width, reference.width)
        XCTAssertEqual(video.height, reference.height)
        XCTAssertEqual(video.bitDepth, 8)
        XCTAssertEqual(reference.fits.count, reference.frames)

        let parameters = reference.parameters
        let options = EMOptions(tolerance: parameters.tol, covarianceRegularization: parameters.reg_covar,
                                maximumIterations: parameters.max_iter)

        // Peaks and the initial mixture of frame 0.
        let frame0 = try video.readPage(0).eightBitScaled()
        let peaks = PeakFinder.peaks(in: frame0, minDistance: parameters.min_distance,
                                     thresholdAbs: Float(parameters.threshold_abs))
        XCTAssertEqual(peaks.count, reference.peaks.count, "K")
        XCTAssertEqual(peaks.map { [$0.row, $0.col] }, reference.peaks.map { [$0.row, $0.col] })
        XCTAssertEqual(peaks.map { Double($0.intensity) }, reference.peaks.map(\.intensity))
        guard peaks.count == reference.peaks.count else { return }
        var model = PeakInitialization.model(peaks: peaks, image: frame0)
        for (k, g) in model.components.enumerated() {
            XCTAssertEqual(g.weight, reference.initial.weights[k], accuracy: 1e-15)
            XCTAssertEqual([g.meanRow, g.meanCol], reference.initial.means[k])
            XCTAssertEqual(g.covRR, reference.initial.covariances[k][0][0], accuracy: 1e-12)
            XCTAssertEqual(g.covCC, reference.initial.covariances[k][1][1], accuracy: 1e-12)
            XCTAssertEqual(g.covRC, 0)
        }

        // Frame 0 cold, every later frame warm from the previous fit and its lower bound.
        var previousLowerBound: Double? = nil
        var worstMean = 0.0, worstCovariance = 0.0, worstWeight = 0.0, worstLowerBound = 0.0
        for expected in reference.fits {
            let t = expected.t
            let samples = WeightedSamples(image: try video.readPage(t).eightBitScaled())
            XCTAssertEqual(samples.totalWeight, Double(expected.samples), "frame \(t): repeated-pixel count")
            let fit = try WeightedEM.fit(samples, from: model, previousLowerBound: previousLowerBound, options: options)
            XCTAssertEqual(fit.iterations, expected.n_iter, "frame \(t): iterations")
            XCTAssertEqual(fit.converged, expected.converged, "frame \(t): converged")
            XCTAssertEqual(fit.lowerBoundHistory.count, expected.lower_bounds.count, "frame \(t)")
            for (a, b) in zip(fit.lowerBoundHistory, expected.lower_bounds) {
                XCTAssertEqual(a, b, accuracy: 1e-6, "frame \(t): lower bound history")
                worstLowerBound = max(worstLowerBound, abs(a - b))
            }
            XCTAssertEqual(fit.lowerBound, expected.lower_bound, accuracy: 1e-6, "frame \(t): lower bound")
            XCTAssertEqual(fit.model.count, expected.weights.count)
            for (k, g) in fit.model.components.enumerated() {
                let mean = expected.means[k], c = expected.covariances[k]
                let meanDifference = max(abs(g.meanRow - mean[0]), abs(g.meanCol - mean[1]))
                XCTAssertLessThan(meanDifference, 0.01, "frame \(t), component \(k): mean")
                worstMean = max(worstMean, meanDifference)
                let covarianceDifference = max(abs(g.covRR - c[0][0]), abs(g.covRC - c[0][1]), abs(g.covCC - c[1][1]))
                    / max(c[0][0], c[1][1])
                XCTAssertLessThan(covarianceDifference, 1e-6, "frame \(t), component \(k): covariance")
                worstCovariance = max(worstCovariance, covarianceDifference)
                XCTAssertEqual(g.weight, expected.weights[k], accuracy: 1e-8, "frame \(t), component \(k): weight")
                worstWeight = max(worstWeight, abs(g.weight - expected.weights[k]))
            }
            XCTAssertFalse(fit.flags.contains { !$0.isEmpty }, "frame \(t): no collapsed or regularised component")
            model = fit.model
            previousLowerBound = fit.lowerBound
        }
        print("""
            scikit-learn \(reference.sklearn_version) cross-check (\(reference.frames) frames, K = \(peaks.count)): \
            max |Δmean| = \(worstMean) px, max relative |Δcov| = \(worstCovariance), \
            max |Δweight| = \(worstWeight), max |Δlower bound| = \(worstLowerBound)
            """)
    }
}
