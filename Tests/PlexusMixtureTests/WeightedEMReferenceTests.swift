import Foundation
import PlexusImaging
import XCTest
@testable import PlexusMixture

/// The central claim of PlexusMixture: EM with intensity-weighted pixels gives the
/// iterates scikit-learn gives on the published repeated-pixel point cloud.
/// Every iteration's lower bound and parameters are compared with
/// `ReferenceGaussianMixture`, a literal transcription of scikit-learn.
final class WeightedEMReferenceTests: XCTestCase {
    private let width = 12, height = 12
    private let blobs = [
        Blob(row: 3.3, col: 3.8, amplitude: 18, covRR: 2.2, covRC: 0.6, covCC: 1.6),
        Blob(row: 8.2, col: 8.6, amplitude: 16, covRR: 1.5, covRC: -0.4, covCC: 2.8),
        Blob(row: 3.1, col: 9.0, amplitude: 11, covRR: 1.2, covRC: 0.0, covCC: 1.2),
    ]

    private var initial: MixtureModel {
        MixtureModel(components: [
            GaussianComponent(weight: 0.4, meanRow: 3, meanCol: 4, covRR: 2, covRC: 0, covCC: 2),
            GaussianComponent(weight: 0.35, meanRow: 8, meanCol: 9, covRR: 2, covRC: 0, covCC: 2),
            GaussianComponent(weight: 0.25, meanRow: 3, meanCol: 9, covRR: 1.5, covRC: 0, covCC: 1.5),
        ])
    }

    /// Frame 0 and a frame where every blob moved a little, integers 0…20.
    private func intensities(frame: Int) -> [Int] {
        let moved = blobs.map { b -> Blob in
            var b = b
            b.row += 0.35 * Double(frame)
            b.col -= 0.2 * Double(frame)
            return b
        }
        return renderIntegerImage(width: width, height: height, blobs: moved, noise: 1, maximum: 20,
                                  seed: UInt64(100 + frame))
    }

    /// Runs WeightedEM, recording what the observer sees after every iteration.
    private func fitRecording(_ samples: WeightedSamples, from model: MixtureModel, previousLowerBound: Double?,
                              options: EMOptions) throws -> (EMFit, [(Int, Double, MixtureModel)]) {
        var seen: [(Int, Double, MixtureModel)] = []
        let fit = try WeightedEM.fit(samples, from: model, previousLowerBound: previousLowerBound,
                                     options: options) { seen.append(($0, $1, $2)) }
        return (fit, seen)
    }

    private func assertSameIterates(_ fit: EMFit, _ seen: [(Int, Double, MixtureModel)],
                                    _ reference: ReferenceGaussianMixture, tolerance: Double = 1e-9,
                                    file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(fit.iterations, reference.nIter, "iterations", file: file, line: line)
        XCTAssertEqual(fit.converged, reference.converged, "converged", file: file, line: line)
        XCTAssertEqual(seen.count, reference.history.count, "observer calls", file: file, line: line)
        XCTAssertEqual(fit.lowerBoundHistory.count, reference.history.count, file: file, line: line)
        XCTAssertEqual(fit.lowerBound, reference.lowerBound, accuracy: tolerance, "final lower bound",
                       file: file, line: line)
        for (i, ((iteration, lowerBound, model), expected)) in zip(seen, reference.history).enumerated() {
            XCTAssertEqual(iteration, i + 1, file: file, line: line)
            XCTAssertEqual(lowerBound, expected.lowerBound, accuracy: tolerance, "lower bound, iteration \(i + 1)",
                           file: file, line: line)
            XCTAssertEqual(fit.lowerBoundHistory[i], lowerBound, file: file, line: line)
            XCTAssertEqual(model.count, expected.weights.count, file: file, line: line)
            for (k, g) in model.components.enumerated() {
                let what = "component \(k), iteration \(i + 1)"
                XCTAssertEqual(g.weight, expected.weights[k], accuracy: tolerance, "weight, \(what)", file: file, line: line)
                XCTAssertEqual(g.meanRow, expected.means[k][0], accuracy: tolerance, "mean row, \(what)", file: file, line: line)
                XCTAssertEqual(g.meanCol, expected.means[k][1], accuracy: tolerance, "mean col, \(what)", file: file, line: line)
                let c = expected.covariances[k]
                XCTAssertEqual(g.covRR, c[0][0], accuracy: tolerance, "cov rr, \(what)", file: file, line: line)
                XCTAssertEqual(g.covRC, c[0][1], accuracy: tolerance, "cov rc, \(what)", file: file, line: line)
                XCTAssertEqual(g.covCC, c[1][1], accuracy: tolerance, "cov cc, \(what)", file: file, line: line)
            }
        }
        // The fit's model is the last observed one.
        if let last = seen.last { XCTAssertEqual(fit.model, last.2, file: file, line: line) }
    }

