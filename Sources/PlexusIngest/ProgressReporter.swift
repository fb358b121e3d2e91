import Foundation
import PlexusImaging

/// Shows ingest progress on stderr: a redrawn status line (video, frame,
/// frames/s, ETA) when stderr is a terminal, one line per finished video
/// otherwise, nothing when quiet.
package final class ProgressReporter: @unchecked Sendable {
    private let lock = NSLock()
    private let interactive: Bool
    private let quiet: Bool
    private var names: [String] = []
    private var totals: [Int] = []
    private var done: [Int] = []
    private var started = ContinuousClock.now
    private var lastDraw = ContinuousClock.now
    private var current = 0
    private var lineWidth = 0

    package init(quiet: Bool, interactive: Bool = isatty(STDERR_FILENO) == 1) {
        self.quiet = quiet
        self.interactive = interactive
    }

    /// Whether the redrawn status line is shown, the only use of the frame totals given to `start`.
    var drawsStatusLine: Bool { interactive && !quiet }

    func start(videos: [String], frames: [Int]) {
        lock.withLock {
            names = videos
            totals = frames
            done = Array(repeating: 0, count: frames.count)
            started = .now
        }
    }

    func advance(video: Int, framesDone: Int) {
        lock.withLock {
            done[video] = framesDone
            current = video
            guard drawsStatusLine, ContinuousClock.now - lastDraw > .milliseconds(100) else { return }
            lastDraw = .now
            draw()
        }
    }

    func finished(video: Int, outcome: BatchIngest.VideoOutcome) {
        lock.withLock {
            done[video] = totals[video]
            guard !quiet else { return }
            let line: String
            switch outcome {
            case let .ingested(entry):
                line = "ingested \(names[video]): \(entry.frames) frames (video \(entry.videoID ?? 0))"
                    + (entry.message.map { ", \($0)" } ?? "")
            case let .skipped(entry): line = "skipped \(names[video]): \(entry.message ?? "")"
            case let .failed(entry): line = "FAILED \(names[video]): \(entry.message ?? "")"
            case let .interrupted(entry): line = "interrupted \(names[video]): \(entry.message ?? "")"
            }
            clearLine()
            FileHandle.standardError.write(Data((line + "\n").utf8))
            if interactive { draw() }
        }
    }

    func end() {
        lock.withLock { clearLine() }
    }

    private func clearLine() {
        guard interactive, lineWidth > 0 else { return }
        FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: lineWidth) + "\r").utf8))
        lineWidth = 0
    }

    private func draw() {
        let processed = done.reduce(0, +)
        let total = max(totals.reduce(0, +), 1)
        let elapsed = (ContinuousClock.now - started).seconds
        let rate = elapsed > 0 ? Double(processed) / elapsed : 0
        let remaining = rate > 0 ? Double(total - processed) / rate : 0
        let eta = rate > 0 ? Self.clock(remaining) : "--:--"
        let finishedVideos = zip(done, totals).filter { $0 == $1 }.count
        let width = 24
        let filled = min(width, processed * width / total)
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let text = "[\(bar)] video \(min(finishedVideos + 1, totals.count))/\(totals.count) \(names[current])"
            + " frame \(done[current])/\(totals[current])  \(String(format: "%.1f", rate)) frames/s  ETA \(eta)"
        FileHandle.standardError.write(Data(("\r" + text).utf8))
        lineWidth = max(lineWidth, text.count)
    }

    /// A duration as m:ss, or h:mm:ss from an hour on: the ETA of a status line.
    package static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                         : String(format: "%d:%02d", s / 60, s % 60)
    }
}
