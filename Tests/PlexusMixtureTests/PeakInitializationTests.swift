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

    func testWindowIsClippedAtTheImageEdge() {
        // np.var of the clipped 2×2 corner window [[0, 8], [8, 8]]: mean 6, variance 12.
        var img = Image(width: 5, height: 5)
        img[0, 1] = 8; img[1, 0] = 8; img[1, 1] = 8
        let model = PeakInitialization.model(peaks: [Peak(row: 0, col: 0, intensity: 0.5)], image: img)
        XCTAssertEqual(model.components[0].covRR, 12, accuracy: 1e-12)
        XCTAssertEqual(model.components[0].weight, 1)
    }
}
