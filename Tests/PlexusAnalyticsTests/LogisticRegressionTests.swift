import PlexusNumerics
import PlexusStore
import XCTest
@testable import PlexusAnalytics

/// `Analytics.LogisticRegression` on its own: input checks and properties of
/// the fit that do not need a reference.
final class LogisticRegressionTests: XCTestCase {
    /// `count` samples per class, class k centred at `separation`·k on every feature.
    static func blobs(classes: Int, count: Int, features: Int, separation: Double, seed: UInt64)
        -> (x: [[Double]], y: [Int])
    {
        var random = SeededRandom(seed: seed)
        var x: [[Double]] = [], y: [Int] = []
        for k in 0..<classes {
            for _ in 0..<count {
                x.append((0..<features).map { j in separation * Double(k) * Double(j + 1) + normal(&random) })
                y.append(k)
            }
        }
        return (x, y)
    }

    /// A standard normal deviate (Box–Muller).
    static func normal(_ random: inout SeededRandom) -> Double {
        let u = (Double(random.next() >> 11) + 0.5) / 9_007_199_254_740_992
        let v = Double(random.next() >> 11) / 9_007_199_254_740_992
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    func testProbabilitiesSumToOneAndPredictIsTheirArgmax() throws {
        let (x, y) = Self.blobs(classes: 4, count: 8, features: 3, separation: 0.7, seed: 11)
        let model = try Analytics.LogisticRegression(features: x, labels: y, classCount: 4, c: 2)
        XCTAssertEqual(model.intercepts.reduce(0, +), 0, accuracy: 1e-12)
        for row in x {
            let p = model.probabilities(row)
            XCTAssertEqual(p.reduce(0, +), 1, accuracy: 1e-12)
            XCTAssertEqual(model.predict(row), p.firstIndex(of: p.max()!))
        }
    }

    func testBinaryModelHasOneWeightVector() throws {
        let (x, y) = Self.blobs(classes: 2, count: 10, features: 2, separation: 1, seed: 5)
        let model = try Analytics.LogisticRegression(features: x, labels: y, classCount: 2)
        XCTAssertEqual(model.weights[0], [0, 0])
        XCTAssertEqual(model.intercepts[0], 0)
        XCTAssertGreaterThan(model.weights[1][0], 0)
    }

    /// Separable data: the penalty keeps the fit finite; Newton still converges.
    func testSeparableDataConverge() throws {
        let (x, y) = Self.blobs(classes: 3, count: 10, features: 2, separation: 20, seed: 2)
        let model = try Analytics.LogisticRegression(features: x, labels: y, classCount: 3, c: 1000)
        XCTAssertLessThanOrEqual(model.gradient, 1e-10 * 1000 * 30)
        XCTAssertEqual(x.map(model.predict), y)
    }

    func testRejectsInvalidInput() {
        let x: [[Double]] = [[0, 1], [1, 2], [2, .nan], [3, 4]]
        XCTAssertThrowsError(try Analytics.LogisticRegression(features: x, labels: [0, 0, 1, 1], classCount: 2)) {
            XCTAssertEqual($0 as? Analytics.ClassificationError, .nonFiniteFeature(sample: 2, feature: 1))
            XCTAssertEqual("\($0)", "feature 1 of sample 2 is not a finite number")
        }
        let good: [[Double]] = [[0, 1], [1, 2], [2, 3], [3, 4]]
        XCTAssertThrowsError(try Analytics.LogisticRegression(features: good, labels: [0, 0, 0, 0], classCount: 2)) {
            XCTAssertEqual($0 as? Analytics.ClassificationError, .emptyClass(1))
        }
        XCTAssertThrowsError(try Analytics.LogisticRegression(features: good, labels: [0, 0, 1, 2], classCount: 2)) {
            XCTAssertEqual($0 as? Analytics.ClassificationError, .labelOutOfRange(sample: 3, label: 2, classCount: 2))
        }
        XCTAssertThrowsError(try Analytics.LogisticRegression(features: good, labels: [0, 1, 0, 1], classCount: 2, c: 0))
        XCTAssertThrowsError(try Analytics.LogisticRegression(features: [[0], [1, 2]], labels: [0, 1], classCount: 2)) {
            XCTAssertEqual($0 as? Analytics.ClassificationError, .raggedFeatures(sample: 1, expected: 1, found: 2))
        }
    }
}
