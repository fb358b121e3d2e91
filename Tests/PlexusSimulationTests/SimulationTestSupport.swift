import Foundation
import PlexusImaging
import PlexusSimulation
import XCTest

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
