import PlexusNumerics
import XCTest
@testable import PlexusImaging

/// PeakFinder against scikit-image 0.16's `peak_local_max` (indices=True,
/// exclude_border = min_distance, no labels), the rule the published method used.
final class PeakFinderTests: XCTestCase {
    private func image(width: Int, height: Int, _ values: [(Int, Int, Float)], background: Float = 0) -> Image {
        var image = Image(width: width, height: height, repeating: background)
        for (r, c, v) in values { image[r, c] = v }
        return image
    }

    private func coordinates(_ peaks: [Peak]) -> [[Int]] { peaks.map { [$0.row, $0.col] } }

    /// The 0.16 rule written out the slow way: window maximum with zero padding,
    /// border exclusion, strict threshold, stable sort by descending intensity.
    private func bruteForcePeaks(_ image: Image, minDistance d: Int, threshold: Float) -> [Peak] {
        if Set(image.pixels).count <= 1 { return [] }
        var found: [Peak] = []
        for r in 0..<image.height {
            for c in 0..<image.width {
                if r < d || c < d || r >= image.height - d || c >= image.width - d { continue }
                let value = image[r, c]
                guard value > threshold else { continue }
                var windowMax = -Float.infinity
                for i in (r - d)...(r + d) {
                    for j in (c - d)...(c + d) {
                        let inside = i >= 0 && j >= 0 && i < image.height && j < image.width
                        windowMax = max(windowMax, inside ? image[i, j] : 0)
                    }
                }
                if value == windowMax { found.append(Peak(row: r, col: c, intensity: value)) }
            }
        }
        // Swift's sort is not guaranteed stable: sort by (−intensity, row-major index).
        return found.sorted {
            $0.intensity != $1.intensity ? $0.intensity > $1.intensity
                : ($0.row, $0.col) < ($1.row, $1.col)
        }
    }

    func testSinglePeak() {
        var values: [(Int, Int, Float)] = []
        for r in 8...12 { for c in 10...14 { values.append((r, c, 20)) } }
        values.append((10, 12, 50))
        let peaks = PeakFinder.peaks(in: image(width: 21, height: 21, values), minDistance: 3, thresholdAbs: 6)
        XCTAssertEqual(peaks, [Peak(row: 10, col: 12, intensity: 50)])
    }

    func testEveryPlateauPixelIsAPeak() {
        var values: [(Int, Int, Float)] = []
        for r in 11...13 { for c in 10...12 { values.append((r, c, 40)) } }
        values.append((12, 15, 30)) // lower, within min_distance of the plateau: not a peak
        let peaks = PeakFinder.peaks(in: image(width: 25, height: 25, values), minDistance: 3, thresholdAbs: 6)
        XCTAssertEqual(peaks.count, 9)
        XCTAssertEqual(coordinates(peaks), [[11, 10], [11, 11], [11, 12], [12, 10], [12, 11], [12, 12],
                                            [13, 10], [13, 11], [13, 12]])
        XCTAssertTrue(peaks.allSatisfy { $0.intensity == 40 })
    }

    func testBorderExclusion() {
        let d = 3, width = 20, height = 16
        // Each candidate alone on a zero background: found exactly when it is at
        // least d pixels from every border.
        let cases: [(Int, Int, Bool)] = [
            (2, 10, false), (3, 10, true), (height - d - 1, 10, true), (height - d, 10, false),
            (8, 2, false), (8, 3, true), (8, width - d - 1, true), (8, width - d, false),
            (0, 0, false), (height - 1, width - 1, false),
        ]
        for (r, c, expected) in cases {
            let peaks = PeakFinder.peaks(in: image(width: width, height: height, [(r, c, 50)]),
                                         minDistance: d, thresholdAbs: 6)
            XCTAssertEqual(coordinates(peaks), expected ? [[r, c]] : [], "(\(r), \(c))")
        }
        // A higher pixel in the excluded border still suppresses a peak next to it.
        let shadowed = image(width: width, height: height, [(1, 10, 90), (3, 10, 50)])
        XCTAssertEqual(PeakFinder.peaks(in: shadowed, minDistance: d, thresholdAbs: 6), [])
    }

