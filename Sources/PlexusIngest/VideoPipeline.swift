import Foundation
import PlexusGraph
import PlexusImaging
import PlexusMixture
import PlexusStore

/// The per-video pipeline: frames are read one at a time, smoothed, and each
/// cell's intensity is fitted by the weighted EM, warm-started from the previous
/// frame so that component k is the same node throughout the video.
public struct VideoPipeline: Sendable {
    public let parameters: IngestParameters

    public init(parameters: IngestParameters) { self.parameters = parameters }

    /// The evolving state of one cell across frames.
    struct CellTrack {
        let label: Int
        /// nil: the whole frame.
        let mask: [Bool]?
        var model: MixtureModel?
        var lowerBound: Double?
    }

    /// Analyses `video` into `staged`. `onFrame` is called after each processed
    /// frame with the number processed so far.
    public func analyse(_ video: TIFFVideo, spec: VideoSpec, into staged: StagedVideo,
                        onFrame: (Int) -> Void = { _ in }) throws {
        let indices = parameters.frameIndices(pageCount: video.pageCount)
        var cells = [CellTrack(label: 1, mask: nil)]
        for cell in cells { try staged.addCell(label: cell.label) }
        for (done, t) in indices.enumerated() {
            let raw = try video.readPage(t)
            let image = GaussianSmoothing.smooth(raw.eightBitScaled(), sigma: parameters.smoothSigma)
            for c in cells.indices {
                try analyse(frame: image, t: t, cell: &cells[c], spec: spec, page: t, path: video.path,
                            staged: staged)
            }
            onFrame(done + 1)
        }
    }

    private func analyse(frame image: Image, t: Int, cell: inout CellTrack, spec: VideoSpec, page: Int,
                         path: String, staged: StagedVideo) throws {
        let samples = WeightedSamples(image: image, mask: cell.mask)
        let area = cell.mask.map { $0.reduce(0) { $0 + ($1 ? 1 : 0) } } ?? image.width * image.height
        let time = spec.frameIntervalSeconds.map { Double(t) * $0 }
        var record = FrameRecord(t: t, timeSeconds: time, status: .empty, maskAreaPixels: area,
                                 intensityTotal: samples.totalWeight, initializedFrom: nil, peakCount: nil,
                                 logLikelihood: nil, iterations: nil, converged: nil, bic: nil,
                                 componentCount: 0)
        // An all-zero frame (a dropped frame, a shutter glitch) has nothing to
        // fit; the next frame continues from the last good fit.
        guard samples.totalWeight > 0 else {
            try staged.addFrame(cell: cell.label, record)
            return
        }
        let start: MixtureModel
        var previousLowerBound: Double?
        if let model = cell.model {
            start = model
            previousLowerBound = cell.lowerBound
            record.initializedFrom = .previousFrame
        } else {
            let masked = cell.mask.map { mask in
                Image(width: image.width, height: image.height,
                      pixels: zip(image.pixels, mask).map { $1 ? $0 : 0 })
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
                throw IngestError(path: path, "page \(page), cell \(cell.label): \(peaks.count) peaks, more than --max-components \(parameters.maxComponents). The most common intensity is \(Self.mode(of: masked)) on the 8-bit scale, so flat background above --threshold-abs \(parameters.thresholdAbs) is probably counted as peaks (every plateau pixel is one): raise --threshold-abs above the background")
            }
            start = PeakInitialization.model(peaks: peaks, image: masked)
            record.initializedFrom = .peaks
            record.peakCount = peaks.count
        }
        let fit: EMFit
        do {
            fit = try WeightedEM.fit(samples, from: start, previousLowerBound: previousLowerBound,
                                     options: parameters.emOptions)
        } catch {
            throw IngestError(path: path, "page \(page), cell \(cell.label): the mixture fit failed: \(error)")
        }
        let n = samples.totalWeight
        record.status = .fitted
        record.logLikelihood = fit.lowerBound
        record.iterations = fit.iterations
        record.converged = fit.converged
        record.bic = -2 * fit.lowerBound * n + Double(fit.model.freeParameterCount) * log(n)
        record.componentCount = fit.model.count
        let network: FrameNetwork
        do {
            network = try NetworkAnalysis.network(of: fit.model.components, affinity: parameters.affinity,
                                                  edgeMinimum: parameters.edgeMinimum)
        } catch {
            throw IngestError(path: path, "page \(page), cell \(cell.label): the network could not be analysed: \(error)")
        }
        record.summarize(network)
        try staged.addFrame(cell: cell.label, record, components: fit.model.components, flags: fit.flags)
        try staged.addNetwork(cell: cell.label, t: t, network)
        cell.model = fit.model
        cell.lowerBound = fit.lowerBound
    }

    /// The most common intensity above zero, rounded: the background level of most videos.
    static func mode(of image: Image) -> Int {
        var counts = [Int](repeating: 0, count: 257)
        for value in image.pixels where value > 0 { counts[min(256, Int(value.rounded()))] += 1 }
        return counts.indices.max { counts[$0] < counts[$1] } ?? 0
    }
}
