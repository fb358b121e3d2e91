import Foundation
import PlexusImaging
import PlexusNumerics
import XCTest
@testable import PlexusMixture

/// Structure moves on images whose right answer is known by construction.
final class MixtureDynamicsTests: XCTestCase {
    let size = 64
    let settings = StructureSettings(deathMass: 2 * Double.pi * 6, peakThreshold: 6, minDistance: 5)

    func samples(_ blobs: [Blob]) -> WeightedSamples {
        WeightedSamples(image: image(renderIntegerImage(width: size, height: size, blobs: blobs, noise: 0,
                                                        maximum: 255, seed: 1), width: size))
    }

    func component(_ weight: Double, _ row: Double, _ col: Double, _ variance: Double) -> GaussianComponent {
        GaussianComponent(weight: weight, meanRow: row, meanCol: col, covRR: variance, covRC: 0, covCC: variance)
    }

    func run(_ blobs: [Blob], _ components: [GaussianComponent], ids: [Int]? = nil) throws -> FrameFit {
        let start = ids.map { TrackedMixture(model: MixtureModel(components: components), ids: $0,
                                             nextID: ($0.max() ?? -1) + 1) }
            ?? TrackedMixture(model: MixtureModel(components: components))
        return try MixtureDynamics.fit(samples(blobs), width: size, height: size, start: start,
                                       previousLowerBound: nil, settings: settings, options: EMOptions())
    }

    func assertValid(_ result: FrameFit, file: StaticString = #filePath, line: UInt = #line) throws {
        let fit = try XCTUnwrap(result.fit, file: file, line: line)
        XCTAssertEqual(fit.model.components.reduce(0) { $0 + $1.weight }, 1, accuracy: 1e-12, file: file, line: line)
        XCTAssertEqual(result.mixture.ids.count, fit.model.count, file: file, line: line)
        XCTAssertEqual(Set(result.mixture.ids).count, result.mixture.ids.count, "ids are unique", file: file, line: line)
        XCTAssertGreaterThan(result.mixture.nextID, result.mixture.ids.max() ?? -1, file: file, line: line)
        for event in result.events where event.kind != .death {
            XCTAssertLessThan(try XCTUnwrap(event.bicChange, file: file, line: line), 0,
                              "a kept change lowers the BIC", file: file, line: line)
        }
    }

    func testComponentOnNoSignalDies() throws {
        let blob = Blob(row: 20, col: 20, amplitude: 200, covRR: 6, covRC: 0, covCC: 6)
        let result = try run([blob], [component(0.98, 20, 20, 6), component(0.02, 50, 50, 4)], ids: [3, 7])
        try assertValid(result)
        XCTAssertEqual(result.mixture.ids, [3])
        XCTAssertTrue(result.events.contains(ComponentEvent(kind: .death, k: 7)))
        XCTAssertEqual(result.fit!.model.components[0].meanRow, 20, accuracy: 0.05)
    }

    func testUnexplainedBlobIsBorn() throws {
        // A faint blob far from the only component: the warm fit leans towards
        // it but stays more than 2 SD away, so the new component is a birth.
        let a = Blob(row: 16, col: 16, amplitude: 200, covRR: 5, covRC: 0, covCC: 5)
        let b = Blob(row: 50, col: 50, amplitude: 30, covRR: 3, covRC: 0, covCC: 3)
        let result = try run([a, b], [component(1, 16, 16, 5)], ids: [4])
        try assertValid(result)
        XCTAssertEqual(result.events.map(\.kind), [.birth])
        XCTAssertEqual(result.events.first?.k, 5, "the next unused id")
        XCTAssertEqual(result.mixture.ids, [4, 5])
        let model = result.fit!.model.components
        XCTAssertEqual(model[0].meanRow, 16, accuracy: 0.1)
        XCTAssertEqual(model[1].meanRow, 50, accuracy: 0.1)
        XCTAssertEqual(model[1].meanCol, 50, accuracy: 0.1)
    }

    func testComponentOverTwoBlobsSplits() throws {
        // Two blobs 8 px apart, one broad component over both: the far blob is
        // within 2 SD of it, so the new component is its child.
        let a = Blob(row: 30, col: 28, amplitude: 180, covRR: 2, covRC: 0, covCC: 2)
        let b = Blob(row: 30, col: 36, amplitude: 180, covRR: 2, covRC: 0, covCC: 2)
        let result = try run([a, b], [component(1, 30, 30, 9)], ids: [0])
        try assertValid(result)
        let split = try XCTUnwrap(result.events.first { $0.kind == .split })
        XCTAssertEqual(split.other, 0)
        XCTAssertEqual(result.mixture.ids.count, 2)
        let rows = result.fit!.model.components.map(\.meanCol).sorted()
        XCTAssertEqual(rows[0], 28, accuracy: 0.1)
        XCTAssertEqual(rows[1], 36, accuracy: 0.1)
    }

