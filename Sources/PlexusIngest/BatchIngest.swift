import Foundation
import PlexusImaging
import PlexusStore

/// What happened to each video of a batch.
package struct BatchSummary: Sendable {
    package struct Entry: Sendable {
        package let spec: VideoSpec
        package let videoID: Int64?
        package let frames: Int
        package let message: String?
        /// What the reader made of the file (layout, channel, calibration and bits), for a verbose run.
        package var reading: String? = nil
        /// What the reader noticed but could not decide (e.g. pages that look like interleaved channels).
        package var warnings: [String] = []
    }

    package var ingested: [Entry] = []
    package var skipped: [Entry] = []
    package var failed: [Entry] = []
    /// Videos stopped by an interruption (rolled back) or never started after it.
    package var interrupted: [Entry] = []
    package var seconds: Double = 0

    package var framesIngested: Int { ingested.reduce(0) { $0 + $1.frames } }
}

/// The videos of a batch handed out to the workers one at a time, and what
/// became of them, under one lock.
private final class WorkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private let count: Int
    private var next = 0
    private var outcomes = BatchSummary()

    init(count: Int) { self.count = count }

    /// The index of the next video to ingest, or nil when all are taken.
    func take() -> Int? {
        lock.withLock {
            guard next < count else { return nil }
            defer { next += 1 }
            return next
        }
    }

    func record(_ outcome: BatchIngest.VideoOutcome) {
        lock.withLock {
            switch outcome {
            case let .ingested(entry): outcomes.ingested.append(entry)
            case let .skipped(entry): outcomes.skipped.append(entry)
            case let .failed(entry): outcomes.failed.append(entry)
            case let .interrupted(entry): outcomes.interrupted.append(entry)
            }
        }
    }

    var summary: BatchSummary { lock.withLock { outcomes } }
}

/// Thrown between frames when the batch was asked to stop.
struct IngestInterruption: Error {}

