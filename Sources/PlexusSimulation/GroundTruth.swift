import PlexusNumerics

/// What a simulated video really contains, frame by frame: the answers an
/// analysis of the video should recover, written beside it as
/// `<condition>-<n>.truth.json`.
package struct GroundTruth: Equatable, Sendable {
    package struct Frame: Equatable, Sendable {
        package var t: Int
        package var objectCount: Int
        package var tubuleCount: Int
        package var punctumCount: Int
        /// Pixels covered by mitochondria (before the optics blur them).
        package var mitochondrialArea: Int
        /// 8-connected pieces of those pixels: the objects a perfect
        /// segmentation of the unblurred mitochondria would find (touching
        /// mitochondria are one piece).
        package var maskPieceCount: Int = 0
        /// Mean centreline length of the tubules (px); 0 when there are none.
        package var meanTubuleLength: Double
        /// Events in the step from frame t − 1 to frame t (0 at frame 0).
        package var fissionEvents: Int
        package var fusionEvents: Int
        /// Pixels inside the cell outline.
        package var cellArea: Int

        var json: JSONText {
            .object([
                "t": .integer(t), "object_count": .integer(objectCount), "tubule_count": .integer(tubuleCount),
                "puncta_count": .integer(punctumCount), "total_area_px": .integer(mitochondrialArea),
                "mask_piece_count": .integer(maskPieceCount),
                "mean_tubule_length_px": .number(meanTubuleLength), "fission_events": .integer(fissionEvents),
                "fusion_events": .integer(fusionEvents), "cell_area_px": .integer(cellArea),
            ])
        }
    }

    package var condition: SimulatedCondition
    /// The experiment's seed (`--seed`) and the one derived from it for this video.
    package var seed: UInt64
    package var videoSeed: UInt64
    /// Cell number within the condition, from 1.
    package var cell: Int
    package var size: Int
    package var bitDepth: Int
    package var treatmentFrame: Int
    /// Everything else that shaped the video (rates, imaging, outline).
    package var parameters: [String: JSONText]
    package var frames: [Frame]

    /// The JSON file: keys sorted, one frame per line under `per_frame`.
    package var json: String {
        JSONText.object([
            "condition": .string(condition.rawValue),
            "seed": .unsigned(seed),
            "video_seed": .unsigned(videoSeed),
            "cell": .integer(cell),
            "size": .integer(size),
            "frames": .integer(frames.count),
            "bit_depth": .integer(bitDepth),
            "treatment_frame": .integer(treatmentFrame),
            "parameters": .object(parameters),
            "per_frame": .array(frames.map(\.json)),
        ]).rendered
    }
}