    func testTestDataIsWhatItClaims() {
        let frame = intensities(frame: 0)
        XCTAssertEqual(frame.count, 144)
        XCTAssertTrue(frame.allSatisfy { (0...20).contains($0) })
        XCTAssertGreaterThan(frame.filter { $0 == 0 }.count, 10, "some zero pixels, skipped by both")
        XCTAssertNotEqual(frame, intensities(frame: 1))
    }

    func testColdAndWarmStartMatchScikitLearnIterationByIteration() throws {
        let options = EMOptions() // tol 1e-3, reg_covar 1e-6, max_iter 100
        var reference = ReferenceGaussianMixture(initial)

        let frame0 = intensities(frame: 0)
        try reference.fit(ReferenceGaussianMixture.repeatedPixels(frame0, width: width))
        let samples0 = WeightedSamples(image: image(frame0, width: width))
        XCTAssertEqual(samples0.totalWeight, Double(frame0.reduce(0, +)))
        let (cold, coldSeen) = try fitRecording(samples0, from: initial, previousLowerBound: nil, options: options)
        XCTAssertGreaterThan(cold.iterations, 3, "a cold start takes several iterations")
        XCTAssertTrue(cold.converged)
        assertSameIterates(cold, coldSeen, reference)

        // Warm start on the next frame: from the previous fit, and from its lower bound.
        let frame1 = intensities(frame: 1)
        try reference.fit(ReferenceGaussianMixture.repeatedPixels(frame1, width: width))
        let (warm, warmSeen) = try fitRecording(WeightedSamples(image: image(frame1, width: width)),
                                                from: cold.model, previousLowerBound: cold.lowerBound,
                                                options: options)
        assertSameIterates(warm, warmSeen, reference)

        // The same frame again: the change from the previous lower bound is tiny,
        // so both stop after a single iteration.
        try reference.fit(ReferenceGaussianMixture.repeatedPixels(frame1, width: width))
        let (again, againSeen) = try fitRecording(WeightedSamples(image: image(frame1, width: width)),
                                                  from: warm.model, previousLowerBound: warm.lowerBound,
                                                  options: options)
        XCTAssertEqual(again.iterations, 1)
        assertSameIterates(again, againSeen, reference)
    }

    func testWarmStartWithoutThePreviousLowerBoundIsNotScikitLearn() throws {
        // Starting the convergence test from −∞ instead always costs at least one
        // more iteration than scikit-learn's warm start on an unchanged frame.
        let frame0 = intensities(frame: 0)
        let samples = WeightedSamples(image: image(frame0, width: width))
        let first = try WeightedEM.fit(samples, from: initial)
        let withBound = try WeightedEM.fit(samples, from: first.model, previousLowerBound: first.lowerBound)
        let withoutBound = try WeightedEM.fit(samples, from: first.model, previousLowerBound: nil)
        XCTAssertEqual(withBound.iterations, 1)
        XCTAssertGreaterThanOrEqual(withoutBound.iterations, 2)
    }

    func testLongRunMatchesScikitLearn() throws {
        // A tight tolerance: many iterations, all compared.
        let options = EMOptions(tolerance: 1e-10, covarianceRegularization: 1e-6, maximumIterations: 300)
        var reference = ReferenceGaussianMixture(initial)
        reference.tol = 1e-10
        reference.maxIter = 300
        let frame = intensities(frame: 2)
        try reference.fit(ReferenceGaussianMixture.repeatedPixels(frame, width: width))
        let (fit, seen) = try fitRecording(WeightedSamples(image: image(frame, width: width)), from: initial,
                                           previousLowerBound: nil, options: options)
        XCTAssertGreaterThan(fit.iterations, 20)
        assertSameIterates(fit, seen, reference)
    }

