import Foundation
import PlexusSimulation
import PlexusTestSupport
import XCTest

/// Same arguments, same bytes; another seed, another experiment.
final class DeterminismTests: TemporaryDirectoryTestCase {
    private func write(seed: UInt64, into folder: String, bitDepth: Int = 8) throws -> SyntheticExperiment.Summary {
        try SyntheticExperiment(cellsPerCondition: 1, frameCount: 6, size: 96, seed: seed, bitDepth: bitDepth,
                                photobleachingRate: 0.01)
            .write(to: path(folder))
    }

    func testSameSeedSameBytes() throws {
        let first = try write(seed: 7, into: "a")
        _ = try write(seed: 7, into: "b")
        let names = first.files.map { URL(fileURLWithPath: $0).lastPathComponent }
        XCTAssertEqual(names.count, 3 * 3 + 1)
        for name in names {
            XCTAssertEqual(try bytes("a/\(name)"), try bytes("b/\(name)"), name)
        }
    }

    func testOtherSeedOtherBytes() throws {
        _ = try write(seed: 7, into: "a")
        _ = try write(seed: 8, into: "b")
        for condition in SimulatedCondition.allCases {
            let name = "\(condition.rawValue)-1"
            XCTAssertNotEqual(try bytes("a/\(name).tif"), try bytes("b/\(name).tif"), name)
            XCTAssertNotEqual(try bytes("a/\(name)-mask.tif"), try bytes("b/\(name)-mask.tif"), name)
            XCTAssertNotEqual(try bytes("a/\(name).truth.json"), try bytes("b/\(name).truth.json"), name)
        }
    }

    func testCellsAndConditionsDiffer() throws {
        let simulations = SimulatedCondition.allCases.flatMap { condition in
            (1...2).map { CellSimulation(condition: condition, cell: $0, seed: 1, size: 96, frameCount: 2) }
        }
        XCTAssertEqual(Set(simulations.map(\.videoSeed)).count, simulations.count)
        XCTAssertEqual(Set(simulations.map { $0.frames().frames[0].samples }).count, simulations.count)
    }

    /// The bit depth changes the quantisation only: the same image at 257 × the scale.
    func testSixteenBitIsTheSameImage() throws {
        let eight = CellSimulation(condition: .llo, cell: 1, seed: 3, size: 96, frameCount: 3).frames()
        let sixteen = CellSimulation(condition: .llo, cell: 1, seed: 3, size: 96, frameCount: 3,
                                     microscope: Microscope(bitDepth: 16)).frames()
        XCTAssertEqual(eight.truth.frames, sixteen.truth.frames)
        for (a, b) in zip(eight.frames, sixteen.frames) {
            XCTAssertEqual([a.bitDepth, b.bitDepth], [8, 16])
            let worst = zip(a.samples, b.samples).map { abs(Double($1) - 257 * Double($0)) }.max() ?? 0
            XCTAssertLessThanOrEqual(worst, 128.5)
        }
    }
}
