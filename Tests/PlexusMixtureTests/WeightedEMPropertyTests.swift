import Foundation
import PlexusImaging
import PlexusNumerics
import XCTest
@testable import PlexusMixture

/// Properties any correct EM has, on data where the answer is known.
final class WeightedEMPropertyTests: XCTestCase {
    func testLowerBoundNeverDecreases() throws {
        var generator = SeededRandom(seed: 31)
        for trial in 0..<6 {
            let size = 48
            let blobs = (0..<Int.random(in: 3...6, using: &generator)).map { _ in
                Blob(row: Double.random(in: 8...40, using: &generator), col: Double.random(in: 8...40, using: &generator),
                     amplitude: Double.random(in: 40...200, using: &generator),
                     covRR: Double.random(in: 2...12, using: &generator), covRC: Double.random(in: -1.5...1.5, using: &generator),
                     covCC: Double.random(in: 2...12, using: &generator))
            }
            let pixels = renderIntegerImage(width: size, height: size, blobs: blobs, noise: 3, maximum: 255,
                                            seed: UInt64(trial))
            let raw = image(pixels, width: size)
            // Peaks on the smoothed frame (the default pipeline), fitted to the raw one.
            let smoothed = GaussianSmoothing.smooth(raw, sigma: 1)
            let peaks = PeakFinder.peaks(in: smoothed, minDistance: 3, thresholdAbs: 6)
            XCTAssertGreaterThanOrEqual(peaks.count, 2, "trial \(trial)")
            let start = PeakInitialization.model(peaks: peaks, image: smoothed)
            let options = EMOptions(tolerance: 1e-13, covarianceRegularization: 1e-6, maximumIterations: 150)
            let fit = try WeightedEM.fit(WeightedSamples(image: raw), from: start, options: options)
            XCTAssertGreaterThan(fit.lowerBoundHistory.count, 10, "trial \(trial), \(peaks.count) peaks, \(blobs.count) blobs")
            XCTAssertFalse(fit.flags.contains { $0.contains(.regularized) }, "trial \(trial)")
            for i in 1..<fit.lowerBoundHistory.count {
                XCTAssertGreaterThanOrEqual(fit.lowerBoundHistory[i], fit.lowerBoundHistory[i - 1] - 1e-12,
                                            "trial \(trial), iteration \(i + 1), \(peaks.count) components")
            }
        }
    }

    /// Components of known mixtures, rendered as (unrounded) intensities.
    private let mixtures: [MixtureModel] = [
        MixtureModel(components: [
            GaussianComponent(weight: 0.6, meanRow: 20.3, meanCol: 22.7, covRR: 9, covRC: 3, covCC: 6),
            GaussianComponent(weight: 0.4, meanRow: 41.2, meanCol: 38.9, covRR: 5, covRC: -1.5, covCC: 12),
        ]),
        MixtureModel(components: [
            GaussianComponent(weight: 0.3, meanRow: 18.4, meanCol: 17.2, covRR: 6, covRC: 1, covCC: 4),
            GaussianComponent(weight: 0.45, meanRow: 28.9, meanCol: 42.3, covRR: 10, covRC: -4, covCC: 8),
            GaussianComponent(weight: 0.25, meanRow: 44.1, meanCol: 22.6, covRR: 4, covRC: 0.5, covCC: 7),
        ]),
        // Two strongly overlapping components.
        MixtureModel(components: [
            GaussianComponent(weight: 0.5, meanRow: 30.2, meanCol: 26.1, covRR: 8, covRC: 2, covCC: 5),
            GaussianComponent(weight: 0.5, meanRow: 33.7, meanCol: 35.4, covRR: 6, covRC: -2, covCC: 9),
        ]),
    ]

    private func render(_ truth: MixtureModel, size: Int) -> Image {
        var image = Image(width: size, height: size)
        var peak = 0.0
        for r in 0..<size { for c in 0..<size { peak = max(peak, mixtureDensity(truth, Double(r), Double(c))) } }
        for r in 0..<size {
            for c in 0..<size { image[r, c] = Float(200 * mixtureDensity(truth, Double(r), Double(c)) / peak) }
        }
        return image
    }

    func testRecoversKnownMixtures() throws {
        for (m, truth) in mixtures.enumerated() {
            let pixels = render(truth, size: 64)
            // Start away from the truth: shifted means, round covariances, equal weights.
            let start = MixtureModel(components: truth.components.enumerated().map { k, g in
                GaussianComponent(weight: 1 / Double(truth.count), meanRow: g.meanRow + (k % 2 == 0 ? 1.5 : -1.2),
                                  meanCol: g.meanCol - 1.1, covRR: 6, covRC: 0, covCC: 6)
            })
            let options = EMOptions(tolerance: 1e-10, covarianceRegularization: 1e-6, maximumIterations: 1000)
            let fit = try WeightedEM.fit(WeightedSamples(image: pixels), from: start, options: options)
            XCTAssertTrue(fit.converged, "mixture \(m)")
            XCTAssertEqual(fit.model.count, truth.count)
            for (k, (found, expected)) in zip(fit.model.components, truth.components).enumerated() {
                let what = "mixture \(m), component \(k)"
                XCTAssertEqual(found.meanRow, expected.meanRow, accuracy: 0.01, what)
                XCTAssertEqual(found.meanCol, expected.meanCol, accuracy: 0.01, what)
                XCTAssertEqual(found.weight, expected.weight, accuracy: 0.01, what)
                let scale = max(expected.covRR, expected.covCC)
                XCTAssertEqual(found.covRR, expected.covRR, accuracy: 0.01 * scale, what)
                XCTAssertEqual(found.covRC, expected.covRC, accuracy: 0.01 * scale, what)
                XCTAssertEqual(found.covCC, expected.covCC, accuracy: 0.01 * scale, what)
            }
        }
    }