    func testMaximumIterationsAndRegularization() throws {
        // Stopped early: not converged, in both; a larger reg_covar changes the
        // iterates in both the same way.
        let options = EMOptions(tolerance: 1e-3, covarianceRegularization: 0.25, maximumIterations: 3)
        var reference = ReferenceGaussianMixture(initial)
        reference.regCovar = 0.25
        reference.maxIter = 3
        let frame = intensities(frame: 0)
        try reference.fit(ReferenceGaussianMixture.repeatedPixels(frame, width: width))
        let (fit, seen) = try fitRecording(WeightedSamples(image: image(frame, width: width)), from: initial,
                                           previousLowerBound: nil, options: options)
        XCTAssertEqual(fit.iterations, 3)
        XCTAssertFalse(fit.converged)
        assertSameIterates(fit, seen, reference)
    }

    func testManyTilesMatchScikitLearn() throws {
        // 40×40 is nine 16-pixel tiles: exercises the per-tile component culling
        // (components far from a tile are skipped there), with two overlapping
        // components and a noisy background so that convergence takes a while.
        let size = 40
        let farBlobs = [
            Blob(row: 8.4, col: 9.1, amplitude: 20, covRR: 4.5, covRC: 1.8, covCC: 3.9),
            Blob(row: 12.2, col: 13.7, amplitude: 15, covRR: 3.8, covRC: -0.3, covCC: 4.6),
            Blob(row: 31.5, col: 9.2, amplitude: 12, covRR: 4.0, covRC: 1.0, covCC: 3.0),
            Blob(row: 28.1, col: 30.6, amplitude: 17, covRR: 2.6, covRC: 0.2, covCC: 5.4),
        ]
        let frame = renderIntegerImage(width: size, height: size, blobs: farBlobs, noise: 1, maximum: 20, seed: 5)
        let start = MixtureModel(components: farBlobs.map {
            GaussianComponent(weight: 0.25, meanRow: $0.row.rounded(), meanCol: $0.col.rounded(),
                              covRR: 1.5, covRC: 0, covCC: 1.5)
        })
        let options = EMOptions(tolerance: 1e-8, covarianceRegularization: 1e-6, maximumIterations: 200)
        var reference = ReferenceGaussianMixture(start)
        reference.tol = 1e-8
        reference.maxIter = 200
        try reference.fit(ReferenceGaussianMixture.repeatedPixels(frame, width: size))
        let samples = WeightedSamples(image: image(frame, width: size))
        XCTAssertEqual(samples.tileCount, 9)
        let (fit, seen) = try fitRecording(samples, from: start, previousLowerBound: nil, options: options)
        XCTAssertGreaterThan(fit.iterations, 5)
        assertSameIterates(fit, seen, reference)
        // Culling did happen: with the final components, some tile skips some component.
        var flags = ComponentFlags()
        let states = try fit.model.components.map { try ComponentState($0, flags: &flags) }
        var active: [Int32] = []
        var skipped = 0
        for bounds in samples.tileBounds {
            WeightedEM.selectActive(states, bounds: bounds, into: &active)
            skipped += states.count - active.count
        }
        XCTAssertGreaterThan(skipped, 0)
    }

    func testPointSamplesGiveTheSameFitAsPixelSamples() throws {
        let frame = intensities(frame: 0)
        let pixels = WeightedSamples(image: image(frame, width: width))
        var points: [(row: Double, col: Double, weight: Double)] = []
        for (i, v) in frame.enumerated() { points.append((Double(i / width), Double(i % width), Double(v))) }
        let fromPoints = try WeightedEM.fit(WeightedSamples(points: points.reversed()), from: initial)
        let fromPixels = try WeightedEM.fit(pixels, from: initial)
        XCTAssertEqual(fromPoints.iterations, fromPixels.iterations)
        XCTAssertEqual(fromPoints.lowerBound, fromPixels.lowerBound, accuracy: 1e-12)
        for (a, b) in zip(fromPoints.model.components, fromPixels.model.components) {
            XCTAssertEqual(a.meanRow, b.meanRow, accuracy: 1e-12)
            XCTAssertEqual(a.meanCol, b.meanCol, accuracy: 1e-12)
            XCTAssertEqual(a.covRC, b.covRC, accuracy: 1e-12)
        }
    }
}