    func testTwoComponentsOnOneBlobMergeIntoTheOlder() throws {
        let blob = Blob(row: 32, col: 32, amplitude: 200, covRR: 6, covRC: 1, covCC: 5)
        let result = try run([blob], [component(0.5, 31.5, 32, 6), component(0.5, 32.5, 32, 6)], ids: [9, 2])
        try assertValid(result)
        XCTAssertEqual(result.events.filter { $0.kind != .death },
                       [ComponentEvent(kind: .merge, k: 2, other: 9, bicChange: result.events.first { $0.kind == .merge }?.bicChange)])
        XCTAssertEqual(result.mixture.ids, [2])
    }

    func testNothingChangesOnAWellFittedFrame() throws {
        let a = Blob(row: 16, col: 16, amplitude: 200, covRR: 5, covRC: 0, covCC: 5)
        let b = Blob(row: 46, col: 44, amplitude: 150, covRR: 4, covRC: 1, covCC: 6)
        let result = try run([a, b], [component(0.55, 16, 16, 5), component(0.45, 46, 44, 5)])
        try assertValid(result)
        XCTAssertEqual(result.events, [])
        XCTAssertEqual(result.mixture.ids, [0, 1])
    }

    func testEveryComponentOfADarkFrameDies() throws {
        // A frame holding less intensity than the floor: nothing survives and
        // nothing is born (no residual peak above the threshold); the next id
        // is kept, so that components born when signal returns are new.
        let faint = Blob(row: 30, col: 30, amplitude: 1.4, covRR: 1, covRC: 0, covCC: 1)
        XCTAssertLessThan(samples([faint]).totalWeight, settings.deathMass)
        let result = try run([faint], [component(1, 30, 30, 2)], ids: [6])
        XCTAssertNil(result.fit)
        XCTAssertEqual(result.mixture.ids, [])
        XCTAssertEqual(result.mixture.nextID, 7)
        XCTAssertEqual(result.events, [ComponentEvent(kind: .death, k: 6)])
    }

    func testBirthsBeyondTheLimitAreAnError() throws {
        let blobs = (0..<4).map { Blob(row: 12 + 13 * Double($0), col: 32, amplitude: 150, covRR: 3, covRC: 0, covCC: 3) }
        var limited = settings
        limited.maximumComponents = 1
        limited.trialsPerStep = 4
        let start = TrackedMixture(model: MixtureModel(components: [component(1, 12, 32, 3)]))
        XCTAssertThrowsError(try MixtureDynamics.fit(samples(blobs), width: size, height: size, start: start,
                                                     previousLowerBound: nil, settings: limited,
                                                     options: EMOptions())) { error in
            XCTAssertTrue("\(error)".contains("--max-components 1"), "\(error)")
        }
    }

    func testResidualPeaksFollowThePeakRule() {
        // A frame with no mixture: the residual is the image itself, so its
        // peaks are the image's (PeakFinder's rule, minus plateau duplicates).
        let blobs = [Blob(row: 20, col: 20, amplitude: 100, covRR: 4, covRC: 0, covCC: 4),
                     Blob(row: 40, col: 45, amplitude: 60, covRR: 4, covRC: 0, covCC: 4),
                     Blob(row: 42, col: 47, amplitude: 20, covRR: 4, covRC: 0, covCC: 4)]
        let s = samples(blobs)
        let peaks = MixtureDynamics.residualPeaks(s, logDensity: [Double](repeating: -.infinity, count: s.count),
                                                  width: size, height: size, threshold: 6, minDistance: 5)
        let expected = PeakFinder.peaks(in: image(renderIntegerImage(width: size, height: size, blobs: blobs, noise: 0,
                                                                     maximum: 255, seed: 1), width: size),
                                        minDistance: 5, thresholdAbs: 6)
        XCTAssertEqual(peaks.map { [$0.row, $0.col] }, expected.map { [$0.row, $0.col] })
    }

