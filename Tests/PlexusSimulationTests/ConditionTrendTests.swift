import PlexusSimulation
import PlexusTestSupport
import XCTest

/// Each condition does to the network what its biology says, in every seed.
final class ConditionTrendTests: XCTestCase {
    static let seeds: [UInt64] = [1, 2, 3, 4, 5]

    /// Computed once per condition for all the tests.
    private static let computed = Locked<[SimulatedCondition: [GroundTruth]]>([:])

    private func truths(_ condition: SimulatedCondition) -> [GroundTruth] {
        Self.computed.withLock { known in
            if let truths = known[condition] { return truths }
            let truths = Self.seeds.flatMap { seed in
                (1...2).map { CellSimulation(condition: condition, cell: $0, seed: seed).run() }
            }
            known[condition] = truths
            return truths
        }
    }

    private func describe(_ truth: GroundTruth) -> String {
        let first = truth.frames[0], last = truth.frames[truth.frames.count - 1]
        return "\(truth.condition) seed \(truth.seed) cell \(truth.cell): objects \(first.objectCount) → \(last.objectCount), "
            + "mean tubule length \(first.meanTubuleLength) → \(last.meanTubuleLength), "
            + "cell area \(first.cellArea) → \(last.cellArea)"
    }

    func testFrameZeroLooksLikeACell() {
        for truth in truths(.control) + truths(.llo).prefix(2) {
            let first = truth.frames[0]
            XCTAssertTrue((25...40).contains(first.objectCount), describe(truth))
            XCTAssertGreaterThan(first.tubuleCount, first.punctumCount, describe(truth))
            XCTAssertTrue((8...40).contains(first.meanTubuleLength), describe(truth))
            // The cell fills about 55–70% of the frame width: area π(d/2)² for d in that range.
            let area = Double(first.cellArea), side = Double(truth.size)
            XCTAssertTrue((Double.pi / 4 * pow(0.5 * side, 2)...Double.pi / 4 * pow(0.75 * side, 2)).contains(area),
                          describe(truth))
            XCTAssertEqual(first.fissionEvents + first.fusionEvents, 0)
            XCTAssertEqual(truth.frames.map(\.t), Array(0..<60))
        }
    }

    /// Object count within ±30% of frame 0 throughout; the mean tubule length
    /// within ±35% (with ~20 tubules one fusion of two long ones moves it by 10%).
    func testControlStaysBalanced() {
        for truth in truths(.control) {
            let first = truth.frames[0]
            for frame in truth.frames {
                let count = Double(frame.objectCount) / Double(first.objectCount)
                let length = frame.meanTubuleLength / first.meanTubuleLength
                XCTAssertTrue((0.7...1.3).contains(count), "t \(frame.t): \(describe(truth))")
                XCTAssertTrue((0.65...1.35).contains(length), "t \(frame.t) length \(frame.meanTubuleLength): \(describe(truth))")
                XCTAssertEqual(frame.cellArea, first.cellArea)
            }
            let fissions = truth.frames.map(\.fissionEvents).reduce(0, +)
            let fusions = truth.frames.map(\.fusionEvents).reduce(0, +)
            XCTAssertGreaterThan(fissions, 10, describe(truth))
            XCTAssertEqual(Double(fissions), Double(fusions), accuracy: 0.3 * Double(fissions), describe(truth))
        }
    }

    func testLLOFragmentsAndShrinks() {
        for truth in truths(.llo) {
            let first = truth.frames[0], last = truth.frames[truth.frames.count - 1]
            XCTAssertGreaterThan(Double(last.objectCount), 1.5 * Double(first.objectCount), describe(truth))
            XCTAssertGreaterThan(last.punctumCount, 2 * first.punctumCount, describe(truth))
            XCTAssertLessThan(last.meanTubuleLength, 0.75 * first.meanTubuleLength, describe(truth))
            XCTAssertLessThan(Double(last.cellArea), 0.8 * Double(first.cellArea), describe(truth))
            XCTAssertGreaterThan(Double(last.cellArea), 0.6 * Double(first.cellArea), describe(truth))
            let fissions = truth.frames.map(\.fissionEvents).reduce(0, +)
            let fusions = truth.frames.map(\.fusionEvents).reduce(0, +)
            XCTAssertGreaterThan(fissions, 5 * fusions, describe(truth))
            // The cell shrinks steadily after the treatment, never grows back.
            for (a, b) in zip(truth.frames, truth.frames.dropFirst()) { XCTAssertLessThanOrEqual(b.cellArea, a.cellArea) }
            XCTAssertEqual(truth.frames[truth.treatmentFrame].cellArea, first.cellArea)
        }
    }

    func testMdiviHyperfuses() {
        for truth in truths(.mdivi) {
            let first = truth.frames[0], last = truth.frames[truth.frames.count - 1]
            XCTAssertGreaterThan(last.meanTubuleLength, 1.5 * first.meanTubuleLength, describe(truth))
            XCTAssertLessThan(Double(last.objectCount), 0.7 * Double(first.objectCount), describe(truth))
            XCTAssertEqual(last.cellArea, first.cellArea)
            let fissions = truth.frames.map(\.fissionEvents).reduce(0, +)
            let fusions = truth.frames.map(\.fusionEvents).reduce(0, +)
            XCTAssertGreaterThan(fusions, 2 * fissions, describe(truth))
        }
    }

    /// Ground truth counts agree with each other in every frame.
    func testTruthIsConsistent() {
        for condition in SimulatedCondition.allCases {
            for truth in truths(condition).prefix(2) {
                var previous: GroundTruth.Frame?
                for frame in truth.frames {
                    XCTAssertEqual(frame.objectCount, frame.tubuleCount + frame.punctumCount)
                    XCTAssertGreaterThan(frame.mitochondrialArea, 0)
                    XCTAssertLessThan(frame.mitochondrialArea, frame.cellArea)
                    if let previous {
                        // Each fission adds one object, each fusion removes one.
                        XCTAssertEqual(frame.objectCount - previous.objectCount, frame.fissionEvents - frame.fusionEvents,
                                       "t \(frame.t): \(describe(truth))")
                    }
                    previous = frame
                }
            }
        }
    }
}
