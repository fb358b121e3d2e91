import Foundation
import PlexusNumerics
import PlexusStore
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
        struct ParallelCase: Decodable {
            let rows: Int
            let features: Int
            let simulations: Int
            let thresholds: [Double]
            let correlated_retained: Int?
        }
        let script: String
        let sklearn_version: String
        let pca: [Case]
        let parallel_analysis: [ParallelCase]
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

    /// Horn's parallel analysis: the noise thresholds from 2,000 seeded draws
    /// agree with numpy's from 20,000 within Monte Carlo error (4 % of each
    /// threshold, or 0.01 for the smallest; a 95th percentile from 2,000
    /// draws varies by about 1 %), and the standardised "correlated" data keep
    /// as many components as numpy's thresholds keep (its margins are wide:
    /// 2.5× and 0.55× the first two thresholds).
    func testParallelAnalysisAgreesWithNumpy() throws {
        let reference = try reference()
        XCTAssertEqual(reference.parallel_analysis.map(\.rows), [18, 40])
        for set in reference.parallel_analysis {
            // Components of some data of the right shape: only their count and the row count matter.
            var random = PlexusNumerics.SeededRandom(seed: 7)
            let rows = (0..<set.rows).map { _ in (0..<set.features).map { _ in random.normal() } }
            let components = try Analytics.PrincipalComponents(rows: rows)
            let analysis = try Analytics.ParallelAnalysis(components: components, rows: set.rows, simulations: 2000, seed: 3)
            XCTAssertEqual(analysis.thresholds.count, set.thresholds.count)
            var worst = 0.0
            for (ours, theirs) in zip(analysis.thresholds, set.thresholds) {
                XCTAssertEqual(ours, theirs, accuracy: max(0.04 * theirs, 0.01), "\(set.rows) × \(set.features)")
                worst = max(worst, abs(ours - theirs) / theirs)
            }
            print("parallel analysis \(set.rows) × \(set.features): thresholds within \(worst) of numpy's (relative)")
            if let retained = set.correlated_retained {
                let data = try XCTUnwrap(reference.pca.first { $0.name == "correlated" }).X
                let scaling = Analytics.Standardization(rows: data, featureCount: data[0].count)
                let fitted = try Analytics.PrincipalComponents(rows: data.map(scaling.apply))
                XCTAssertEqual(try Analytics.ParallelAnalysis(components: fitted, rows: data.count, seed: 1).retained, retained)
            }
        }
    }

    /// Pure noise keeps one component (the least there is); two planted
    /// factors, each behind 5 of 12 features, keep two.
    func testParallelAnalysisFindsPlantedFactors() throws {
        func retained(_ rows: [[Double]]) throws -> Int {
            let scaling = Analytics.Standardization(rows: rows, featureCount: rows[0].count)
            let components = try Analytics.PrincipalComponents(rows: rows.map(scaling.apply))
            return try Analytics.ParallelAnalysis(components: components, rows: rows.count, seed: 1).retained
        }
        var random = PlexusNumerics.SeededRandom(seed: 11)
        XCTAssertEqual(try retained((0..<30).map { _ in (0..<12).map { _ in random.normal() } }), 1)
        let planted = (0..<30).map { _ -> [Double] in
            let a = random.normal(), b = random.normal()
            return (0..<12).map { j in (j < 5 ? 2 * a : j < 10 ? 2 * b : 0) + random.normal() }
        }
        XCTAssertEqual(try retained(planted), 2)
    }

    func testTooFewRowsAreRefused() {
        XCTAssertThrowsError(try Analytics.PrincipalComponents(rows: [[1, 2]]))
    }
}
