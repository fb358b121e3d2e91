import Foundation
import PlexusImaging
import PlexusSimulation
import XCTest

/// A fresh directory under the system's temporary directory, removed by `tearDown`.
class SimulationTestCase: XCTestCase {
    private(set) var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("plexus-simulation-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func bytes(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path(name))) }
}

extension CellSimulation {
    /// Every rendered frame and the ground truth.
    func frames() -> (frames: [RawFrame], truth: GroundTruth) {
        var frames: [RawFrame] = []
        let truth = run { frames.append($0) }
        return (frames, truth)
    }
}

/// The ground truth of a written experiment, as a reader of the JSON file sees it.
func readTruth(_ path: String) throws -> [String: Any] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any], path)
}