/// Runs the pipeline over a batch of videos, `jobs` at a time. Each video is
/// analysed into its own staging file and committed in one transaction, so a
/// failure or a kill loses at most the videos in progress, and the next run
/// skips what is already stored.
///
/// Shared by the workers of `run`: everything but the stop flag is immutable,
/// and the flag is read and written under `stopLock`.
package final class BatchIngest: @unchecked Sendable {
    package let store: ExperimentStore
    package let parameters: IngestParameters
    package let replace: Bool
    package let jobs: Int
    /// With a shard, `run` ingests only the shard's videos (those whose 0-based
    /// position in the batch is its index modulo its count) and records the shard.
    package let shard: Shard?
    private let stopLock = NSLock()
    private var stop = false

    /// Asks the batch to stop: no video starts after this, videos in progress
    /// stop at their next frame and are rolled back, committed videos stay, and
    /// the run ends 'interrupted'. Safe to call from a signal handler's queue.
    package func requestStop() { stopLock.withLock { stop = true } }

    package var stopRequested: Bool { stopLock.withLock { stop } }

    package init(store: ExperimentStore, parameters: IngestParameters, replace: Bool = false, jobs: Int = 1,
                shard: Shard? = nil) {
        self.store = store
        self.parameters = parameters
        self.replace = replace
        self.jobs = max(1, jobs)
        self.shard = shard
    }

    /// Ingests `batch` (all of it, or this batch's shard).
    package func run(_ batch: [VideoSpec], commandLine: String, progress: ProgressReporter? = nil) throws -> BatchSummary {
        try parameters.validate()
        let specs = shard?.select(batch) ?? batch
        let clock = ContinuousClock.now
        store.removeAbandonedStagingFiles()
        try store.markAbandonedRuns()
        let runID = try store.beginRun(toolVersion: PlexusVersion.current, parametersJSON: parameters.json,
                                       commandLine: commandLine, shard: shard)
        // Frame totals for the status line, read only when it is drawn (zeros
        // otherwise); unreadable files count 0 and fail later.
        let totals = progress?.drawsStatusLine == true
            ? specs.map { spec in
                (try? MicroscopyVideo(path: spec.path, options: parameters.applying(spec).readerOptions()))
                    .map { parameters.frameIndices(pageCount: $0.frameCount).count } ?? 0
            }
            : Array(repeating: 0, count: specs.count)
        progress?.start(videos: specs.map { URL(fileURLWithPath: $0.path).lastPathComponent }, frames: totals)

        let queue = WorkQueue(count: specs.count)
        let worker: @Sendable () -> Void = { [self] in
            while let index = queue.take() {
                if stopRequested {
                    queue.record(.interrupted(.init(spec: specs[index], videoID: nil, frames: 0, message: "not started")))
                    continue
                }
                let outcome = ingest(specs[index], index: index, runID: runID, progress: progress)
                queue.record(outcome)
                progress?.finished(video: index, outcome: outcome)
            }
        }
        if jobs == 1 || specs.count == 1 {
            worker()
        } else {
            DispatchQueue.concurrentPerform(iterations: min(jobs, specs.count)) { _ in worker() }
        }
        var summary = queue.summary
        progress?.end()
        try store.finishRun(runID, as: stopRequested ? .interrupted : summary.failed.isEmpty ? .finished : .failed)
        summary.seconds = (ContinuousClock.now - clock).seconds
        return summary
    }

    package enum VideoOutcome: Sendable {
        case ingested(BatchSummary.Entry)
        case skipped(BatchSummary.Entry)
        case failed(BatchSummary.Entry)
        /// Stopped by `requestStop` and rolled back.
        case interrupted(BatchSummary.Entry)
    }

    func ingest(_ spec: VideoSpec, index: Int, runID: Int64, progress: ProgressReporter?) -> VideoOutcome {
        var staged: StagedVideo?
        defer { staged?.discard() }
        var warnings: [String] = []
        do {
            let parameters = self.parameters.applying(spec)
            let video = try MicroscopyVideo(path: spec.path,
                                            options: parameters.readerOptions(significantBitsSource: spec.bitDepth != nil && spec.isFromSheet ? "sheet" : "option"))
            warnings = video.warnings
            let sha256 = try SHA256.hexDigest(of: video)
            var maskSHA256: String?
            if let maskPath = spec.maskPath {
                guard FileManager.default.fileExists(atPath: maskPath) else {
                    throw IngestError(path: spec.path, "cell mask \(maskPath): file not found")
                }
                maskSHA256 = try SHA256.hexDigest(ofFile: maskPath)
            }
            let identity = parameters.sha256(maskSHA256: maskSHA256)
            if !replace, let existing = try store.videoID(sha256: sha256, parametersSHA256: identity) {
                return .skipped(.init(spec: spec, videoID: existing, frames: 0,
                                      message: "already stored as video \(existing) with the same parameters\(maskSHA256 == nil ? "" : " and mask") (use --replace to redo it)",
                                      warnings: warnings))
            }
            let labels = try spec.maskPath.map { try Self.labels(maskPath: $0, for: video) }
            let frames = parameters.frameIndices(pageCount: video.frameCount).count
            // Calibration: the sheet or the command line first, then the file's metadata.
            var spec = spec
            let given = spec.isFromSheet ? "sheet" : "option"
            let metadataSource = video.metadata.source.rawValue
            var pixelSizeSource = spec.pixelSizeMicrometres == nil ? nil : given
            if spec.pixelSizeMicrometres == nil, let size = video.metadata.pixelSizeMicrometres {
                spec.pixelSizeMicrometres = size
                pixelSizeSource = metadataSource
            }
            var frameIntervalSource = spec.frameIntervalSeconds == nil ? nil : given
            if spec.frameIntervalSeconds == nil, let interval = video.metadata.frameIntervalSeconds {
                spec.frameIntervalSeconds = interval
                frameIntervalSource = metadataSource
            }
            var record = VideoRecord(
                path: spec.path, sha256: sha256, parametersSHA256: identity, condition: spec.condition,
                replicate: spec.replicate, frameCount: video.frameCount, processedFrameCount: frames,
                height: video.height, width: video.width, bitDepth: video.bitDepth, channel: video.channel,
                pixelSizeMicrometres: spec.pixelSizeMicrometres, frameIntervalSeconds: spec.frameIntervalSeconds,
                treatmentFrame: spec.treatmentFrame, metadataJSON: spec.metadataJSON, maskPath: spec.maskPath,
                maskSHA256: maskSHA256)
            record.stackJSON = video.stackJSON
            record.pixelSizeSource = pixelSizeSource
            record.frameIntervalSource = frameIntervalSource
            record.significantBits = video.significantBits
            record.significantBitsSource = video.significantBitsSource
            var reading = video.summary
            reading += spec.pixelSizeMicrometres.map { "; pixel \(String(format: "%g", $0)) µm (\(pixelSizeSource!))" } ?? "; pixel size unknown"
            reading += spec.frameIntervalSeconds.map { "; interval \(String(format: "%g", $0)) s (\(frameIntervalSource!))" } ?? "; frame interval unknown"
            let staging = try StagedVideo(path: store.stagingPath(for: index), video: record, schema: store.stagingSchema)
            staged = staging
            let outcome = try VideoPipeline(parameters: parameters).analyse(video, spec: spec, labels: labels,
                                                                           into: staging) { done in
                progress?.advance(video: index, framesDone: done)
                if self.stopRequested { throw IngestInterruption() }
            }
            try staging.finish()
            switch try store.commit(staging, runID: runID, replace: replace) {
            case let .inserted(videoID):
                return .ingested(.init(spec: spec, videoID: videoID, frames: frames, message: outcome.summary,
                                       reading: reading, warnings: warnings))
            case let .alreadyPresent(videoID):
                return .skipped(.init(spec: spec, videoID: videoID, frames: 0,
                                      message: "already stored as video \(videoID) (ingested meanwhile)"))
            }
        } catch is IngestInterruption {
            return .interrupted(.init(spec: spec, videoID: nil, frames: 0, message: "stopped and rolled back", warnings: warnings))
        } catch {
            let origin = spec.origin == spec.path ? "" : " (\(spec.origin))"
            return .failed(.init(spec: spec, videoID: nil, frames: 0, message: "\(error)\(origin)", warnings: warnings))
        }
    }

    /// The frame-0 label image of `video`, checked: readable, of the video's size, with at least one label.
    static func labels(maskPath: String, for video: MicroscopyVideo) throws -> LabelImage {
        let labels: LabelImage
        do {
            labels = try LabelImage.read(path: maskPath)
        } catch {
            throw IngestError(path: video.path, "cell mask \(error)")
        }
        guard labels.width == video.width, labels.height == video.height else {
            throw IngestError(path: video.path, "cell mask \(maskPath) is \(labels.width)×\(labels.height) px but the video is \(video.width)×\(video.height) px (width × height); the mask must label frame 0 of this video")
        }
        guard labels.labels.contains(where: { $0 != 0 }) else {
            throw IngestError(path: video.path, "cell mask \(maskPath) has no labels (every pixel is 0); label each cell's pixels 1, 2, 3, … and the background 0")
        }
        return labels
    }
}
