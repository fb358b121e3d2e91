import Foundation
import XCTest
@testable import PlexusAnalytics

/// `Analytics.PrincipalComponents` (alone and after `Standardization`)
/// against scikit-learn's `PCA`, on the seeded data of
/// `Benchmarks/phenotype_fixtures.py` (rerun it to regenerate Fixtures/phenotypes.json).
final class PhenotypeAgreementTests: XCTestCase {
    struct Reference: Decodable {
        struct Decomposition: Decodable {
            let components: [[Double]]
            let explained_variance: [Double]
            let explained_variance_ratio: [Double]
            let scores: [[Double]]
        }
        struct Case: Decodable {
            let name: String
            let X: [[Double]]
            let raw: Decomposition
            let standardized: Decomposition
        }
        let script: String
        let sklearn_version: String
        let pca: [Case]
    }

    func reference() throws -> Reference {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "phenotypes", withExtension: "json", subdirectory: "Fixtures"),
                                "Fixtures/phenotypes.json missing: run Benchmarks/phenotype_fixtures.py")
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
        XCTAssertEqual(reference.script, "Benchmarks/phenotype_fixtures.py")
        XCTAssertEqual(reference.pca.map(\.name), ["correlated", "wide"])
        return reference
    }

    /// Explained variances within 1e-10 (relative to the largest), ratios
    /// within 1e-10, and for every component with variance: the loadings and
    /// the scores equal up to the component's sign (which must then agree with
    /// scikit-learn's, whose svd_flip makes the largest loading positive as we do).
    func check(_ ours: Analytics.PrincipalComponents, _ expected: Reference.Decomposition, rows: [[Double]],
               name: String) -> (variance: Double, score: Double) {
        XCTAssertEqual(ours.explainedVariance.count, expected.explained_variance.count, name)
        let largest = expected.explained_variance[0]
        var varianceError = 0.0, scoreError = 0.0
        for k in expected.explained_variance.indices {
            varianceError = max(varianceError, abs(ours.explainedVariance[k] - expected.explained_variance[k]) / largest)
            XCTAssertEqual(ours.explainedVarianceRatio[k], expected.explained_variance_ratio[k], accuracy: 1e-10, "\(name) ratio \(k)")
            // A component without variance (more features than samples) is any vector of the null space.
            guard expected.explained_variance[k] > 1e-9 * largest else { continue }
            let dot = zip(ours.components[k], expected.components[k]).reduce(0) { $0 + $1.0 * $1.1 }
            XCTAssertEqual(abs(dot), 1, accuracy: 1e-8, "\(name) component \(k)")
            XCTAssertGreaterThan(dot, 0, "\(name) component \(k): same sign convention as svd_flip")
            let sign = dot < 0 ? -1.0 : 1.0
            for (row, scores) in zip(rows, expected.scores) {
                scoreError = max(scoreError, abs(sign * ours.scores(row)[k] - scores[k]) / largest.squareRoot())
            }
        }
        XCTAssertLessThanOrEqual(varianceError, 1e-10, "\(name): explained variance")
        XCTAssertLessThanOrEqual(scoreError, 1e-8, "\(name): scores")
        return (varianceError, scoreError)
    }

    func testPrincipalComponentsMatchScikitLearn() throws {
        for set in try reference().pca {
            let raw = try Analytics.PrincipalComponents(rows: set.X)
            let rawError = check(raw, set.raw, rows: set.X, name: "\(set.name) raw")
            let scaling = Analytics.Standardization(rows: set.X, featureCount: set.X[0].count)
            let z = set.X.map(scaling.apply)
            let standardized = try Analytics.PrincipalComponents(rows: z)
            let standardizedError = check(standardized, set.standardized, rows: z, name: "\(set.name) standardized")
            print("\(set.name): largest relative explained-variance difference \(rawError.variance) raw, \(standardizedError.variance) standardized; scores \(rawError.score), \(standardizedError.score)")
        }
    }

    func testTooFewRowsAreRefused() {
        XCTAssertThrowsError(try Analytics.PrincipalComponents(rows: [[1, 2]]))
    }
}
