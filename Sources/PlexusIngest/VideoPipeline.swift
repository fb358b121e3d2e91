import Foundation
import PlexusGraph
import PlexusImaging
import PlexusMixture
import PlexusNumerics
import PlexusStore

/// The per-video pipeline: frames are read one at a time, smoothed, and each
/// cell's intensity is fitted by the weighted EM, warm-started from the previous
/// frame so that component k is the same node throughout the video.
///
/// Cells: the labels of a frame-0 label image, or cells found in frame 0
/// (`autoCells`), or the whole frame as one cell. Masks are carried from each
/// processed frame to the next by `CellMaskTracker`; a cell whose mask comes
/// back empty gets one last frame row (status empty, area 0), its `lost_t`, and
/// no later frames, while the others go on.
package struct VideoPipeline: Sendable {
    package let parameters: IngestParameters

    package init(parameters: IngestParameters) { self.parameters = parameters }

    /// What the analysis of one video found out about its cells.
    package struct CellsFound: Sendable {
        package var labels: [Int] = []
        /// Cells whose mask became empty, with the frame at which it did.
        package var lost: [(label: Int, t: Int)] = []
        /// Masked cells (from a label image or `autoCells`), rather than the whole frame.
        package var masked = false

        /// "3 cells; cell 2 lost at t = 40", or nil for one whole-frame cell.
        package var summary: String? {
            guard masked else { return nil }
            var text = labels.count == 1 ? "1 cell" : "\(labels.count) cells"
            if !lost.isEmpty {
                text += "; " + lost.map { "cell \($0.label) lost at t = \($0.t)" }.joined(separator: ", ")
            }
            return text
        }
    }

    /// The evolving state of one cell across frames.
    struct CellTrack {
        let label: Int
        /// nil: the whole frame.
        var mask: BinaryImage?
        /// The live components and their ids (nil before the first fit, and
        /// after every component died).
        var mixture: TrackedMixture?
        var lowerBound: Double?
        /// The next unused component id of the cell.
        var nextID = 0
        var lost = false

        init(label: Int, mask: BinaryImage?) {
            self.label = label
            self.mask = mask
        }
    }

    /// Analyses `video` into `staged`. `labels` is the frame-0 label image (its
    /// size already checked against the video's); without it the cells are
    /// found in frame 0 (`autoCells`) or the whole frame is one cell. `onFrame`
    /// is called after each processed frame with the number processed so far.
    @discardableResult
    package func analyse(_ video: MicroscopyVideo, spec: VideoSpec, labels: LabelImage? = nil, into staged: StagedVideo,
                        onFrame: (Int) throws -> Void = { _ in }) throws -> CellsFound {
        let indices = parameters.frameIndices(pageCount: video.frameCount)
        var cells: [CellTrack] = []
        var outcome = CellsFound()
        for (done, t) in indices.enumerated() {
            let scaled = try video.readFrame(t)
            if done == 0 {
                cells = try initialCells(labels: labels, frame: scaled, path: video.path)
                for cell in cells { try staged.addCell(label: cell.label) }
                outcome.labels = cells.map(\.label)
                outcome.masked = cells.contains { $0.mask != nil }
            }
            let image = GaussianSmoothing.smooth(scaled, sigma: parameters.smoothSigma, regions: smoothedRegions(cells))
            if done > 0 {
                let tracked = cells.indices.filter { !cells[$0].lost && cells[$0].mask != nil }
                if !tracked.isEmpty {
                    let masks = CellMaskTracker.propagate(tracked.map { cells[$0].mask! }, into: image,
                                                          settings: parameters.maskTracking)
                    for (c, mask) in zip(tracked, masks) { cells[c].mask = mask }
                }
            }
            for c in cells.indices where !cells[c].lost {
                if let mask = cells[c].mask, mask.isEmpty {
                    try recordLost(&cells[c], t: t, spec: spec, staged: staged)
                    outcome.lost.append((cells[c].label, t))
                    continue
                }
                try analyseFrame(image, t: t, cell: &cells[c], spec: spec, path: video.path, staged: staged)
                // Morphology does not depend on the fit: every analysed frame has it
                // (written after the frame row that every path of analyse writes).
                if parameters.morphology {
                    let morphology = Morphology.measure(image: image, mask: cells[c].mask?.pixels,
                                                        method: parameters.threshold,
                                                        splitDynamic: parameters.splitDynamic,
                                                        maskExtent: cells[c].mask?.extent)
                    try staged.addMorphology(cell: cells[c].label, t: t, morphology,
                                             pixelSize: spec.pixelSizeMicrometres)
                }
                if let mask = cells[c].mask {
                    try staged.addMask(cell: cells[c].label, t: t, runLength: mask.runLengthEncoded())
                }
            }
            try onFrame(done + 1)
            // Nothing left to follow: the remaining frames would add nothing.
            if cells.allSatisfy(\.lost) { break }
        }
        return outcome
    }

    /// Where a frame is looked at: around each followed cell's mask, the area
    /// mask tracking reads (which holds the cell's next mask, its samples, and
    /// the pixel around it that morphology reads); nil (everywhere) when a cell
    /// is the whole frame.
    func smoothedRegions(_ cells: [CellTrack]) -> [BinaryImage.Rectangle]? {
        var regions: [BinaryImage.Rectangle] = []
        for cell in cells where !cell.lost {
            guard let mask = cell.mask else { return nil }
            if let area = CellMaskTracker.workingArea(of: mask, settings: parameters.maskTracking) { regions.append(area) }
        }
        return regions
    }

    /// The cells of frame 0: the label image's labels, the cells found in
    /// `frame` (8-bit scale, unsmoothed) with `autoCells`, or the whole frame.
    func initialCells(labels: LabelImage?, frame: Image, path: String) throws -> [CellTrack] {
        if let labels {
            return labels.cellMasks().map { CellTrack(label: Int($0.label), mask: $0.mask) }
        }
        guard parameters.autoCells else { return [CellTrack(label: 1, mask: nil)] }
        let found = CellDetection.cells(in: frame, sigma: parameters.autoCellSigma, minimumArea: parameters.minCellArea,
                                        minimumIntensity: Float(parameters.thresholdAbs))
        guard !found.isEmpty else {
            throw IngestError(path: path, "page 0: --auto-cells found no cell of at least --min-cell-area \(parameters.minCellArea) px (smoothing σ = \(parameters.autoCellSigma) px, Otsu threshold of log intensities, nothing at or below --threshold-abs \(parameters.thresholdAbs)); lower --min-cell-area, or give a mask with --mask")
        }
        let masks = CellMaskTracker.settle(found, dilationRadius: parameters.maskDilate)
        return masks.enumerated().map { CellTrack(label: $0.offset + 1, mask: $0.element) }
    }

    /// A cell whose mask came back empty: one frame row saying so, and no more.
    private func recordLost(_ cell: inout CellTrack, t: Int, spec: VideoSpec, staged: StagedVideo) throws {
        let record = Self.blankRecord(t: t, spec: spec, maskAreaPixels: 0, intensityTotal: 0)
        try staged.addFrame(cell: cell.label, record)
        if let mask = cell.mask { try staged.addMask(cell: cell.label, t: t, runLength: mask.runLengthEncoded()) }
        try staged.markLost(cell: cell.label, t: t)
        cell.lost = true
    }

    /// Frame `t`'s row before any fit: status empty, its time from the frame
    /// interval (if known), nothing fitted.
    private static func blankRecord(t: Int, spec: VideoSpec, maskAreaPixels: Int,
                                    intensityTotal: Double) -> FrameRecord {
        FrameRecord(t: t, timeSeconds: spec.frameIntervalSeconds.map { Double(t) * $0 }, status: .empty,
                    maskAreaPixels: maskAreaPixels, intensityTotal: intensityTotal, initializedFrom: nil,
                    peakCount: nil, logLikelihood: nil, iterations: nil, converged: nil, bic: nil, componentCount: 0)
    }

    /// Fits frame `t` (the video's page `t`) of one cell and stores its row, components and network.
    private func analyseFrame(_ image: Image, t: Int, cell: inout CellTrack, spec: VideoSpec, path: String,
                         staged: StagedVideo) throws {
        let samples = WeightedSamples(image: image, mask: cell.mask?.pixels, maskExtent: cell.mask?.extent)
        let area = cell.mask?.area ?? image.width * image.height
        var record = Self.blankRecord(t: t, spec: spec, maskAreaPixels: area, intensityTotal: samples.totalWeight)
        // An all-zero frame (a dropped frame, a shutter glitch) has nothing to
        // fit; the next frame continues from the last good fit.
        guard samples.totalWeight > 0 else {
            try staged.addFrame(cell: cell.label, record)
            return
        }
        let start: TrackedMixture
        var previousLowerBound: Double?
        var initial = false
        if let mixture = cell.mixture {
            start = mixture
            previousLowerBound = cell.lowerBound
            record.initializedFrom = .previousFrame
        } else {
            let masked = cell.mask.map { mask in
                Image(width: image.width, height: image.height,
                      pixels: zip(image.pixels, mask.pixels).map { $1 ? $0 : 0 })
            } ?? image
            let peaks = PeakFinder.peaks(in: masked, minDistance: parameters.minDistance,
                                         thresholdAbs: Float(parameters.thresholdAbs))
            guard !peaks.isEmpty else {
                record.status = .noPeaks
                record.peakCount = 0
                try staged.addFrame(cell: cell.label, record)
                return
            }
            guard peaks.count <= parameters.maxComponents else {
                throw IngestError(path: path, "page \(t), cell \(cell.label): \(peaks.count) peaks, more than --max-components \(parameters.maxComponents). The most common intensity is \(Self.mode(of: masked)) on the 8-bit scale, so flat background above --threshold-abs \(parameters.thresholdAbs) is probably counted as peaks (every plateau pixel is one): raise --threshold-abs above the background")
            }
            // The published method floors only a zero variance; below 1 px² a Gaussian can
            // collapse onto one pixel, so the default preset keeps the 1 px² floor.
            let floor: PeakInitialization.VarianceFloor = parameters.preset == .ornet ? .published : .standard
            start = TrackedMixture(model: PeakInitialization.model(peaks: peaks, image: masked, varianceFloor: floor),
                                   firstID: cell.nextID)
            record.initializedFrom = .peaks
            record.peakCount = peaks.count
            initial = true
        }
        var fit: EMFit
        var mixture: TrackedMixture
        var events: [ComponentEvent] = []
        do {
            switch parameters.components {
            case .fixed:
                fit = try WeightedEM.fit(samples, from: start.model, previousLowerBound: previousLowerBound,
                                         options: parameters.emOptions)
                mixture = start
                mixture.model = fit.model
                record.iterations = fit.iterations
            case .adaptive:
                let moved = try MixtureDynamics.fit(samples, width: image.width, height: image.height, start: start,
                                                    previousLowerBound: previousLowerBound,
                                                    settings: parameters.structureSettings, options: parameters.emOptions)
                mixture = moved.mixture
                events = moved.events
                record.iterations = moved.iterations
                if initial {
                    // The first mixture's own moves are part of its start: its survivors are
                    // numbered afresh from the cell's next id, and they are births only when
                    // the cell had components before (all of them died).
                    let firstID = cell.nextID
                    mixture = TrackedMixture(model: mixture.model, firstID: firstID)
                    events = firstID == 0 ? [] : mixture.ids.map { ComponentEvent(kind: .birth, k: $0) }
                }
                cell.nextID = mixture.nextID
                guard let final = moved.fit else {
                    // Every component died and nothing new showed: a dark frame.
                    record.status = .noPeaks
                    record.count(events)
                    try staged.addFrame(cell: cell.label, record)
                    try staged.addEvents(cell: cell.label, t: t, events)
                    cell.mixture = nil
                    cell.lowerBound = nil
                    return
                }
                fit = final
            }
        } catch let error as StructureError {
            throw IngestError(path: path, "page \(t), cell \(cell.label): \(error)")
        } catch {
            throw IngestError(path: path, "page \(t), cell \(cell.label): the mixture fit failed: \(error)")
        }
        let n = samples.totalWeight
        record.status = .fitted
        record.logLikelihood = fit.lowerBound
        record.converged = fit.converged
        record.count(events)
        record.bic = -2 * fit.lowerBound * n + Double(fit.model.freeParameterCount) * log(n)
        record.componentCount = fit.model.count
        let network: FrameNetwork
        do {
            network = try NetworkAnalysis.network(of: fit.model.components, affinity: parameters.affinity,
                                                  edgeMinimum: parameters.edgeMinimum)
        } catch {
            throw IngestError(path: path, "page \(t), cell \(cell.label): the network could not be analysed: \(error)")
        }
        record.summarize(network)
        try staged.addFrame(cell: cell.label, record, components: fit.model.components, flags: fit.flags,
                            ids: mixture.ids)
        try staged.addNetwork(cell: cell.label, t: t, network, ids: mixture.ids)
        try staged.addEvents(cell: cell.label, t: t, events)
        cell.mixture = mixture
        cell.lowerBound = fit.lowerBound
    }

    /// The most common intensity above zero, rounded: the background level of most videos.
    static func mode(of image: Image) -> Int {
        var counts = [Int](repeating: 0, count: 257)
        for value in image.pixels where value > 0 { counts[min(256, Int(value.rounded()))] += 1 }
        return counts.indices.max { counts[$0] < counts[$1] } ?? 0
    }
}

extension FrameRecord {
    /// Sets the frame's counts of births, deaths, splits and merges.
    mutating func count(_ events: [ComponentEvent]) {
        birthCount = events.filter { $0.kind == .birth }.count
        deathCount = events.filter { $0.kind == .death }.count
        splitCount = events.filter { $0.kind == .split }.count
        mergeCount = events.filter { $0.kind == .merge }.count
    }
}
