import Foundation
import XCTest
@testable import PlexusAnalytics

/// The three classifiers of `Analytics.Classifier`, cross-validated with
/// scikit-learn's folds, against scikit-learn's cross_val_predict on the
/// seeded data of `Benchmarks/phenotype_fixtures.py` ("classifiers").
final class ClassifierAgreementTests: XCTestCase {
    struct Reference: Decodable {
        struct Result: Decodable {
            let predictions: [Int]
            let scores: [[Double]]
            let accuracy: Double
            let balanced_accuracy: Double
            let confusion: [[Int]]
        }
        struct DataSet: Decodable {
            let name: String
            let classes: Int
            let X: [[Double]]
            let y: [Int]
            let folds: [Int]
            let results: [String: Result]
        }
        let classifiers: [DataSet]
    }

    func testCrossValidatedPredictionsMatchScikitLearn() throws {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "phenotypes", withExtension: "json", subdirectory: "Fixtures"))
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
        XCTAssertEqual(reference.classifiers.map(\.name), ["binary", "three-class"])
        for set in reference.classifiers {
            for classifier in Analytics.Classifier.allCases {
                let expected = try XCTUnwrap(set.results[classifier.rawValue], classifier.rawValue)
                let name = "\(set.name) \(classifier.rawValue)"
                let result = try XCTUnwrap(try Analytics.CrossValidation.run(
                    features: set.X, labels: set.y, classCount: set.classes, foldAssignments: set.folds,
                    classifier: classifier).result, name)
                XCTAssertEqual(result.predictions, expected.predictions, name)
                XCTAssertEqual(result.confusion, expected.confusion, name)
                XCTAssertEqual(result.accuracy, expected.accuracy, accuracy: 1e-12, name)
                XCTAssertEqual(result.balancedAccuracy, expected.balanced_accuracy, accuracy: 1e-12, name)
                var largest = 0.0
                for (ours, theirs) in zip(result.probabilities, expected.scores) {
                    for (a, b) in zip(ours, theirs) { largest = max(largest, abs(a - b)) }
                }
                // Probabilities (logistic regression, the neighbours' shares) and the SVM's decision values.
                XCTAssertLessThanOrEqual(largest, 1e-6, name)
                print("\(name): accuracy \(result.accuracy), balanced \(result.balancedAccuracy), largest score difference \(largest)")
            }
        }
    }

    func testLabelPermutationPValue() throws {
        // Two well-separated classes: shuffled labels almost never classify as well.
        let features: [[Double]] = (0..<20).map { (i: Int) -> [Double] in
            let side = Double(i % 2) * 4, jitter = Double(i) * 0.01
            return [side + jitter, Double(i % 3)]
        }
        let labels = (0..<20).map { $0 % 2 }
        for classifier in Analytics.Classifier.allCases {
            let result = try XCTUnwrap(try Analytics.CrossValidation.run(features: features, labels: labels, classCount: 2,
                                                                         seed: 3, classifier: classifier).result)
            XCTAssertEqual(result.accuracy, 1, classifier.rawValue)
            let p = try XCTUnwrap(try Analytics.CrossValidation.permutationPValue(
                features: features, labels: labels, classCount: 2, accuracy: result.accuracy, seed: 3,
                classifier: classifier, permutations: 99))
            XCTAssertLessThanOrEqual(p, 0.05, classifier.rawValue)
            XCTAssertGreaterThanOrEqual(p, 0.01, "never below 1 / (1 + permutations)")
        }
    }
}
