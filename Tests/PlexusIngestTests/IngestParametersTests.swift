import Foundation
import PlexusTestSupport
import XCTest
@testable import PlexusIngest

final class IngestParametersTests: XCTestCase {
    func testJSONIsCanonical() throws {
        let a = IngestParameters()
        let b = IngestParameters(preset: .default, every: 1, smoothSigma: 1.0, minDistance: 10, thresholdAbs: 6)
        XCTAssertEqual(a.json, b.json)
        XCTAssertEqual(a.sha256, b.sha256)
        XCTAssertEqual(a.sha256.count, 64)
        XCTAssertEqual(a.sha256, SHA256.hexDigest(of: a.json))

        // Keys are sorted, so the text does not depend on declaration or encoding order.
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(a.json.utf8)) as? [String: Any])
        let keys = ["affinity", "auto_cell_sigma", "auto_cells", "components", "death_mass", "edge_min", "every", "mask_dilate", "mask_open", "mask_search",
                    "max_components", "max_iter", "merge_overlap", "min_cell_area", "min_distance", "morphology", "preset", "reg_covar", "smooth_sigma", "split_dynamic",
                    "threshold", "threshold_abs", "tol"]
        XCTAssertEqual(object.keys.sorted(), keys)
        let positions = keys.map { a.json.range(of: "\"\($0)\"")!.lowerBound }
        XCTAssertEqual(positions, positions.sorted())
        XCTAssertEqual(try JSONDecoder().decode(IngestParameters.self, from: Data(a.json.utf8)), a)

        // Every parameter changes the hash.
        let variants = [
            IngestParameters(preset: .ornet, smoothSigma: 1.0), IngestParameters(every: 2),
            IngestParameters(maxFrames: 5), IngestParameters(smoothSigma: 1.5), IngestParameters(minDistance: 9),
            IngestParameters(thresholdAbs: 7), IngestParameters(tolerance: 1e-4),
            IngestParameters(covarianceRegularization: 1e-5), IngestParameters(maxIterations: 99),
            IngestParameters(channel: 0), IngestParameters(maxComponents: 999),
            IngestParameters(affinity: .kl), IngestParameters(edgeMinimum: 1e-6), IngestParameters(threshold: .isodata), IngestParameters(morphology: false),
            IngestParameters(autoCells: true), IngestParameters(autoCellSigma: 3), IngestParameters(minCellArea: 999),
            IngestParameters(maskSearch: 4), IngestParameters(maskOpen: 1), IngestParameters(maskDilate: 12),
        ]
        let hashes = Set(([a] + variants).map(\.sha256))
        XCTAssertEqual(hashes.count, variants.count + 1)
        for variant in variants {
            XCTAssertEqual(try JSONDecoder().decode(IngestParameters.self, from: Data(variant.json.utf8)), variant)
        }
    }

    func testPresets() {
        XCTAssertEqual(IngestParameters().smoothSigma, 1.0)
        XCTAssertEqual(IngestParameters(preset: .ornet).smoothSigma, 0)
        XCTAssertEqual(IngestParameters(preset: .ornet, smoothSigma: 2).smoothSigma, 2)
        XCTAssertEqual(IngestParameters(smoothSigma: 0).smoothSigma, 0)
        XCTAssertNoThrow(try IngestParameters().validate())
        XCTAssertNoThrow(try IngestParameters(preset: .ornet).validate())
        XCTAssertNoThrow(try IngestParameters(maxFrames: 1, smoothSigma: 0, thresholdAbs: 0, covarianceRegularization: 1e-12,
                                              channel: 0, maxComponents: 1).validate())
    }

    func testValidateNamesTheOption() {
        let cases: [(IngestParameters, String)] = [
            (IngestParameters(every: 0), "--every"),
            (IngestParameters(every: -3), "--every"),
            (IngestParameters(maxFrames: 0), "--max-frames"),
            (IngestParameters(smoothSigma: -1), "--smooth-sigma"),
            (IngestParameters(smoothSigma: .nan), "--smooth-sigma"),
            (IngestParameters(smoothSigma: .infinity), "--smooth-sigma"),
            (IngestParameters(minDistance: 0), "--min-distance"),
            (IngestParameters(thresholdAbs: -0.5), "--threshold-abs"),
            (IngestParameters(thresholdAbs: .nan), "--threshold-abs"),
            (IngestParameters(tolerance: 0), "--tol"),
            (IngestParameters(tolerance: -1e-3), "--tol"),
            (IngestParameters(tolerance: .nan), "--tol"),
            (IngestParameters(covarianceRegularization: -1e-6), "--reg-covar"),
            (IngestParameters(covarianceRegularization: .infinity), "--reg-covar"),
            (IngestParameters(covarianceRegularization: 0), "--reg-covar"),
            (IngestParameters(smoothSigma: 1e9), "--smooth-sigma"),
            (IngestParameters(smoothSigma: 100.5), "--smooth-sigma"),
            (IngestParameters(autoCellSigma: 1e9), "--auto-cell-sigma"),
            (IngestParameters(maxIterations: 0), "--max-iter"),
            (IngestParameters(channel: -1), "--channel"),
            (IngestParameters(maxComponents: 0), "--max-components"),
            (IngestParameters(edgeMinimum: -1e-3), "--edge-min"),
            (IngestParameters(edgeMinimum: 1), "--edge-min"),
            (IngestParameters(edgeMinimum: .nan), "--edge-min"),
            (IngestParameters(autoCellSigma: 0), "--auto-cell-sigma"),
            (IngestParameters(autoCellSigma: .nan), "--auto-cell-sigma"),
            (IngestParameters(minCellArea: 0), "--min-cell-area"),
            (IngestParameters(maskSearch: -1), "--mask-search"),
            (IngestParameters(maskOpen: 201), "--mask-open"),
            (IngestParameters(maskDilate: -2), "--mask-dilate"),
        ]
        for (parameters, option) in cases {
            let error = assertThrows(IngestError.self) { try parameters.validate() }
            XCTAssertTrue(error?.message.hasPrefix(option + " ") ?? false,
                          "\(option): \(error?.message ?? "nothing thrown")")
        }
    }

    func testFrameIndices() {
        XCTAssertEqual(IngestParameters().frameIndices(pageCount: 5), [0, 1, 2, 3, 4])
        XCTAssertEqual(IngestParameters(every: 3).frameIndices(pageCount: 10), [0, 3, 6, 9])
        XCTAssertEqual(IngestParameters(every: 3).frameIndices(pageCount: 9), [0, 3, 6])
        XCTAssertEqual(IngestParameters(every: 2, maxFrames: 3).frameIndices(pageCount: 100), [0, 2, 4])
        XCTAssertEqual(IngestParameters(maxFrames: 10).frameIndices(pageCount: 4), [0, 1, 2, 3])
        XCTAssertEqual(IngestParameters(every: 50).frameIndices(pageCount: 7), [0])
        XCTAssertEqual(IngestParameters().frameIndices(pageCount: 1), [0])
        XCTAssertEqual(IngestParameters(every: 2).frameIndices(pageCount: 0), [])
    }
}
