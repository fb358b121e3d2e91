import Foundation
import XCTest
@testable import PlexusAnalytics

/// `Analytics.KMeans` and its silhouette against scikit-learn's `KMeans` and
/// `silhouette_score` (Benchmarks/phenotype_fixtures.py, "clustering").
final class KMeansAgreementTests: XCTestCase {
    struct Reference: Decodable {
        struct Run: Decodable {
            let k: Int
            let labels: [Int]
            let inertia: Double
            let silhouette: Double
        }
        struct Clustering: Decodable {
            let X: [[Double]]
            let runs: [Run]
        }
        let clustering: Clustering
    }

    func testClusteringsAndSilhouettesMatchScikitLearn() throws {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "phenotypes", withExtension: "json", subdirectory: "Fixtures"))
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url)).clustering
        for run in reference.runs {
            // The silhouette of scikit-learn's own labelling.
            let silhouette = try XCTUnwrap(Analytics.KMeans.silhouette(points: reference.X, assignments: run.labels))
            XCTAssertEqual(silhouette, run.silhouette, accuracy: 1e-12, "k = \(run.k)")
            let ours = Analytics.KMeans(points: reference.X, k: run.k, restarts: 10, seed: 1)
            print("k = \(run.k): inertia \(ours.inertia) (scikit-learn \(run.inertia)), silhouette \(silhouette)")
            if run.k <= 3 {
                // The blobs' partitions are found by any good start: the same clusters, up to their numbering.
                XCTAssertEqual(ours.inertia, run.inertia, accuracy: 1e-9 * run.inertia, "k = \(run.k)")
                var mapping: [Int: Int] = [:]
                for (a, b) in zip(ours.assignments, run.labels) {
                    XCTAssertEqual(mapping[a, default: b], b, "k = \(run.k)")
                    mapping[a] = b
                }
            } else {
                XCTAssertLessThanOrEqual(ours.inertia, run.inertia * 1.05, "k = \(run.k): a comparable local optimum")
            }
        }
        XCTAssertNil(Analytics.KMeans.silhouette(points: reference.X, assignments: [Int](repeating: 0, count: reference.X.count)))
    }

    func testSeededAndReproducible() {
        let points: [[Double]] = (0..<20).map { [Double($0 % 4), Double($0 / 4)] }
        XCTAssertEqual(Analytics.KMeans(points: points, k: 3, seed: 9).assignments,
                       Analytics.KMeans(points: points, k: 3, seed: 9).assignments)
    }
}
