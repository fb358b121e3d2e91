import Foundation
import XCTest
@testable import PlexusAnalytics

/// `Analytics.LogisticRegression` and `Analytics.CrossValidation` against
/// scikit-learn, on the seeded data of `Benchmarks/logistic_fixtures.py`
/// (rerun it to regenerate Fixtures/logistic.json).
final class LogisticRegressionAgreementTests: XCTestCase {
    struct Reference: Decodable {
        struct DataSet: Decodable {
            let name: String
            let classes: Int
            let C: Double
            let X: [[Double]]
            let y: [Int]
            let train_probabilities: [[Double]]
            let new_X: [[Double]]
            let new_probabilities: [[Double]]
            let max_gradient: Double
            let folds: [Int]?
            let cv_predictions: [Int]?
            let cv_probabilities: [[Double]]?
        }
        let script: String
        let sklearn_version: String
        let data_sets: [DataSet]
    }

    /// scikit-learn's lbfgs stops within ~1e-7 of the optimum (its
    /// `max_gradient` in the fixture); our Newton fit is exact to ~1e-12.
    static let probabilityTolerance = 1e-6

    func reference() throws -> Reference {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "logistic", withExtension: "json", subdirectory: "Fixtures"),
                                "Fixtures/logistic.json missing: run Benchmarks/logistic_fixtures.py")
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
        XCTAssertEqual(reference.script, "Benchmarks/logistic_fixtures.py")
        XCTAssertEqual(reference.data_sets.map(\.name),
                       ["binary", "three-class", "constant-feature", "four-class-c0.1"])
        return reference
    }

    /// The largest |ours − scikit-learn's| over the probabilities of `points`.
    func largestDifference(_ model: Analytics.LogisticRegression, _ points: [[Double]], _ expected: [[Double]]) -> Double {
        var largest = 0.0
        for (x, p) in zip(points, expected) {
            let ours = model.probabilities(x)
            XCTAssertEqual(ours.count, p.count)
            for (a, b) in zip(ours, p) { largest = max(largest, abs(a - b)) }
        }
        return largest
    }

    func testProbabilitiesMatchScikitLearn() throws {
        for set in try reference().data_sets {
            let model = try Analytics.LogisticRegression(features: set.X, labels: set.y, classCount: set.classes, c: set.C)
            XCTAssertLessThanOrEqual(model.gradient, 1e-10 * max(1, set.C * Double(set.y.count)), set.name)
            let train = largestDifference(model, set.X, set.train_probabilities)
            let new = largestDifference(model, set.new_X, set.new_probabilities)
            XCTAssertLessThanOrEqual(train, Self.probabilityTolerance, "\(set.name): training points")
            XCTAssertLessThanOrEqual(new, Self.probabilityTolerance, "\(set.name): new points")
            print("\(set.name): |Δp| ≤ \(max(train, new)) (training \(train), new \(new)); " +
                  "\(model.iterations) Newton iterations, gradient \(model.gradient); " +
                  "scikit-learn's gradient \(set.max_gradient)")
        }
    }

    func testConstantFeatureIsIgnored() throws {
        let set = try XCTUnwrap(reference().data_sets.first { $0.name == "constant-feature" })
        let model = try Analytics.LogisticRegression(features: set.X, labels: set.y, classCount: set.classes, c: set.C)
        XCTAssertEqual(model.scales[1], 1)
        XCTAssertEqual(model.means[1], 2.5)
        for k in 0..<set.classes { XCTAssertEqual(model.weights[k][1], 0, accuracy: 1e-12) }
        var moved = set.new_X[0]
        moved[1] = 1000
        XCTAssertEqual(model.probabilities(moved), model.probabilities(set.new_X[0]))
    }

    func testCrossValidationWithGivenFoldsMatchesScikitLearn() throws {
        let set = try XCTUnwrap(reference().data_sets.first { $0.name == "three-class" })
        let folds = try XCTUnwrap(set.folds)
        let outcome = try Analytics.CrossValidation.run(features: set.X, labels: set.y, classCount: set.classes,
                                                       foldAssignments: folds, c: set.C)
        let result = try XCTUnwrap(outcome.result, "\(outcome)")
        XCTAssertEqual(result.folds, 5)
        XCTAssertEqual(result.foldAssignments, folds)
        XCTAssertEqual(result.predictions, set.cv_predictions)
        var largest = 0.0
        for (ours, theirs) in zip(result.probabilities, try XCTUnwrap(set.cv_probabilities)) {
            for (a, b) in zip(ours, theirs) { largest = max(largest, abs(a - b)) }
        }
        XCTAssertLessThanOrEqual(largest, Self.probabilityTolerance)
        print("three-class cross-validation: predictions equal, |Δp| ≤ \(largest)")
        let correct = zip(set.y, try XCTUnwrap(set.cv_predictions)).filter { $0 == $1 }.count
        XCTAssertEqual(result.accuracy, Double(correct) / Double(set.y.count))
        XCTAssertEqual(result.classCounts, [6, 6, 9])
        XCTAssertEqual(result.chanceLevel, 9.0 / 21.0)
        XCTAssertEqual(result.confusion.map { $0.reduce(0, +) }, [6, 6, 9])
    }
}