    /// The residual grid covers only the samples' bounding box: for a cell in
    /// a corner of the frame, near the border, the peaks are those of the peak
    /// rule on the whole masked frame.
    func testResidualPeaksOfACellInACornerAreThoseOfTheWholeFrame() {
        let blobs = [Blob(row: 6, col: 8, amplitude: 90, covRR: 3, covRC: 0, covCC: 3),
                     Blob(row: 14, col: 16, amplitude: 70, covRR: 4, covRC: 1, covCC: 3),
                     Blob(row: 40, col: 45, amplitude: 60, covRR: 4, covRC: 0, covCC: 4)]
        let full = image(renderIntegerImage(width: size, height: size, blobs: blobs, noise: 0, maximum: 255, seed: 2), width: size)
        // The cell: the top-left 24 × 26 pixels (the third blob is outside it).
        let mask = (0..<(size * size)).map { $0 / size < 24 && $0 % size < 26 }
        let masked = Image(width: size, height: size, pixels: zip(full.pixels, mask).map { $1 ? $0 : 0 })
        let s = WeightedSamples(image: full, mask: mask)
        for (threshold, minDistance) in [(6.0, 5), (6.0, 2), (30.0, 3)] {
            let peaks = MixtureDynamics.residualPeaks(s, logDensity: [Double](repeating: -.infinity, count: s.count),
                                                      width: size, height: size, threshold: threshold, minDistance: minDistance)
            let expected = PeakFinder.peaks(in: masked, minDistance: minDistance, thresholdAbs: Float(threshold))
            XCTAssertEqual(peaks.map { [$0.row, $0.col] }, expected.map { [$0.row, $0.col] }, "threshold \(threshold), distance \(minDistance)")
            XCTAssertFalse(peaks.isEmpty)
        }
    }

    /// Under a fitted-looking mixture the residual's peaks, and their values,
    /// are those of the grid with every sample's exact residual: screening the
    /// exponentials leaves out only pixels that cannot be peaks.
    func testResidualPeaksUnderAMixtureAreThoseOfTheExactResidual() {
        let blobs = [Blob(row: 20, col: 20, amplitude: 150, covRR: 5, covRC: 1, covCC: 4),
                     Blob(row: 40, col: 44, amplitude: 90, covRR: 3, covRC: 0, covCC: 6),
                     Blob(row: 30, col: 12, amplitude: 40, covRR: 2, covRC: 0, covCC: 2),
                     Blob(row: 50, col: 30, amplitude: 25, covRR: 3, covRC: -1, covCC: 3)]
        let s = samples(blobs)
        // Only the two bright blobs are explained, one of them imperfectly.
        let model = MixtureModel(components: [component(0.55, 20.5, 19.5, 4.5), component(0.35, 40, 44, 4.5)])
        let logDensity = (0..<s.count).map { i -> Double in
            let terms = model.components.map { $0.logWeightedDensity(row: s.rows[i], col: s.cols[i]) }
            let top = terms.max()!
            return top + log(terms.reduce(0) { $0 + exp($1 - top) })
        }
        for (threshold, minDistance) in [(6.0, 5), (2.0, 3), (0.0, 2), (20.0, 4)] {
            var exact = MixtureDynamics.Window(covering: s)
            for i in 0..<s.count where s.weights[i] > threshold {
                exact.values[(Int(s.rows[i]) - exact.top) * exact.cols + Int(s.cols[i]) - exact.left] =
                    s.weights[i] - s.totalWeight * exp(logDensity[i])
            }
            let expected = Array(MixtureDynamics.PeakStream(exact, width: size, height: size, threshold: threshold,
                                                            minDistance: minDistance))
            let peaks = MixtureDynamics.residualPeaks(s, logDensity: logDensity, width: size, height: size,
                                                      threshold: threshold, minDistance: minDistance)
            XCTAssertEqual(peaks.map { [Double($0.row), Double($0.col), $0.value] },
                           expected.map { [Double($0.row), Double($0.col), $0.value] }, "threshold \(threshold)")
            XCTAssertFalse(peaks.isEmpty, "threshold \(threshold)")
        }
    }

