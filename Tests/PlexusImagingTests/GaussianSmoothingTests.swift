import Foundation
import PlexusNumerics
import XCTest
@testable import PlexusImaging

/// GaussianSmoothing against SciPy's `ndimage.gaussian_filter` conventions:
/// radius Int(4σ + 0.5), normalised exp(−x²/2σ²) weights, "reflect" borders.
final class GaussianSmoothingTests: XCTestCase {
    /// The kernel computed here in Double, independently of the implementation.
    private func referenceKernel(sigma: Double) -> [Double] {
        let radius = Int(4 * sigma + 0.5)
        let raw = (-radius...radius).map { x in exp(-Double(x) * Double(x) / (2 * sigma * sigma)) }
        let total = raw.reduce(0, +)
        return raw.map { $0 / total }
    }

    /// SciPy's "reflect" (d c b a | a b c d | d c b a) as a period-2n mapping.
    private func reflect(_ i: Int, _ n: Int) -> Int {
        let period = 2 * n
        let j = ((i % period) + period) % period
        return j < n ? j : period - 1 - j
    }

    /// Direct 2-D convolution with the outer-product kernel, in Double.
    private func naiveSmooth(_ image: Image, sigma: Double) -> [Double] {
        let k = referenceKernel(sigma: sigma)
        let radius = k.count / 2
        var out = [Double](repeating: 0, count: image.width * image.height)
        for r in 0..<image.height {
            for c in 0..<image.width {
                var sum = 0.0
                for i in -radius...radius {
                    for j in -radius...radius {
                        let value = Double(image[reflect(r + i, image.height), reflect(c + j, image.width)])
                        sum += k[i + radius] * k[j + radius] * value
                    }
                }
                out[r * image.width + c] = sum
            }
        }
        return out
    }

    private func randomImage(width: Int, height: Int, seed: UInt64) -> Image {
        var generator = SeededRandom(seed: seed)
        return Image(width: width, height: height,
                     pixels: (0..<(width * height)).map { _ in Float(Int.random(in: 0...255, using: &generator)) })
    }

    func testKernel() {
        for sigma in [0.3, 0.5, 1.0, 1.7, 2.5, 4.0] {
            let kernel = GaussianSmoothing.kernel(sigma: sigma)
            let reference = referenceKernel(sigma: sigma)
            XCTAssertEqual(kernel.count, 2 * Int(4 * sigma + 0.5) + 1, "σ = \(sigma)")
            XCTAssertEqual(kernel.count % 2, 1)
            XCTAssertEqual(Double(kernel.reduce(0, +)), 1, accuracy: 1e-6, "σ = \(sigma)")
            for (a, b) in zip(kernel, reference) {
                XCTAssertEqual(Double(a), b, accuracy: 1e-7 * max(b, 1e-3), "σ = \(sigma)")
            }
            for i in 0..<kernel.count { XCTAssertEqual(kernel[i], kernel[kernel.count - 1 - i]) }
            // Largest in the middle, decreasing outwards.
            for i in 1...(kernel.count / 2) { XCTAssertLessThan(kernel[i - 1], kernel[i]) }
        }
        // σ = 1: radius 4, the centre weight is 1/Σ exp(−x²/2) = 0.39894…
        XCTAssertEqual(GaussianSmoothing.kernel(sigma: 1).count, 9)
        XCTAssertEqual(Double(GaussianSmoothing.kernel(sigma: 1)[4]), 0.3989434693, accuracy: 1e-7)
    }

    func testConstantImageStaysConstant() {
        // Includes kernels wider than the image (repeated reflection).
        for (width, height) in [(20, 13), (5, 3), (1, 1), (1, 7)] {
            for sigma in [0.8, 1.5, 3.0] {
                let image = Image(width: width, height: height, repeating: 37.5)
                let smoothed = GaussianSmoothing.smooth(image, sigma: sigma)
                XCTAssertEqual(smoothed.width, width)
                XCTAssertEqual(smoothed.height, height)
                for value in smoothed.pixels {
                    XCTAssertEqual(Double(value), 37.5, accuracy: 37.5 * 1e-6, "\(width)×\(height), σ = \(sigma)")
                }
            }
        }
    }

