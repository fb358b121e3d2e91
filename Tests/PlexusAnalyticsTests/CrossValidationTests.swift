import PlexusNumerics
import PlexusStore
import XCTest
@testable import PlexusAnalytics

/// `Analytics.CrossValidation`: stratified folds, reproducibility, the two
/// extremes (separable data, no signal) and the outcomes without a result.
final class CrossValidationTests: XCTestCase {
    typealias CV = Analytics.CrossValidation

    func testFoldsAreStratified() {
        let sizes = [7, 12, 5, 23, 2]
        let labels = sizes.enumerated().flatMap { [Int](repeating: $0.offset, count: $0.element) }
        for folds in [2, 3, 5] {
            for seed: UInt64 in 0..<20 {
                var random = SeededRandom(seed: 1000 + seed)
                let assignment = CV.stratifiedFolds(labels: random.shuffled(labels), folds: folds, seed: seed)
                XCTAssertTrue(assignment.allSatisfy { (0..<folds).contains($0) })
                var foldSizes = [Int](repeating: 0, count: folds)
                for f in assignment { foldSizes[f] += 1 }
                XCTAssertLessThanOrEqual(foldSizes.max()! - foldSizes.min()!, 1)
            }
            let assignment = CV.stratifiedFolds(labels: labels, folds: folds, seed: 9)
            for (k, n) in sizes.enumerated() {
                let share = Double(n) / Double(folds)
                for f in 0..<folds {
                    let count = zip(labels, assignment).filter { $0 == k && $1 == f }.count
                    XCTAssertLessThan(abs(Double(count) - share), 1, "class \(k), fold \(f) of \(folds)")
                }
            }
        }
    }

    func testReproducibleForASeed() throws {
        let (x, y) = LogisticRegressionTests.blobs(classes: 3, count: 9, features: 4, separation: 0.5, seed: 4)
        let a = try CV.run(features: x, labels: y, classCount: 3, seed: 17)
        let b = try CV.run(features: x, labels: y, classCount: 3, seed: 17)
        XCTAssertEqual(a, b)
        let c = try XCTUnwrap(CV.run(features: x, labels: y, classCount: 3, seed: 18).result)
        XCTAssertNotEqual(c.foldAssignments, try XCTUnwrap(a.result).foldAssignments)
    }

    func testFoldCountIsCappedBySmallestClass() throws {
        let (x, y) = LogisticRegressionTests.blobs(classes: 2, count: 3, features: 1, separation: 1, seed: 8)
        XCTAssertEqual(try CV.run(features: x, labels: y, classCount: 2).result?.folds, 3)
        XCTAssertEqual(try CV.run(features: x, labels: y, classCount: 2, folds: 2).result?.folds, 2)
        XCTAssertThrowsError(try CV.run(features: x, labels: y, classCount: 2, folds: 1))
    }

    func testSeparableDataArePredictedPerfectly() throws {
        let (x, y) = LogisticRegressionTests.blobs(classes: 3, count: 10, features: 2, separation: 10, seed: 1)
        let result = try XCTUnwrap(CV.run(features: x, labels: y, classCount: 3, seed: 3).result)
        XCTAssertEqual(result.folds, 5)
        XCTAssertEqual(result.accuracy, 1)
        XCTAssertEqual(result.predictions, y)
        XCTAssertEqual(result.confusion, [[10, 0, 0], [0, 10, 0], [0, 0, 10]])
        XCTAssertEqual(result.chanceLevel, 1.0 / 3.0)
    }

    /// Labels independent of the features: 3 balanced classes of 20, 5 folds,
    /// so every training part is balanced (16 / 16 / 16) and, by the symmetry
    /// of the classes, every out-of-fold prediction is right with probability
    /// exactly 1/3. Were the 60 outcomes of a data set independent, one
    /// accuracy would have SD √(⅓·⅔/60) = 0.061 and the mean of 30 data sets
    /// 0.011; the tolerance 0.05 (4.5 such SDs) leaves room for the
    /// correlation between predictions of one model. The data are seeded, so
    /// the test is deterministic.
    func testNoSignalGivesChanceAccuracy() throws {
        var accuracies: [Double] = []
        for seed: UInt64 in 0..<30 {
            var random = SeededRandom(seed: 500 + seed)
            let x = (0..<60).map { _ in (0..<5).map { _ in LogisticRegressionTests.normal(&random) } }
            let y = random.shuffled((0..<60).map { $0 % 3 })
            let result = try XCTUnwrap(CV.run(features: x, labels: y, classCount: 3, seed: seed).result)
            XCTAssertEqual(result.chanceLevel, 1.0 / 3.0)
            accuracies.append(result.accuracy)
        }
        let mean = accuracies.reduce(0, +) / 30
        print("no signal: mean accuracy \(mean) over 30 data sets (chance 1/3)")
        XCTAssertEqual(mean, 1.0 / 3.0, accuracy: 0.05)
    }

    func testNotComputable() throws {
        let x: [[Double]] = [[0], [1], [2], [3], [4]]
        let oneSample = try CV.run(features: x, labels: [0, 0, 1, 0, 0], classCount: 2)
        XCTAssertEqual(oneSample,
                       .notComputable(reason: "class 1 has 1 sample; cross-validation needs at least 2 in every class"))
        let oneClass = try CV.run(features: x, labels: [0, 0, 0, 0, 0], classCount: 1)
        XCTAssertEqual(oneClass, .notComputable(reason: "only 1 class has samples: there is nothing to tell apart"))
        let emptyClass = try CV.run(features: x, labels: [0, 0, 0, 1, 1], classCount: 3)
        XCTAssertEqual(emptyClass,
                       .notComputable(reason: "class 2 has 0 samples; cross-validation needs at least 2 in every class"))
        XCTAssertEqual(try CV.run(features: [], labels: [], classCount: 2), .notComputable(reason: "there are no samples"))
        // Given folds that put a whole class in one fold.
        let wholeClass = try CV.run(features: x, labels: [0, 0, 0, 1, 1], classCount: 2, foldAssignments: [0, 1, 0, 1, 1])
        XCTAssertNil(wholeClass.result)
    }

    func testNonFiniteFeatureIsAnError() {
        let x: [[Double]] = [[0, 1], [1, 2], [2, 3], [3, .infinity]]
        XCTAssertThrowsError(try CV.run(features: x, labels: [0, 0, 1, 1], classCount: 2)) {
            XCTAssertEqual($0 as? Analytics.ClassificationError, .nonFiniteFeature(sample: 3, feature: 1))
        }
        // Also when the data would not be computable anyway.
        XCTAssertThrowsError(try CV.run(features: [[.nan]], labels: [0], classCount: 1)) {
            XCTAssertEqual($0 as? Analytics.ClassificationError, .nonFiniteFeature(sample: 0, feature: 0))
        }
    }
}