    /// The peaks found one at a time are those of the rule applied to every
    /// pixel at once (a brute-force scan of each window, all maxima sorted,
    /// plateau duplicates dropped), in the same order, on grids with ties,
    /// plateaus, cells near the frame's border, and thresholds from negative up.
    func testPeaksFoundOneAtATimeAreThoseOfTheWholeRule() {
        var random = SeededRandom(seed: 7)
        func bruteForce(_ frame: [Double], width: Int, height: Int, threshold: Double,
                        minDistance d: Int) -> [[Double]] {
            var maxima: [(row: Int, col: Int, value: Double)] = []
            guard height > 2 * d, width > 2 * d else { return [] }
            for row in d..<(height - d) {
                for col in d..<(width - d) where frame[row * width + col] > threshold {
                    let value = frame[row * width + col]
                    var isMaximum = true
                    for r in max(0, row - d)...min(height - 1, row + d) {
                        for c in max(0, col - d)...min(width - 1, col + d) where frame[r * width + c] > value { isMaximum = false }
                    }
                    if isMaximum { maxima.append((row, col, value)) }
                }
            }
            maxima.sort { $0.value != $1.value ? $0.value > $1.value : ($0.row, $0.col) < ($1.row, $1.col) }
            var kept: [(row: Int, col: Int, value: Double)] = []
            for m in maxima where !kept.contains(where: { $0.value == m.value && abs($0.row - m.row) <= d && abs($0.col - m.col) <= d }) {
                kept.append(m)
            }
            return kept.map { [Double($0.row), Double($0.col), $0.value] }
        }
        var compared = 0, found = 0
        for trial in 0..<60 {
            let width = 8 + Int(random.next() % 40), height = 8 + Int(random.next() % 40)
            let d = Int(random.next() % 6)
            // A sub-grid (0 around it, thresholds ≥ 0) or the whole frame (any threshold).
            let whole = trial % 3 == 0
            let top = whole ? 0 : Int(random.next() % UInt64(height / 2)), left = whole ? 0 : Int(random.next() % UInt64(width / 2))
            let rows = whole ? height : 1 + Int(random.next() % UInt64(height - top)), cols = whole ? width : 1 + Int(random.next() % UInt64(width - left))
            // Few distinct values: ties and plateaus are common.
            let levels: [Double] = [-3, 0, 1, 2, 2.5, 4, 7]
            var grid = MixtureDynamics.Window(covering: WeightedSamples(points: [(row: Double(top), col: Double(left), weight: 1),
                                                                               (row: Double(top + rows - 1), col: Double(left + cols - 1), weight: 1)]))
            XCTAssertEqual([grid.top, grid.left, grid.rows, grid.cols], [top, left, rows, cols])
            var frame = [Double](repeating: 0, count: width * height)
            for r in 0..<rows {
                for c in 0..<cols {
                    let value = levels[Int(random.next() % UInt64(levels.count))] * (random.next() % 4 == 0 ? 1.5 : 1)
                    grid.values[r * cols + c] = whole ? value : max(0, value)
                    frame[(top + r) * width + left + c] = grid.values[r * cols + c]
                }
            }
            for threshold in whole ? [-2.0, 0, 1.5, 3] : [0.0, 1.5, 3] {
                let expected = bruteForce(frame, width: width, height: height, threshold: threshold, minDistance: d)
                let stream = MixtureDynamics.PeakStream(grid, width: width, height: height, threshold: threshold, minDistance: d)
                XCTAssertEqual(stream.map { [Double($0.row), Double($0.col), $0.value] }, expected,
                               "trial \(trial): \(width)×\(height), grid at (\(top), \(left)) \(rows)×\(cols), d \(d), threshold \(threshold)")
                // Asked for one at a time, the first peaks are the same.
                var oneByOne = MixtureDynamics.PeakStream(grid, width: width, height: height, threshold: threshold, minDistance: d)
                if let first = oneByOne.next() { XCTAssertEqual([Double(first.row), Double(first.col), first.value], expected.first) }
                compared += 1
                found += expected.count
            }
        }
        XCTAssertEqual(compared, 200)
        XCTAssertGreaterThan(found, 200)
    }

    /// A sample's weight found by its pixel is the one the samples hold there
    /// (the last of several at one pixel), and 0 where there is none.
    func testWeightAtAPixelIsTheSampleThere() {
        let s = samples([Blob(row: 20, col: 20, amplitude: 150, covRR: 30, covRC: 4, covCC: 20)])
        var byPixel: [Int: Double] = [:]
        for i in 0..<s.count { byPixel[Int(s.rows[i]) * 1000 + Int(s.cols[i])] = s.weights[i] }
        XCTAssertGreaterThan(byPixel.count, 200)
        for row in -2..<(size + 2) {
            for col in -2..<(size + 2) {
                XCTAssertEqual(s.weight(row: row, col: col), byPixel[row * 1000 + col] ?? 0, "(\(row), \(col))")
            }
        }
        let points = WeightedSamples(points: [(row: 3, col: 4, weight: 2), (row: 3.5, col: 4.25, weight: 7),
                                              (row: 17, col: 4, weight: 5), (row: 0, col: 0, weight: 0)])
        XCTAssertEqual(points.weight(row: 3, col: 4), 7)
        XCTAssertEqual(points.weight(row: 17, col: 4), 5)
        XCTAssertEqual(points.weight(row: 0, col: 0), 0)
        XCTAssertEqual(points.weight(row: 4, col: 4), 0)
    }