    func testThresholdIsStrict() {
        let at = PeakFinder.peaks(in: image(width: 15, height: 15, [(7, 7, 6)]), minDistance: 2, thresholdAbs: 6)
        XCTAssertEqual(at, [])
        let above = PeakFinder.peaks(in: image(width: 15, height: 15, [(7, 7, 6.001)]), minDistance: 2, thresholdAbs: 6)
        XCTAssertEqual(coordinates(above), [[7, 7]])
        let integer = PeakFinder.peaks(in: image(width: 15, height: 15, [(7, 7, 7)]), minDistance: 2, thresholdAbs: 6)
        XCTAssertEqual(coordinates(integer), [[7, 7]])
    }

    func testConstantImageHasNoPeaks() {
        for value: Float in [0, 5, 100] {
            XCTAssertEqual(PeakFinder.peaks(in: Image(width: 12, height: 12, repeating: value),
                                            minDistance: 2, thresholdAbs: 6), [], "constant \(value)")
        }
        // …but a single different pixel makes every other pixel above the threshold
        // a plateau peak, as in 0.16 (the whole interior except near the odd one).
        var almost = Image(width: 12, height: 12, repeating: 100)
        almost[0, 0] = 99
        let peaks = PeakFinder.peaks(in: almost, minDistance: 2, thresholdAbs: 6)
        XCTAssertEqual(peaks.count, 8 * 8)
    }

    func testImageSmallerThanTheExcludedBorder() {
        let small = image(width: 6, height: 6, [(3, 3, 50)])
        XCTAssertEqual(PeakFinder.peaks(in: small, minDistance: 3, thresholdAbs: 6), [])
        XCTAssertEqual(coordinates(PeakFinder.peaks(in: small, minDistance: 2, thresholdAbs: 6)), [[3, 3]])
    }

    func testZeroPadding() {
        // Zero padding only shows in the window maximum of pixels near the border,
        // and those are excluded; on negative images the filter itself shows it.
        var negative = Image(width: 7, height: 6, repeating: -3)
        negative[3, 3] = -1
        let filtered = PeakFinder.maximumFilter(negative, radius: 1)
        for r in 0..<6 {
            for c in 0..<7 {
                let touchesBorder = r == 0 || c == 0 || r == 5 || c == 6
                let nearPeak = abs(r - 3) <= 1 && abs(c - 3) <= 1
                let expected: Float = touchesBorder ? 0 : (nearPeak ? -1 : -3)
                XCTAssertEqual(filtered[r * 7 + c], expected, "(\(r), \(c))")
            }
        }
        // Border pixels are never peaks, whatever the padding makes of their window:
        // with a threshold below every value, only the interior −3 plateau
        // (pixels not next to the −1) and the −1 itself are.
        let peaks = PeakFinder.peaks(in: negative, minDistance: 1, thresholdAbs: -10)
        XCTAssertEqual(coordinates(peaks), [[3, 3], [1, 1], [1, 2], [1, 3], [1, 4], [1, 5], [2, 1], [2, 5],
                                            [3, 1], [3, 5], [4, 1], [4, 5]])
        XCTAssertEqual(coordinates(PeakFinder.peaks(in: negative, minDistance: 1, thresholdAbs: -2)), [[3, 3]])
    }

    func testMinDistanceZeroMakesEveryPixelAboveThresholdAPeak() {
        let img = image(width: 5, height: 4, [(0, 0, 10), (1, 2, 7), (3, 4, 6), (2, 1, 8)])
        let peaks = PeakFinder.peaks(in: img, minDistance: 0, thresholdAbs: 6)
        XCTAssertEqual(coordinates(peaks), [[0, 0], [2, 1], [1, 2]])
    }

