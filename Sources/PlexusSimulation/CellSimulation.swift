import Foundation
import PlexusImaging
import PlexusNumerics

/// One simulated cell under one condition: its outline, its mitochondria from
/// frame to frame, the frames a microscope records of it, and the ground truth.
///
/// Everything random is drawn from streams seeded by the video's seed (derived
/// from the experiment's seed, the condition and the cell number): the same
/// arguments give the same frames and truth, bit for bit.
package struct CellSimulation: Sendable {
    package let condition: SimulatedCondition
    /// Cell number within the condition, from 1.
    package let cell: Int
    package let seed: UInt64
    package let videoSeed: UInt64
    package let size: Int
    package let frameCount: Int
    /// Frame at which the treatment (or, for the control, the vehicle) is added:
    /// the first step with the condition's rates leads from it to the next frame.
    package let treatmentFrame: Int
    package let microscope: Microscope
    package let outline: CellOutline
    /// The frame-0 network.
    package let initialNetwork: MitochondrialNetwork
    package let cellRaster: CellRaster

    /// Nominal acquisition, written to the sample sheet: 100 nm pixels, a frame every 2 s.
    package static let pixelSizeMicrometres = 0.1
    package static let frameIntervalSeconds = 2.0

    /// The treatment frame `plexus simulate` uses: a sixth of the way in, so that
    /// every video starts with an untreated baseline.
    package static func defaultTreatmentFrame(frameCount: Int) -> Int { frameCount / 6 }

    package init(condition: SimulatedCondition, cell: Int, seed: UInt64, size: Int = 256, frameCount: Int = 60,
                treatmentFrame: Int? = nil, microscope: Microscope = Microscope()) {
        precondition(size >= 32 && frameCount >= 1 && cell >= 1, "invalid simulation size, frame count or cell")
        self.condition = condition
        self.cell = cell
        self.seed = seed
        videoSeed = SeededRandom.derivedSeed(seed, label: condition.rawValue, index: cell)
        self.size = size
        self.frameCount = frameCount
        self.treatmentFrame = treatmentFrame ?? Self.defaultTreatmentFrame(frameCount: frameCount)
        self.microscope = microscope
        var shape = SeededRandom(seed: videoSeed, stream: "shape")
        outline = CellOutline.random(size: size, using: &shape)
        initialNetwork = MitochondrialNetwork.random(outline: outline, size: size, using: &shape)
        cellRaster = CellRaster(outline: outline, width: size, height: size)
    }

    /// The cell's linear size at frame t relative to frame 0: the area falls
    /// linearly from the treatment frame to the condition's final fraction at the last frame.
    package func scale(atFrame t: Int) -> Double {
        let last = frameCount - 1
        guard t > treatmentFrame, last > treatmentFrame else { return 1 }
        let progress = Double(t - treatmentFrame) / Double(last - treatmentFrame)
        return (1 - (1 - condition.treatedRates.finalAreaFraction) * progress).squareRoot()
    }

    /// The 8-bit frame-0 cell mask: 1 inside the cell, 0 outside.
    package var mask: RawFrame { cellRaster.mask(scale: 1) }

    /// The ground truth of every frame, without rendering the frames.
    package func run() -> GroundTruth { run(rendering: false) { _ in } }

    /// Renders every frame and hands each to `record`, in order; returns the ground truth.
    package func run(recording record: (RawFrame) throws -> Void) rethrows -> GroundTruth {
        try run(rendering: true, record)
    }

    private func run(rendering: Bool, _ record: (RawFrame) throws -> Void) rethrows -> GroundTruth {
        var network = initialNetwork
        var dynamics = SeededRandom(seed: videoSeed, stream: "dynamics")
        var noise = SeededRandom(seed: videoSeed, stream: "noise")
        var frames: [GroundTruth.Frame] = []
        var cellArea = (scale: 1.0, pixels: cellRaster.area(scale: 1))
        for t in 0..<frameCount {
            var events = MitochondrialNetwork.StepEvents()
            if t > 0 {
                events = network.step(rates: condition.rates(atFrame: t - 1, treatmentFrame: treatmentFrame),
                                      newScale: scale(atFrame: t), using: &dynamics)
            }
            let raster = MitochondriaRaster(objects: network.objects, width: size, height: size)
            if rendering {
                try record(microscope.frame(mitochondria: raster, cell: cellRaster, scale: network.scale, t: t,
                                            noise: &noise))
            }
            if network.scale != cellArea.scale { cellArea = (network.scale, cellRaster.area(scale: network.scale)) }
            var truth = GroundTruth.Frame(
                t: t, objectCount: network.objects.count, tubuleCount: network.tubuleCount,
                punctumCount: network.punctumCount, mitochondrialArea: raster.coveredArea,
                meanTubuleLength: network.meanTubuleLength, fissionEvents: events.fissions,
                fusionEvents: events.fusions, cellArea: cellArea.pixels)
            truth.maskPieceCount = ConnectedComponents(BinaryImage(width: size, height: size, pixels: raster.covered)).count
            frames.append(truth)
        }
        return GroundTruth(condition: condition, seed: seed, videoSeed: videoSeed, cell: cell, size: size,
                           bitDepth: microscope.bitDepth, treatmentFrame: treatmentFrame, parameters: parameters,
                           frames: frames)
    }

    /// The truth file's `parameters`: what shaped this video beyond the top-level fields.
    var parameters: [String: JSONText] {
        func rates(_ r: DynamicsRates) -> JSONText {
            .object(["fission_per_20px": .number(r.fissionPer20Pixels), "fusion_probability": .number(r.fusionProbability),
                     "attraction_speed_px": .number(r.attractionSpeed), "rounding_probability": .number(r.roundingProbability),
                     "homeostatic": .bool(r.homeostatic), "final_area_fraction": .number(r.finalAreaFraction)])
        }
        typealias Network = MitochondrialNetwork
        return [
            "pixel_size_um": .number(Self.pixelSizeMicrometres),
            "frame_interval_s": .number(Self.frameIntervalSeconds),
            "rates_before_treatment": rates(.control),
            "rates_after_treatment": rates(condition.treatedRates),
            "dynamics": .object([
                "drift_sigma_px": .number(Network.driftSigma), "rotation_sigma_rad": .number(Network.rotationSigma),
                "fusion_distance_px": .number(Network.fusionDistance),
                "attraction_radius_px": .number(Network.attractionRadius),
                "rounding_length_px": .number(Network.roundingLength),
                "shortest_tubule_px": .number(Mitochondrion.shortestTubule),
                "margin_px": .number(Network.margin),
            ]),
            "imaging": .object([
                "psf_sigma_px": .number(microscope.psfSigma), "camera_offset": .number(microscope.cameraOffset),
                "cytoplasm": .number(microscope.cytoplasm), "exterior": .number(microscope.exterior),
                "shot_noise_gain": .number(microscope.gain), "read_noise": .number(microscope.readNoise),
                "photobleaching_rate": .number(microscope.photobleachingRate),
                "intensity_scale": .string("8-bit; 16-bit samples are 257 × these values"),
            ]),
            "cell_outline": .object([
                "centre_row": .number(outline.centreRow), "centre_col": .number(outline.centreCol),
                "semi_major_px": .number(outline.semiMajor), "semi_minor_px": .number(outline.semiMinor),
                "orientation_rad": .number(outline.orientation),
                "modes": .array(outline.modes.map {
                    .object(["order": .integer($0.order), "amplitude": .number($0.amplitude), "phase_rad": .number($0.phase)])
                }),
            ]),
        ]
    }
}