    func testEvaluateIsTheLowerBoundOfTheModelItself() throws {
        let blobs = [Blob(row: 20, col: 20, amplitude: 150, covRR: 5, covRC: 1, covCC: 4),
                     Blob(row: 40, col: 44, amplitude: 90, covRR: 3, covRC: 0, covCC: 6)]
        let s = samples(blobs)
        let model = MixtureModel(components: [component(0.6, 21, 19, 4), component(0.4, 39, 45, 5)])
        let first = try WeightedEM.fit(s, from: model, options: EMOptions(maximumIterations: 1))
        XCTAssertEqual(try WeightedEM.evaluate(s, model: model), first.lowerBound)
    }

    /// Partial EM with every component free over the whole frame is EM itself;
    /// a frozen component keeps its parameters exactly, and the likelihood
    /// returned is the whole mixture's either way.
    func testPartialEMAgreesWithEMAndFreezesTheRest() throws {
        let blobs = [Blob(row: 20, col: 20, amplitude: 150, covRR: 5, covRC: 1, covCC: 4),
                     Blob(row: 40, col: 44, amplitude: 90, covRR: 3, covRC: 0, covCC: 6)]
        let s = samples(blobs)
        let model = MixtureModel(components: [component(0.6, 21, 19, 4), component(0.4, 39, 45, 5)])
        let options = EMOptions(tolerance: 1e-12, maximumIterations: 40)
        let full = try WeightedEM.fit(s, from: model, options: options)
        let everywhere = s.restricted(to: (-1, 100, -1, 100))
        XCTAssertEqual(everywhere.count, s.count)
        let local = try WeightedEM.fitLocal(everywhere, from: model, free: [0, 1], totalWeight: s.totalWeight,
                                            options: options)
        for (a, b) in zip(full.model.components, local.model.components) {
            XCTAssertEqual(a.meanRow, b.meanRow, accuracy: 1e-9)
            XCTAssertEqual(a.meanCol, b.meanCol, accuracy: 1e-9)
            XCTAssertEqual(a.covRR, b.covRR, accuracy: 1e-9)
            XCTAssertEqual(a.weight, b.weight, accuracy: 1e-9)
        }
        XCTAssertEqual(local.logLikelihoodSum / s.totalWeight, try WeightedEM.evaluate(s, model: local.model),
                       accuracy: 1e-12)
        let frozen = try WeightedEM.fitLocal(everywhere, from: model, free: [1], totalWeight: s.totalWeight,
                                             options: options)
        XCTAssertEqual(frozen.model.components[0], model.components[0])
        XCTAssertNotEqual(frozen.model.components[1], model.components[1])
        // The frozen component's log-density is summed once and reused (a base
        // term of each round's E-step): the likelihood is still the whole mixture's.
        XCTAssertEqual(frozen.logLikelihoodSum / s.totalWeight, try WeightedEM.evaluate(s, model: frozen.model),
                       accuracy: 1e-12)
        // A split of component 1 (halved, a child beside it): the likelihood
        // before it, from the fixed component's density and the replaced one,
        // is the original mixture's.
        var halved = model.components[1]
        halved.weight /= 2
        var child = halved
        child.meanRow += 2
        let split = try WeightedEM.fitLocal(everywhere, from: MixtureModel(components: [model.components[0], halved, child]),
                                            free: [1, 2], totalWeight: s.totalWeight, options: options,
                                            replaced: [model.components[1]])
        XCTAssertEqual(try XCTUnwrap(split.before) / s.totalWeight, try WeightedEM.evaluate(s, model: model), accuracy: 1e-12)
        // A birth replaces nothing: before is the fixed components' alone.
        let birth = try WeightedEM.fitLocal(everywhere, from: MixtureModel(components: model.components + [child]),
                                            free: [2], totalWeight: s.totalWeight, options: options, replaced: [])
        XCTAssertEqual(try XCTUnwrap(birth.before) / s.totalWeight, try WeightedEM.evaluate(s, model: model), accuracy: 1e-12)
    }
}
