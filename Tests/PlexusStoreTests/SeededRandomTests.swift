import PlexusNumerics
import PlexusStore
import XCTest

final class SeededRandomTests: XCTestCase {
    func testIndexIsUniformAndReproducible() {
        var a = SeededRandom(seed: 7), b = SeededRandom(seed: 7)
        var counts = [Int](repeating: 0, count: 6)
        for _ in 0..<60_000 {
            let i = a.index(below: 6)
            XCTAssertEqual(i, b.index(below: 6))
            counts[i] += 1
        }
        // Each count is Binomial(60000, 1/6): sd ≈ 91; 5 sd either side.
        for count in counts { XCTAssertEqual(Double(count), 10_000, accuracy: 460) }
    }

    func testShuffleIsAPermutation() {
        var random = SeededRandom(seed: 3)
        let shuffled = random.shuffled(Array(0..<100))
        XCTAssertEqual(shuffled.sorted(), Array(0..<100))
        XCTAssertNotEqual(shuffled, Array(0..<100))
    }
}
