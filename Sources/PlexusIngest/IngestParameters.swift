import Foundation
import PlexusGraph
import PlexusImaging
import PlexusMixture

/// The version stored with every ingest run.
package enum PlexusVersion {
    package static let current = "0.1.0"
}

/// Every setting that changes what ingest computes. Stored as JSON with each
/// run; its hash, with the file's, identifies a video, so re-ingesting the
/// same file with the same settings is a no-op.
package struct IngestParameters: Codable, Equatable, Sendable {
    package enum Preset: String, Codable, CaseIterable, Sendable {
        /// Gaussian smoothing (σ = 1 px) before peaks and fit.
        case `default`
        /// The published toolbox: no smoothing, raw intensities, peaks and EM as published.
        case ornet
    }

    /// Whether the mixture's components may change over a video.
    package enum Components: String, Codable, CaseIterable, Sendable {
        /// Components die, are born, split and merge (`MixtureDynamics`).
        case adaptive
        /// The K components of the first fitted frame for the whole video (the published method).
        case fixed
    }

    package var preset: Preset
    /// Process every Nth frame.
    package var every: Int
    /// Stop after this many processed frames (nil: all).
    package var maxFrames: Int?
    /// Gaussian smoothing σ in px; 0 disables.
    package var smoothSigma: Double
    package var minDistance: Int
    /// Peak threshold on the 8-bit intensity scale.
    package var thresholdAbs: Double
    package var tolerance: Double
    package var covarianceRegularization: Double
    package var maxIterations: Int
    /// Channel to read, from 0: a C index of a multi-channel hyperstack or
    /// OME-TIFF, or a sample of RGB pages (nil: the only one there is, or the
    /// only sample with signal).
    package var channel: Int?
    /// Channel to read by the name the file's metadata gives it (instead of `channel`).
    package var channelName: String?
    /// How each time point's z-slices become one frame (files with Z refuse without it).
    package var zProjection: ZProjection?
    /// Significant bits of 16-bit samples (e.g. 12), overriding the file's: the
    /// 8-bit scale is 255 / (2^bits − 1).
    package var bitDepth: Int?
    /// A first frame with more peaks than this fails the video instead of
    /// starting a fit that would take hours: so many peaks mean a flat
    /// background above `thresholdAbs` (every plateau pixel is a peak).
    /// Adaptive components born past it fail the video too.
    package var maxComponents: Int
    /// How component i is tied to component j (the directed edge weight).
    package var affinity: Affinity
    /// Edges below this fraction of the frame's largest weight are not stored.
    package var edgeMinimum: Double
    /// Without a mask: find cells in frame 0 instead of taking the whole frame as one.
    package var autoCells: Bool
    /// Smoothing σ (px) of frame 0 before cells are found with `autoCells`.
    package var autoCellSigma: Double
    /// Smaller connected regions are not cells (`autoCells`), in px.
    package var minCellArea: Int
    /// Carrying masks forward (`CellMaskTracker.Settings`), in px: how far a cell's edge may
    /// move between processed frames, the opening radius, and the generous dilation.
    package var maskSearch: Int
    package var maskOpen: Int
    package var maskDilate: Int
    /// The threshold of the morphology measurements.
    package var threshold: ThresholdMethod
    /// Touching objects whose intensity peaks rise at least this fraction of
    /// the morphology threshold above the pass between them are split
    /// (`WatershedSplit`); nil: the thresholded foreground's connected pieces,
    /// as MiNA counts them.
    package var splitDynamic: Double?
    /// Measured on simulated cells against the connected pieces of the true
    /// (unblurred) mitochondria, 3 cells per condition, two seeds: object
    /// count / true count 1.00 / 0.95 / 1.10 (control / llo / mdivi) with
    /// rank correlation 0.99 over all frames, against 0.84 / 0.63 / 0.91 and
    /// 0.88 for the threshold's connected pieces; 0.4 over-splits mdivi's long
    /// tubules (1.19), 0.6 under-splits llo (0.90).
    package static let defaultSplitDynamic = 0.5
    /// Whether to measure morphology (the `morphology` table) at all.
    package var morphology: Bool
    /// Fixed K (ornet) or components that follow the cell (default).
    package var components: Components
    /// Adaptive components below this mass (Σ intensity × responsibility, 8-bit scale) die.
    package var deathMass: Double
    /// Adaptive components whose Bhattacharyya coefficient reaches this are a merge candidate.
    package var mergeOverlap: Double

    package init(preset: Preset = .default, every: Int = 1, maxFrames: Int? = nil, smoothSigma: Double? = nil,
                minDistance: Int = 10, thresholdAbs: Double = 6, tolerance: Double = 1e-3,
                covarianceRegularization: Double = 1e-6, maxIterations: Int = 100, channel: Int? = nil,
                maxComponents: Int = 1000, affinity: Affinity = .pdf,
                edgeMinimum: Double = NetworkAnalysis.defaultEdgeMinimum, autoCells: Bool = false,
                autoCellSigma: Double = 4, minCellArea: Int = 1000, maskSearch: Int = 5, maskOpen: Int = 2,
                maskDilate: Int = 10, threshold: ThresholdMethod = .otsu, morphology: Bool = true,
                components: Components? = nil, deathMass: Double? = nil, mergeOverlap: Double = 0.5,
                channelName: String? = nil, zProjection: ZProjection? = nil, bitDepth: Int? = nil,
                splitDynamic: Double? = IngestParameters.defaultSplitDynamic) {
        self.splitDynamic = splitDynamic
        self.channelName = channelName
        self.zProjection = zProjection
        self.bitDepth = bitDepth
        self.preset = preset
        self.every = every
        self.maxFrames = maxFrames
        self.smoothSigma = smoothSigma ?? (preset == .ornet ? 0 : 1.0)
        self.minDistance = minDistance
        self.thresholdAbs = thresholdAbs
        self.tolerance = tolerance
        self.covarianceRegularization = covarianceRegularization
        self.maxIterations = maxIterations
        self.channel = channel
        self.maxComponents = maxComponents
        self.affinity = affinity
        self.edgeMinimum = edgeMinimum
        self.autoCells = autoCells
        self.autoCellSigma = autoCellSigma
        self.minCellArea = minCellArea
        self.maskSearch = maskSearch
        self.maskOpen = maskOpen
        self.maskDilate = maskDilate
        self.threshold = threshold
        self.morphology = morphology
        self.components = components ?? (preset == .ornet ? .fixed : .adaptive)
        self.deathMass = deathMass ?? StructureSettings.defaultDeathMass(peakThreshold: thresholdAbs)
        self.mergeOverlap = mergeOverlap
    }

    enum CodingKeys: String, CodingKey {
        case preset, every, channel
        case maxFrames = "max_frames", smoothSigma = "smooth_sigma", minDistance = "min_distance"
        case thresholdAbs = "threshold_abs", tolerance = "tol", covarianceRegularization = "reg_covar"
        case maxIterations = "max_iter", maxComponents = "max_components", affinity
        case edgeMinimum = "edge_min"
        case autoCells = "auto_cells", autoCellSigma = "auto_cell_sigma", minCellArea = "min_cell_area"
        case maskSearch = "mask_search", maskOpen = "mask_open", maskDilate = "mask_dilate", threshold, morphology
        case components, deathMass = "death_mass", mergeOverlap = "merge_overlap"
        case channelName = "channel_name", zProjection = "z_project", bitDepth = "bit_depth"
        case splitDynamic = "split_dynamic"
    }


    package var emOptions: EMOptions {
        EMOptions(tolerance: tolerance, covarianceRegularization: covarianceRegularization,
                  maximumIterations: maxIterations)
    }

    /// When adaptive components die, are born, split and merge.
    package var structureSettings: StructureSettings {
        StructureSettings(deathMass: deathMass, peakThreshold: thresholdAbs, minDistance: minDistance,
                          resolutionElement: StructureSettings.resolutionElement(smoothingSigma: smoothSigma),
                          mergeOverlap: mergeOverlap, maximumComponents: maxComponents)
    }

    /// How masks are carried from frame to frame. Pixels below the peak
    /// threshold are never a cell's foreground (see `CellMaskTracker`).
    package var maskTracking: CellMaskTracker.Settings {
        CellMaskTracker.Settings(searchRadius: maskSearch, openingRadius: maskOpen, dilationRadius: maskDilate,
                                 minimumIntensity: Float(thresholdAbs))
    }

    /// Checks ranges; the message names the option.
    package func validate() throws {
        func fail(_ message: String) -> IngestError { IngestError(path: "", message) }
        if every < 1 { throw fail("--every must be at least 1 (got \(every))") }
        if let maxFrames, maxFrames < 1 { throw fail("--max-frames must be at least 1 (got \(maxFrames))") }
        if !(smoothSigma >= 0 && smoothSigma <= Self.maximumSigma) {
            throw fail("--smooth-sigma must be from 0 to \(Int(Self.maximumSigma)) px (got \(smoothSigma))")
        }
        if minDistance < 1 { throw fail("--min-distance must be at least 1 (got \(minDistance))") }
        if !(thresholdAbs >= 0) || !thresholdAbs.isFinite { throw fail("--threshold-abs must be ≥ 0 (got \(thresholdAbs))") }
        if !(tolerance > 0) || !tolerance.isFinite { throw fail("--tol must be > 0 (got \(tolerance))") }
        // 0 would leave a one-pixel component a zero covariance: its density, its edges and a
        // KL affinity would be undefined.
        if !(covarianceRegularization > 0) || !covarianceRegularization.isFinite {
            throw fail("--reg-covar must be > 0 px² (got \(covarianceRegularization); the default is 1e-6)")
        }
        if maxIterations < 1 { throw fail("--max-iter must be at least 1 (got \(maxIterations))") }
        if let channel, channel < 0 { throw fail("--channel must be ≥ 0 (got \(channel))") }
        if let splitDynamic, !(splitDynamic > 0 && splitDynamic.isFinite) {
            throw fail("--split-objects must be a positive fraction of the threshold, or 0 for none (got \(splitDynamic))")
        }
        if let bitDepth, !(1...16).contains(bitDepth) {
            throw fail("--bit-depth must be the significant bits of a sample, 1 to 16 (got \(bitDepth))")
        }
        if !(edgeMinimum >= 0 && edgeMinimum < 1) { throw fail("--edge-min must be in [0, 1) (got \(edgeMinimum))") }
        if !(deathMass >= 1) || !deathMass.isFinite { throw fail("--death-mass must be ≥ 1 (got \(deathMass))") }
        if !(mergeOverlap > 0 && mergeOverlap <= 1) { throw fail("--merge-overlap must be in (0, 1] (got \(mergeOverlap))") }
        if maxComponents < 1 { throw fail("--max-components must be at least 1 (got \(maxComponents))") }
        if !(autoCellSigma > 0 && autoCellSigma <= Self.maximumSigma) {
            throw fail("--auto-cell-sigma must be above 0 and at most \(Int(Self.maximumSigma)) px (got \(autoCellSigma))")
        }
        if minCellArea < 1 { throw fail("--min-cell-area must be at least 1 px (got \(minCellArea))") }
        for (option, radius) in [("--mask-search", maskSearch), ("--mask-open", maskOpen), ("--mask-dilate", maskDilate)]
        where !(0...Self.maximumMaskRadius).contains(radius) {
            throw fail("\(option) must be between 0 and \(Self.maximumMaskRadius) px (got \(radius))")
        }
    }

    /// The channel as the reader takes it.
    package var channelSelector: ChannelSelector? {
        channelName.map { .name($0) } ?? channel.map { .index($0) }
    }

    /// These parameters with a sample-sheet row's own channel, z projection
    /// and bit depth in place of the command line's: what identifies that
    /// video's analysis.
    package func applying(_ spec: VideoSpec) -> IngestParameters {
        var result = self
        switch spec.channel {
        case let .index(i)?: (result.channel, result.channelName) = (i, nil)
        case let .name(name)?: (result.channel, result.channelName) = (nil, name)
        case nil: break
        }
        if let projection = spec.zProjection { result.zProjection = projection }
        if let bits = spec.bitDepth { result.bitDepth = bits }
        return result
    }

    /// How the reader opens a video under these parameters.
    package func readerOptions(significantBitsSource: String = "option") -> MicroscopyVideo.Options {
        MicroscopyVideo.Options(channel: channelSelector, zProjection: zProjection, significantBits: bitDepth,
                                significantBitsSource: significantBitsSource)
    }

    /// Smoothing widths above this are refused: the kernel (8σ + 1 weights) and its
    /// passes would grow without bound, and a frame holds nothing that wide.
    package static let maximumSigma = 100.0

    /// Mask radii above this are refused (the disc operations work in bytes).
    package static let maximumMaskRadius = 200

    /// Canonical JSON: sorted keys, so equal parameters give equal text and hash.
    package var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    package var sha256: String { SHA256.hexDigest(of: json) }

    /// What identifies an analysis of a video besides the file: these
    /// parameters, and the frame-0 mask when there is one (the same video with
    /// another mask is another analysis).
    package func sha256(maskSHA256: String?) -> String {
        guard let maskSHA256 else { return sha256 }
        return SHA256.hexDigest(of: "\(sha256) mask \(maskSHA256)")
    }

    /// The source frame indices processed in a video of `pageCount` pages.
    package func frameIndices(pageCount: Int) -> [Int] {
        let all = Array(stride(from: 0, to: pageCount, by: every))
        if let maxFrames { return Array(all.prefix(maxFrames)) }
        return all
    }
}
