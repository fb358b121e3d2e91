import PlexusImaging
import XCTest
@testable import PlexusMixture

final class PeakInitializationTests: XCTestCase {
    func testWeightsMeansAndCovariances() {
        var img = Image(width: 10, height: 8)
        // Around (3, 4): a 3×3 window of 1…9 (variance 60/9); around (5, 7): flat.
        var v: Float = 1
        for r in 2...4 { for c in 3...5 { img[r, c] = v; v += 1 } }
        for r in 4...6 { for c in 6...8 { img[r, c] = 12 } }
        let peaks = [Peak(row: 5, col: 7, intensity: 12), Peak(row: 3, col: 4, intensity: 5)]
        let model = PeakInitialization.model(peaks: peaks, image: img)
        XCTAssertEqual(model.count, 2)
        let (flat, ramp) = (model.components[0], model.components[1])
        XCTAssertEqual(flat.weight, 12.0 / 17, accuracy: 1e-15)
        XCTAssertEqual(ramp.weight, 5.0 / 17, accuracy: 1e-15)
        XCTAssertEqual([flat.meanRow, flat.meanCol, ramp.meanRow, ramp.meanCol], [5, 7, 3, 4])
        // np.var (population variance) of 1…9 is 60/9.
        XCTAssertEqual(ramp.covRR, 60.0 / 9, accuracy: 1e-12)
        XCTAssertEqual(ramp.covCC, 60.0 / 9, accuracy: 1e-12)
        XCTAssertEqual(ramp.covRC, 0)
        // A flat plateau has zero variance: floored.
        XCTAssertEqual(flat.covRR, PeakInitialization.minimumVariance)
        XCTAssertEqual(flat.covCC, PeakInitialization.minimumVariance)
    }

    func testVarianceFloorRule() {
        typealias Floor = PeakInitialization.VarianceFloor
        XCTAssertEqual(Floor.standard, .minimum(PeakInitialization.minimumVariance))
        XCTAssertEqual(PeakInitialization.minimumVariance, 1)
        // Zero (a flat plateau) becomes 1 px² under both.
        XCTAssertEqual(Floor.published.apply(to: 0), 1)
        XCTAssertEqual(Floor.standard.apply(to: 0), 1)
        // A small positive variance is kept as published, floored by default.
        XCTAssertEqual(Floor.published.apply(to: 0.25), 0.25)
        XCTAssertEqual(Floor.standard.apply(to: 0.25), 1)
        XCTAssertEqual(Floor.published.apply(to: 1e-9), 1e-9)
        XCTAssertEqual(Floor.minimum(2).apply(to: 1.5), 2)
        // Above the floor both keep it.
        XCTAssertEqual(Floor.published.apply(to: 6.5), 6.5)
        XCTAssertEqual(Floor.standard.apply(to: 6.5), 6.5)
    }

    func testPublishedFloorKeepsASubPixelVariance() {
        // A 2×2 plateau of 10s in a ring of 9s: the window around (3, 3) holds four 10s
        // and five 9s, np.var = 20/81 ≈ 0.247 px². Elsewhere a flat plateau: zero.
        var img = Image(width: 12, height: 8)
        for r in 2...5 { for c in 2...5 { img[r, c] = 9 } }
        for r in 3...4 { for c in 3...4 { img[r, c] = 10 } }
        for r in 2...4 { for c in 8...10 { img[r, c] = 7 } }
        let peaks = [Peak(row: 3, col: 3, intensity: 10), Peak(row: 3, col: 9, intensity: 7)]
        let published = PeakInitialization.model(peaks: peaks, image: img, varianceFloor: .published)
        XCTAssertEqual(published.components[0].covRR, 20.0 / 81, accuracy: 1e-15)
        XCTAssertEqual(published.components[0].covCC, 20.0 / 81, accuracy: 1e-15)
        XCTAssertEqual(published.components[0].covRC, 0)
        XCTAssertEqual(published.components[1].covRR, 1)
        XCTAssertEqual(published.components[1].covCC, 1)
        // The default call floors both at 1 px²; weights and means do not depend on the floor.
        let floored = PeakInitialization.model(peaks: peaks, image: img)
        XCTAssertEqual(floored, PeakInitialization.model(peaks: peaks, image: img, varianceFloor: .standard))
        XCTAssertEqual(floored.components.map(\.covRR), [1, 1])
        XCTAssertEqual(floored.components.map(\.covCC), [1, 1])
        XCTAssertEqual(floored.components.map(\.weight), published.components.map(\.weight))
        XCTAssertEqual(floored.components.map(\.meanRow), published.components.map(\.meanRow))
        XCTAssertEqual(floored.components.map(\.meanCol), published.components.map(\.meanCol))
    }

    func testWindowIsClippedAtTheImageEdge() {
        // np.var of the clipped 2×2 corner window [[0, 8], [8, 8]]: mean 6, variance 12.
        var img = Image(width: 5, height: 5)
        img[0, 1] = 8; img[1, 0] = 8; img[1, 1] = 8
        let model = PeakInitialization.model(peaks: [Peak(row: 0, col: 0, intensity: 0.5)], image: img)
        XCTAssertEqual(model.components[0].covRR, 12, accuracy: 1e-12)
        XCTAssertEqual(model.components[0].weight, 1)
    }
}
