import PlexusNumerics
import XCTest

/// The scans of a mask (area, emptiness, bounds) against counting pixel by
/// pixel, with and without a known extent, and the extent forgotten when the
/// pixels change.
final class BinaryImageTests: XCTestCase {
    private func slowBounds(_ image: BinaryImage) -> BinaryImage.Rectangle? {
        var top = Int.max, bottom = -1, left = Int.max, right = -1
        for r in 0..<image.height { for c in 0..<image.width where image[r, c] {
            top = min(top, r); bottom = max(bottom, r); left = min(left, c); right = max(right, c)
        } }
        return bottom < 0 ? nil : BinaryImage.Rectangle(top: top, left: left, bottom: bottom + 1, right: right + 1)
    }

    func testScansAgreeWithCountingWithAndWithoutAnExtent() {
        var random = SeededRandom(seed: 3)
        for (width, height) in [(1, 1), (9, 1), (1, 9), (37, 23), (64, 64)] {
            for density in [0.0, 0.01, 0.2, 1.0] {
                // Pixels only inside a random rectangle, which is then the extent.
                let top = Int(random.unit() * Double(height)), left = Int(random.unit() * Double(width))
                let bottom = top + 1 + Int(random.unit() * Double(height - top))
                let right = left + 1 + Int(random.unit() * Double(width - left))
                let extent = BinaryImage.Rectangle(top: top, left: left, bottom: min(bottom, height), right: min(right, width))
                var pixels = [Bool](repeating: false, count: width * height)
                for r in extent.top..<extent.bottom { for c in extent.left..<extent.right {
                    pixels[r * width + c] = random.unit() < density
                } }
                let plain = BinaryImage(width: width, height: height, pixels: pixels)
                let hinted = BinaryImage(width: width, height: height, pixels: pixels, extent: extent)
                let expected = slowBounds(plain)
                let count = pixels.filter { $0 }.count
                for image in [plain, hinted] {
                    XCTAssertEqual(image.bounds, expected, "\(width)×\(height), density \(density)")
                    XCTAssertEqual(image.area, count)
                    XCTAssertEqual(image.isEmpty, count == 0)
                }
            }
        }
    }

    func testChangingPixelsForgetsTheExtent() {
        var image = BinaryImage(width: 8, height: 8, pixels: [Bool](repeating: false, count: 64),
                                extent: BinaryImage.Rectangle(top: 0, left: 0, bottom: 2, right: 2))
        XCTAssertNotNil(image.extent)
        image[7, 7] = true
        XCTAssertNil(image.extent)
        XCTAssertEqual(image.bounds, BinaryImage.Rectangle(top: 7, left: 7, bottom: 8, right: 8))
        XCTAssertEqual(image.area, 1)
        // Through the pixel array, and through an optional, as cell detection writes masks.
        var masks: [BinaryImage?] = [BinaryImage(width: 8, height: 8, pixels: [Bool](repeating: false, count: 64),
                                                 extent: BinaryImage.Rectangle(top: 0, left: 0, bottom: 1, right: 1))]
        masks[0]?.pixels[63] = true
        XCTAssertNil(masks[0]?.extent)
        XCTAssertEqual(masks[0]?.bounds, BinaryImage.Rectangle(top: 7, left: 7, bottom: 8, right: 8))
    }

    /// Equality is size and pixels: what is known of the extent does not count.
    func testEqualityIgnoresTheExtent() {
        var pixels = [Bool](repeating: false, count: 16)
        pixels[5] = true
        let plain = BinaryImage(width: 4, height: 4, pixels: pixels)
        let hinted = BinaryImage(width: 4, height: 4, pixels: pixels,
                                 extent: BinaryImage.Rectangle(top: 1, left: 1, bottom: 2, right: 2))
        XCTAssertEqual(plain, hinted)
        XCTAssertNotEqual(plain, BinaryImage(width: 4, height: 4))
    }
}