    func testTwoPeaksCloserThanMinDistance() {
        let d = 3
        // Same row, two apart: only the larger.
        let close = image(width: 25, height: 25, [(10, 10, 50), (10, 12, 40)])
        XCTAssertEqual(coordinates(PeakFinder.peaks(in: close, minDistance: d, thresholdAbs: 6)), [[10, 10]])
        // Diagonal at Chebyshev distance d: still inside the square window.
        let diagonal = image(width: 25, height: 25, [(10, 10, 40), (13, 13, 50)])
        XCTAssertEqual(coordinates(PeakFinder.peaks(in: diagonal, minDistance: d, thresholdAbs: 6)), [[13, 13]])
        // Chebyshev distance d + 1: both.
        let apart = image(width: 25, height: 25, [(10, 10, 50), (10, 14, 40)])
        XCTAssertEqual(coordinates(PeakFinder.peaks(in: apart, minDistance: d, thresholdAbs: 6)), [[10, 10], [10, 14]])
        // Equal values within min_distance: both (no de-duplication).
        let tie = image(width: 25, height: 25, [(10, 10, 50), (11, 12, 50)])
        XCTAssertEqual(coordinates(PeakFinder.peaks(in: tie, minDistance: d, thresholdAbs: 6)), [[10, 10], [11, 12]])
    }

    func testOrderDescendingIntensityTiesInRowMajorOrder() {
        let img = image(width: 30, height: 24, [(5, 20, 30), (5, 5, 50), (15, 5, 30), (15, 20, 50), (10, 12, 40),
                                                (15, 12, 30)])
        let peaks = PeakFinder.peaks(in: img, minDistance: 2, thresholdAbs: 6)
        XCTAssertEqual(coordinates(peaks), [[5, 5], [15, 20], [10, 12], [5, 20], [15, 5], [15, 12]])
        XCTAssertEqual(peaks.map(\.intensity), [50, 50, 40, 30, 30, 30])
    }

    func testMatchesBruteForceOnRandomImages() {
        var generator = SeededRandom(seed: 11)
        for trial in 0..<40 {
            let width = Int.random(in: 5...30, using: &generator)
            let height = Int.random(in: 5...30, using: &generator)
            // Few distinct values: many plateaus and ties.
            let levels = Int.random(in: 2...12, using: &generator)
            let pixels = (0..<(width * height)).map { _ in Float(Int.random(in: 0...levels, using: &generator) * 3) }
            let img = Image(width: width, height: height, pixels: pixels)
            for d in 0...4 {
                let threshold = Float(Int.random(in: 0...20, using: &generator))
                XCTAssertEqual(PeakFinder.peaks(in: img, minDistance: d, thresholdAbs: threshold),
                               bruteForcePeaks(img, minDistance: d, threshold: threshold),
                               "trial \(trial), \(width)×\(height), d = \(d), threshold \(threshold)")
            }
        }
    }

    func testSixteenBitFramesUseTheEightBitScale() {
        // 7·257 is 7 on the 8-bit scale (above 6); 5·257 is 5 (below), though both
        // are far above 6 as raw 16-bit values.
        var samples = [UInt16](repeating: 0, count: 20 * 20)
        samples[5 * 20 + 5] = 7 * 257
        samples[14 * 20 + 14] = 5 * 257
        samples[5 * 20 + 14] = 65535
        let frame = RawFrame(width: 20, height: 20, bitDepth: 16, samples: samples)
        XCTAssertEqual(frame.maximumValue, 65535)
        let scaled = frame.eightBitScaled()
        XCTAssertEqual(Double(scaled[5, 5]), 7, accuracy: 1e-5)
        XCTAssertEqual(Double(scaled[14, 14]), 5, accuracy: 1e-5)
        XCTAssertEqual(Double(scaled[5, 14]), 255, accuracy: 1e-4)
        let peaks = PeakFinder.peaks(in: scaled, minDistance: 3, thresholdAbs: 6)
        XCTAssertEqual(coordinates(peaks), [[5, 14], [5, 5]])

        // 8-bit frames are not rescaled at all.
        let eight = RawFrame(width: 3, height: 1, bitDepth: 8, samples: [0, 6, 255])
        XCTAssertEqual(eight.eightBitScaled().pixels, [0, 6, 255])
    }
}