    func testImpulseGivesTheOuterProductOfTheKernel() {
        let size = 31, centre = 15
        for sigma in [1.0, 2.0, 3.0] {
            var image = Image(width: size, height: size)
            image[centre, centre] = 1
            let smoothed = GaussianSmoothing.smooth(image, sigma: sigma)
            let k = referenceKernel(sigma: sigma)
            let radius = k.count / 2
            XCTAssertLessThanOrEqual(centre + radius, size - 1, "the kernel must not reach the border")
            for r in 0..<size {
                for c in 0..<size {
                    let dr = r - centre, dc = c - centre
                    let expected = abs(dr) <= radius && abs(dc) <= radius ? k[dr + radius] * k[dc + radius] : 0
                    // Two Float kernel weights multiplied: a few parts in 10⁷.
                    XCTAssertEqual(Double(smoothed[r, c]), expected, accuracy: 3e-7 * max(expected, 1e-3),
                                   "(\(r), \(c)), σ = \(sigma)")
                }
            }
        }
    }

    func testSigmaZeroReturnsTheImageUnchanged() {
        let image = randomImage(width: 11, height: 9, seed: 1)
        XCTAssertEqual(GaussianSmoothing.smooth(image, sigma: 0), image)
        XCTAssertEqual(GaussianSmoothing.smooth(image, sigma: -1), image)
    }

    func testMatchesNaiveConvolutionWithReflectBorders() {
        let image = randomImage(width: 23, height: 19, seed: 2)
        // σ = 6 has radius 24: wider than the image, reflected more than once.
        for sigma in [0.5, 1.0, 2.0, 6.0] {
            let smoothed = GaussianSmoothing.smooth(image, sigma: sigma)
            let expected = naiveSmooth(image, sigma: sigma)
            for i in expected.indices {
                XCTAssertEqual(Double(smoothed.pixels[i]), expected[i], accuracy: 2e-4 + 1e-6 * expected[i],
                               "pixel \(i), σ = \(sigma)")
            }
        }
        // Non-square in the other direction, and a single row.
        for (width, height) in [(7, 16), (12, 1)] {
            let other = randomImage(width: width, height: height, seed: 3)
            let smoothed = GaussianSmoothing.smooth(other, sigma: 1.3)
            let expected = naiveSmooth(other, sigma: 1.3)
            for i in expected.indices {
                XCTAssertEqual(Double(smoothed.pixels[i]), expected[i], accuracy: 2e-4, "\(width)×\(height)")
            }
        }
    }

    func testMatchesSciPy() {
        // scipy.ndimage.gaussian_filter(img, sigma, mode='reflect', truncate=4.0),
        // SciPy 1.17.1, float64, on this 5×4 image.
        let image = Image(width: 4, height: 5, pixels: [0, 3, 7, 1, 2, 9, 4, 0, 5, 1, 8, 6, 0, 0, 2, 3, 4, 6, 1, 0])
        let scipy: [Double: [Double]] = [
            1.0: [2.305715551426175, 3.6834796735739133, 3.9540298639746387, 2.739037951233242,
                  3.065620064532485, 4.034482540993828, 4.157370845238826, 3.2110285951460895,
                  2.9707066979177776, 3.4787012443283416, 3.9128822390610125, 3.7439904903353174,
                  2.553483870968943, 2.708290324652514, 2.871547872918284, 2.841337941817242,
                  3.1101277563518925, 2.928256051183833, 2.183248101713996, 1.5466623226316534],
            0.7: [1.3507899380476494, 3.8519896707749393, 4.688079276648089, 2.055961399517777,
                  3.0185898323356275, 5.007098650742047, 4.671082400114366, 2.3737296395488126,
                  3.1530989135329213, 3.3817577985237834, 4.760831254763923, 4.422124782634113,
                  1.8476349135947174, 1.9638802498450438, 2.706812372703344, 2.949319209925871,
                  3.4564285552603655, 3.6042268214949127, 1.8703207266850477, 0.8662435933066581],
        ]
        for (sigma, expected) in scipy {
            let smoothed = GaussianSmoothing.smooth(image, sigma: sigma)
            for i in expected.indices {
                XCTAssertEqual(Double(smoothed.pixels[i]), expected[i], accuracy: 1e-5, "pixel \(i), σ = \(sigma)")
            }
        }
    }

    func testSmoothingPreservesTotalIntensityAwayFromBorders() {
        // A blob far from the borders keeps its total (the kernel sums to 1).
        var image = Image(width: 40, height: 40)
        image[20, 20] = 100
        image[21, 19] = 50
        let smoothed = GaussianSmoothing.smooth(image, sigma: 2)
        XCTAssertEqual(Double(smoothed.pixels.reduce(0, +)), 150, accuracy: 1e-3)
    }
}
