import Foundation
import PlexusNumerics
import XCTest
@testable import PlexusImaging

/// Thresholds, object measures, thinning and equalisation against scikit-image,
/// scikit-learn and ImageJ's "Default" definition, on the images written by
/// Benchmarks/morphology_fixtures.py.
final class MorphologyAgreementTests: XCTestCase {
    struct Reference: Decodable {
        let generator: String
        let width: Int
        let height: Int
        let scale: Double
        let mask: String
        let images: [Case]
    }

    struct Case: Decodable {
        let name: String
        let pixels: [Int]
        let whole: Thresholds
        let masked: Thresholds
        let shapes: Shapes?
        let equalized_samples: Samples?
    }

    struct Thresholds: Decodable {
        let otsu: Double
        let li: Double
        let triangle: Double
        let imagej_default_level: Int
        let kmeans: Double
    }

    struct Shapes: Decodable {
        let foreground: String
        let objects: [Object]
        let thin: String
        let thin_count: Int
        let skeletonize_count: Int
    }

    struct Object: Decodable {
        let area: Int
        let perimeter: Double
        let eccentricity: Double
    }

    struct Samples: Decodable {
        let index: [Int]
        let value: [Double]
    }

    static let reference: Reference? = {
        guard let url = Bundle.module.url(forResource: "morphology", withExtension: "json", subdirectory: "Fixtures"),
              let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(Reference.self, from: data)
    }()

    private func load() throws -> Reference {
        let reference = try XCTUnwrap(Self.reference, "missing Fixtures/morphology.json: run Benchmarks/morphology_fixtures.py")
        XCTAssertEqual(reference.generator, "Benchmarks/morphology_fixtures.py")
        XCTAssertEqual(Set(reference.images.map(\.name)), ["blobs", "tubules", "integers", "skewed", "hela"])
        return reference
    }

    private func image(_ item: Case, _ reference: Reference) -> Image {
        Image(width: reference.width, height: reference.height,
              pixels: item.pixels.map { Float(Double($0) / reference.scale) })
    }

    private func bits(_ text: String, _ reference: Reference) -> BinaryImage {
        BinaryImage(width: reference.width, height: reference.height, pixels: text.map { $0 == "1" })
    }

    /// Otsu and triangle pick a bin centre computed as numpy computes it: equal
    /// to the last bit. Li iterates to the same fixed point; its sums run in a
    /// different order (prefix sums of sorted values against numpy's pairwise
    /// sums), so it agrees to about 1e-12 — 1e-9 is allowed. k-means agrees with
    /// scikit-learn to the same order. ImageJ's level L is exact; the threshold
    /// reported is L + 0.5 (foreground = 8-bit values L+1…255).
    func testThresholdsAgreeWithScikitImageScikitLearnAndImageJ() throws {
        let reference = try load()
        let mask = bits(reference.mask, reference).pixels
        var worstLi = 0.0, worstKMeans = 0.0
        for item in reference.images {
            let picture = image(item, reference)
            for (expected, area) in [(item.whole, nil as [Bool]?), (item.masked, mask)] {
                let label = "\(item.name) \(area == nil ? "whole" : "masked")"
                XCTAssertEqual(picture.threshold(.otsu, mask: area), expected.otsu, "otsu \(label)")
                XCTAssertEqual(picture.threshold(.triangle, mask: area), expected.triangle, "triangle \(label)")
                XCTAssertEqual(picture.threshold(.isodata, mask: area), Double(expected.imagej_default_level) + 0.5,
                               "isodata \(label)")
                let li = try XCTUnwrap(picture.threshold(.li, mask: area))
                XCTAssertEqual(li, expected.li, accuracy: 1e-9, "li \(label)")
                let kMeans = try XCTUnwrap(picture.threshold(.kmeans, mask: area))
                XCTAssertEqual(kMeans, expected.kmeans, accuracy: 1e-9, "kmeans \(label)")
                worstLi = max(worstLi, abs(li - expected.li))
                worstKMeans = max(worstKMeans, abs(kMeans - expected.kmeans))
            }
        }
        print("largest differences: li \(worstLi), kmeans \(worstKMeans)")
    }

    /// Areas are counts: exact. Perimeters are sums of the same weights in a
    /// different order, eccentricities the same moments through a closed-form
    /// eigenvalue instead of LAPACK: 1e-9.
    func testObjectMeasuresAgreeWithRegionprops() throws {
        let reference = try load()
        var objects = 0, worstPerimeter = 0.0, worstEccentricity = 0.0
        for item in reference.images {
            guard let shapes = item.shapes else { continue }
            let picture = image(item, reference)
            let foreground = picture.foreground(above: try XCTUnwrap(picture.threshold(.otsu)))
            XCTAssertEqual(foreground, bits(shapes.foreground, reference), "\(item.name): image > otsu")
            let measured = ObjectShape.shapes(of: ConnectedComponents(foreground))
            XCTAssertEqual(measured.count, shapes.objects.count, "\(item.name): label count")
            for (ours, theirs) in zip(measured, shapes.objects) {
                XCTAssertEqual(ours.areaPx, theirs.area, item.name)
                XCTAssertEqual(ours.perimeterPx, theirs.perimeter, accuracy: 1e-9, item.name)
                XCTAssertEqual(ours.eccentricity, theirs.eccentricity, accuracy: 1e-9, item.name)
                worstPerimeter = max(worstPerimeter, abs(ours.perimeterPx - theirs.perimeter))
                worstEccentricity = max(worstEccentricity, abs(ours.eccentricity - theirs.eccentricity))
            }
            objects += measured.count
        }
        XCTAssertGreaterThanOrEqual(objects, 25)
        print("\(objects) objects; largest differences: perimeter \(worstPerimeter), eccentricity \(worstEccentricity)")
    }

    /// Guo–Hall thinning gives scikit-image's `thin` pixel for pixel. Its
    /// `skeletonize` (a different thinning) keeps a few more pixels at ends and
    /// corners: the counts are within 10%.
    func testThinningAgreesWithScikitImage() throws {
        let reference = try load()
        for item in reference.images {
            guard let shapes = item.shapes else { continue }
            let thinned = Thinning.guoHall(bits(shapes.foreground, reference))
            XCTAssertEqual(thinned.area, shapes.thin_count, item.name)
            XCTAssertEqual(thinned, bits(shapes.thin, reference), item.name)
            let ratio = Double(shapes.thin_count) / Double(shapes.skeletonize_count)
            XCTAssertEqual(ratio, 1, accuracy: 0.1, "\(item.name): thin \(shapes.thin_count), skeletonize \(shapes.skeletonize_count)")
        }
    }

    /// equalize_hist returns float64; ours is Float on the 8-bit scale, so 1e-4.
    func testEqualizationAgreesWithScikitImage() throws {
        let reference = try load()
        let item = try XCTUnwrap(reference.images.first { $0.equalized_samples != nil })
        let samples = try XCTUnwrap(item.equalized_samples)
        let equalized = image(item, reference).equalized(mask: bits(reference.mask, reference).pixels)
        for (index, value) in zip(samples.index, samples.value) {
            XCTAssertEqual(Double(equalized.pixels[index]), value, accuracy: 1e-4, "pixel \(index)")
        }
    }
}