    func testRecoversKnownMixturesWithDefaultsFromPeaks() throws {
        // The default pipeline: tol 1e-3, start from the peaks of the frame.
        for (m, truth) in mixtures.prefix(2).enumerated() {
            let pixels = render(truth, size: 64)
            let peaks = PeakFinder.peaks(in: pixels, minDistance: 5, thresholdAbs: 6)
            XCTAssertEqual(peaks.count, truth.count, "mixture \(m)")
            guard peaks.count == truth.count else { continue }
            let start = PeakInitialization.model(peaks: peaks, image: pixels)
            let fit = try WeightedEM.fit(WeightedSamples(image: pixels), from: start)
            XCTAssertTrue(fit.converged)
            // Peaks come in descending intensity: match components to the truth by position.
            for expected in truth.components {
                let found = fit.model.components.min {
                    hypot($0.meanRow - expected.meanRow, $0.meanCol - expected.meanCol)
                        < hypot($1.meanRow - expected.meanRow, $1.meanCol - expected.meanCol)
                }!
                let what = "mixture \(m), component at (\(expected.meanRow), \(expected.meanCol))"
                XCTAssertEqual(found.meanRow, expected.meanRow, accuracy: 0.1, what)
                XCTAssertEqual(found.meanCol, expected.meanCol, accuracy: 0.1, what)
                XCTAssertEqual(found.covRR, expected.covRR, accuracy: 0.05 * expected.covRR, what)
                XCTAssertEqual(found.covCC, expected.covCC, accuracy: 0.05 * expected.covCC, what)
                XCTAssertEqual(found.covRC, expected.covRC,
                               accuracy: 0.05 * (expected.covRR * expected.covCC).squareRoot(), what)
            }
        }
    }

    func testComponentFarFromAllIntensityCollapsesAndIsKept() throws {
        var pixels = Image(width: 40, height: 40)
        let blob = Blob(row: 22.3, col: 24.6, amplitude: 150, covRR: 5, covRC: 1, covCC: 4)
        for r in 0..<40 { for c in 0..<40 { pixels[r, c] = Float(blob.value(Double(r), Double(c)).rounded()) } }
        let start = MixtureModel(components: [
            GaussianComponent(weight: 0.5, meanRow: 21, meanCol: 25, covRR: 3, covRC: 0, covCC: 3),
            GaussianComponent(weight: 0.3, meanRow: 400, meanCol: -350, covRR: 2, covRC: 0, covCC: 2),
            GaussianComponent(weight: 0.2, meanRow: 24, meanCol: 23, covRR: 3, covRC: 0, covCC: 3),
        ])
        let fit = try WeightedEM.fit(WeightedSamples(image: pixels), from: start)
        XCTAssertEqual(fit.model.count, 3, "a collapsed component is kept")
        XCTAssertEqual(fit.flags.count, 3)
        XCTAssertTrue(fit.flags[1].contains(.collapsed))
        XCTAssertFalse(fit.flags[0].contains(.collapsed))
        XCTAssertFalse(fit.flags[2].contains(.collapsed))
        XCTAssertLessThan(fit.model.components[1].weight, 1e-12)
        XCTAssertEqual(fit.model.components.map(\.weight).reduce(0, +), 1, accuracy: 1e-12)
        XCTAssertTrue(fit.lowerBound.isFinite)
        for g in fit.model.components {
            XCTAssertTrue([g.meanRow, g.meanCol, g.covRR, g.covRC, g.covCC].allSatisfy(\.isFinite))
        }
        // The two live components share the blob.
        let live = [fit.model.components[0], fit.model.components[2]]
        let meanRow = (live[0].weight * live[0].meanRow + live[1].weight * live[1].meanRow) / (live[0].weight + live[1].weight)
        XCTAssertEqual(meanRow, 22.3, accuracy: 0.05)
    }

    func testRejectsEmptyInput() {
        let empty = WeightedSamples(image: Image(width: 5, height: 5))
        let model = MixtureModel(components: [GaussianComponent(weight: 1, meanRow: 2, meanCol: 2, covRR: 1, covRC: 0, covCC: 1)])
        XCTAssertThrowsError(try WeightedEM.fit(empty, from: model))
        let some = WeightedSamples(image: Image(width: 5, height: 5, repeating: 1))
        XCTAssertThrowsError(try WeightedEM.fit(some, from: MixtureModel(components: [])))
        XCTAssertThrowsError(try WeightedEM.fit(some, from: model, options: EMOptions(maximumIterations: 0)))
    }
}
