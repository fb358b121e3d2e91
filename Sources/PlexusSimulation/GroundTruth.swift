/// What a simulated video really contains, frame by frame: the answers an
/// analysis of the video should recover, written beside it as
/// `<condition>-<n>.truth.json`.
public struct GroundTruth: Equatable, Sendable {
    public struct Frame: Equatable, Sendable {
        public var t: Int
        public var objectCount: Int
        public var tubuleCount: Int
        public var punctumCount: Int
        /// Pixels covered by mitochondria (before the optics blur them).
        public var mitochondrialArea: Int
        /// 8-connected pieces of those pixels: the objects a perfect
        /// segmentation of the unblurred mitochondria would find (touching
        /// mitochondria are one piece).
        public var maskPieceCount: Int = 0
        /// Mean centreline length of the tubules (px); 0 when there are none.
        public var meanTubuleLength: Double
        /// Events in the step from frame t − 1 to frame t (0 at frame 0).
        public var fissionEvents: Int
        public var fusionEvents: Int
        /// Pixels inside the cell outline.
        public var cellArea: Int

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

    public var condition: SimulatedCondition
    /// The experiment's seed (`--seed`) and the one derived from it for this video.
    public var seed: UInt64
    public var videoSeed: UInt64
    /// Cell number within the condition, from 1.
    public var cell: Int
    public var size: Int
    public var bitDepth: Int
    public var treatmentFrame: Int
    /// Everything else that shaped the video (rates, imaging, outline).
    public var parameters: [String: JSONText]
    public var frames: [Frame]

    /// The JSON file: keys sorted, one frame per line under `per_frame`.
    public var json: String {
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
