import Foundation
import PlexusImaging
import PlexusStore

/// What happened to each video of a batch.
public struct BatchSummary: Sendable {
    public struct Entry: Sendable {
        public let spec: VideoSpec
        public let videoID: Int64?
        public let frames: Int
        public let message: String?
    }

    public var ingested: [Entry] = []
    public var skipped: [Entry] = []
    public var failed: [Entry] = []
    public var seconds: Double = 0

    public var framesIngested: Int { ingested.reduce(0) { $0 + $1.frames } }
}

/// Runs the pipeline over a batch of videos, `jobs` at a time. Each video is
/// analysed into its own staging file and committed in one transaction, so a
/// failure or a kill loses at most the videos in progress, and the next run
/// skips what is already stored.
public final class BatchIngest {
    public let store: ExperimentStore
    public let parameters: IngestParameters
    public let replace: Bool
    public let jobs: Int

    public init(store: ExperimentStore, parameters: IngestParameters, replace: Bool = false, jobs: Int = 1) {
        self.store = store
        self.parameters = parameters
        self.replace = replace
        self.jobs = max(1, jobs)
    }

    public func run(_ specs: [VideoSpec], commandLine: String, progress: ProgressReporter? = nil) throws -> BatchSummary {
        try parameters.validate()
        let clock = ContinuousClock.now
        store.removeAbandonedStagingFiles()
        let runID = try store.beginRun(toolVersion: PlexusVersion.current, parametersJSON: parameters.json,
                                       commandLine: commandLine)
        // Frame totals for the progress bar; unreadable files count 0 and fail later.
        let totals = specs.map { spec in
            (try? TIFFVideo(path: spec.path, channel: parameters.channel))
                .map { parameters.frameIndices(pageCount: $0.pageCount).count } ?? 0
        }
        progress?.start(videos: specs.map { URL(fileURLWithPath: $0.path).lastPathComponent }, frames: totals)

        let lock = NSLock()
        var summary = BatchSummary()
        var next = 0
        let worker = { [self] in
            while true {
                lock.lock()
                let index = next
                next += 1
                lock.unlock()
                guard index < specs.count else { return }
                let outcome = ingest(specs[index], index: index, runID: runID, progress: progress)
                lock.lock()
                switch outcome {
                case let .ingested(entry): summary.ingested.append(entry)
                case let .skipped(entry): summary.skipped.append(entry)
                case let .failed(entry): summary.failed.append(entry)
                }
                lock.unlock()
                progress?.finished(video: index, outcome: outcome)
            }
        }
        if jobs == 1 || specs.count == 1 {
            worker()
        } else {
            DispatchQueue.concurrentPerform(iterations: min(jobs, specs.count)) { _ in worker() }
        }
        progress?.end()
        try store.finishRun(runID, succeeded: summary.failed.isEmpty)
        summary.seconds = (ContinuousClock.now - clock).seconds
        return summary
    }

    public enum Outcome: Sendable {
        case ingested(BatchSummary.Entry)
        case skipped(BatchSummary.Entry)
        case failed(BatchSummary.Entry)
    }

    func ingest(_ spec: VideoSpec, index: Int, runID: Int64, progress: ProgressReporter?) -> Outcome {
        var staged: StagedVideo?
        defer { staged?.discard() }
        do {
            let video = try TIFFVideo(path: spec.path, channel: parameters.channel)
            let sha256 = try SHA256.hexDigest(ofFile: spec.path)
            if !replace, let existing = try store.videoID(sha256: sha256, parametersSHA256: parameters.sha256) {
                return .skipped(.init(spec: spec, videoID: existing, frames: 0,
                                      message: "already stored as video \(existing) with the same parameters (use --replace to redo it)"))
            }
            let frames = parameters.frameIndices(pageCount: video.pageCount).count
            let record = VideoRecord(
                path: spec.path, sha256: sha256, parametersSHA256: parameters.sha256, condition: spec.condition,
                replicate: spec.replicate, frameCount: video.pageCount, processedFrameCount: frames,
                height: video.height, width: video.width, bitDepth: video.bitDepth, channel: video.channel,
                pixelSizeMicrometres: spec.pixelSizeMicrometres, frameIntervalSeconds: spec.frameIntervalSeconds,
                treatmentFrame: spec.treatmentFrame, metadataJSON: spec.metadataJSON)
            let staging = try StagedVideo(path: store.stagingPath(for: index), video: record)
            staged = staging
            try VideoPipeline(parameters: parameters).analyse(video, spec: spec, into: staging) { done in
                progress?.advance(video: index, framesDone: done)
            }
            try staging.finish()
            switch try store.commit(staging, runID: runID, replace: replace) {
            case let .inserted(videoID):
                return .ingested(.init(spec: spec, videoID: videoID, frames: frames, message: nil))
            case let .alreadyPresent(videoID):
                return .skipped(.init(spec: spec, videoID: videoID, frames: 0,
                                      message: "already stored as video \(videoID) (ingested meanwhile)"))
            }
        } catch {
            let where_ = spec.origin == spec.path ? "" : " (\(spec.origin))"
            return .failed(.init(spec: spec, videoID: nil, frames: 0, message: "\(error)\(where_)"))
        }
    }
}
