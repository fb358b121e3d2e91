import PlexusImaging
import PlexusNumerics
import XCTest
@testable import PlexusMixture

final class WeightedSamplesTests: XCTestCase {
    private struct Sample: Hashable { let row: Double, col: Double, weight: Double }

    private func samples(_ s: WeightedSamples) -> [Sample] {
        (0..<s.count).map { Sample(row: s.rows[$0], col: s.cols[$0], weight: s.weights[$0]) }
    }

    private func randomImage(width: Int, height: Int, seed: UInt64) -> Image {
        var generator = SeededRandom(seed: seed)
        // About a third of the pixels are zero.
        return Image(width: width, height: height, pixels: (0..<(width * height)).map { _ in
            Float(max(0, Int.random(in: -10...20, using: &generator)))
        })
    }

    func testSkipsZeroPixelsAndSumsIntensities() {
        let width = 37, height = 21
        let img = randomImage(width: width, height: height, seed: 1)
        let s = WeightedSamples(image: img)
        let expected = (0..<(width * height)).compactMap { i -> Sample? in
            img.pixels[i] > 0 ? Sample(row: Double(i / width), col: Double(i % width), weight: Double(img.pixels[i])) : nil
        }
        XCTAssertGreaterThan(width * height - expected.count, 100, "the image has zero pixels")
        XCTAssertEqual(s.count, expected.count)
        XCTAssertEqual(Set(samples(s)), Set(expected))
        XCTAssertEqual(s.totalWeight, Double(img.pixels.reduce(0, +)))
        XCTAssertTrue(s.weights.allSatisfy { $0 > 0 })
    }

    func testRespectsTheMask() {
        let width = 30, height = 25
        let img = randomImage(width: width, height: height, seed: 2)
        var generator = SeededRandom(seed: 3)
        let mask = (0..<(width * height)).map { _ in Bool.random(using: &generator) }
        let s = WeightedSamples(image: img, mask: mask)
        let expected = (0..<(width * height)).compactMap { i -> Sample? in
            mask[i] && img.pixels[i] > 0
                ? Sample(row: Double(i / width), col: Double(i % width), weight: Double(img.pixels[i])) : nil
        }
        XCTAssertEqual(Set(samples(s)), Set(expected))
        XCTAssertEqual(s.count, expected.count)
        XCTAssertEqual(s.totalWeight, expected.reduce(0) { $0 + $1.weight })
        // An all-false mask leaves nothing.
        let none = WeightedSamples(image: img, mask: [Bool](repeating: false, count: width * height))
        XCTAssertEqual(none.count, 0)
        XCTAssertEqual(none.totalWeight, 0)
        XCTAssertEqual(none.tileCount, 0)
    }

    func testTilesPartitionTheSamples() {
        let width = 37, height = 21
        let s = WeightedSamples(image: randomImage(width: width, height: height, seed: 4))
        let size = Double(WeightedSamples.tileSize)
        XCTAssertEqual(s.tileStart.first, 0)
        XCTAssertEqual(s.tileStart.last, s.count)
        XCTAssertEqual(s.tileStart.count, s.tileCount + 1)
        XCTAssertEqual(s.tileCount, 3 * 2) // ⌈37/16⌉ × ⌈21/16⌉, none empty
        for t in 0..<s.tileCount {
            let range = s.tileStart[t]..<s.tileStart[t + 1]
            XCTAssertFalse(range.isEmpty)
            let (r0, r1, c0, c1) = s.tileBounds[t]
            XCTAssertEqual(r0, range.map { s.rows[$0] }.min())
            XCTAssertEqual(r1, range.map { s.rows[$0] }.max())
            XCTAssertEqual(c0, range.map { s.cols[$0] }.min())
            XCTAssertEqual(c1, range.map { s.cols[$0] }.max())
            // All samples of a tile lie in one 16×16 block.
            XCTAssertEqual((r0 / size).rounded(.down), (r1 / size).rounded(.down))
            XCTAssertEqual((c0 / size).rounded(.down), (c1 / size).rounded(.down))
        }
    }

    func testPoints() {
        let points: [(row: Double, col: Double, weight: Double)] = [
            (1.5, 2.25, 3), (40.0, 3.0, 0), (17.2, 33.1, 2.5), (-3.0, 5.0, 1), (16.0, 16.0, -2), (2.0, 1.0, 4),
        ]
        let s = WeightedSamples(points: points)
        XCTAssertEqual(s.count, 4, "non-positive weights are left out")
        XCTAssertEqual(s.totalWeight, 10.5)
        XCTAssertEqual(Set(samples(s)), Set([Sample(row: 1.5, col: 2.25, weight: 3), Sample(row: 17.2, col: 33.1, weight: 2.5),
                                             Sample(row: -3, col: 5, weight: 1), Sample(row: 2, col: 1, weight: 4)]))
        XCTAssertEqual(s.tileCount, 3)
        XCTAssertEqual(s.tileStart.last, 4)
    }
}
