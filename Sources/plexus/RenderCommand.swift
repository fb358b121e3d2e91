import ArgumentParser
import Foundation
import PlexusImaging
import PlexusRender
import PlexusStore

extension Plexus {
    struct RenderCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "render",
            abstract: "Draw a cell's frames with its fit: components, edges, mask and events on the images.",
            discussion: """
                Each processed frame of the cell's source video, in grey (the display range is the \
                0.5th–99.5th percentile of the drawn region over up to 8 frames, or --range), with \
                the cell's mask outline (cyan), the network's edges (amber, brighter = stronger, \
                relative to the frame's strongest), each component's 1-SD ellipse and mean in the \
                colour of its id (the same over the whole video; a collapsed component is a cross), \
                the frame's events (birth: green ring, split: magenta ring, merge: blue square, \
                death: red cross where the component was), the frame index and time, and a scale bar \
                when the pixel size is known. The drawing covers the cell's masks' bounds plus 8 px \
                (--full-frame: the whole frame), enlarged --scale times.
                The output's extension chooses the format: .tif/.tiff an RGB stack (Fiji and napari \
                open it; the ImageJ metadata carry the µm calibration and frame interval), .gif an \
                animation for slides, .png one frame (the last processed frame unless --frames names \
                one). The video is found at its stored path and must match its stored SHA-256; when \
                it moved, give --video. Examples:
                  plexus render --db experiment.sqlite --cell 1 --out cell1.tif
                  plexus render --db experiment.sqlite --cell 1 --frames 0-60 --every 2 --out cell1.gif
                  plexus render --db experiment.sqlite --cell 1 --frames 40 --scale 4 --out frame40.png
                """
        )

        @OptionGroup var database: DatabaseOptions

        @Option(parsing: .unconditional, help: "The cell's id (cell.id in the database; plexus sql \"SELECT id, video_id, label FROM cell\").")
        var cell: Int64

        @Option(help: ArgumentHelp("The file to write: .tif/.tiff (RGB stack), .gif (animation) or .png (one frame).", valueName: "file"))
        var out: String

        @Option(help: ArgumentHelp("Frames to draw, by index t: e.g. 40, 0-60 or 0-20,40 (default: every processed frame).", valueName: "list"))
        var frames: String?

        @Option(parsing: .unconditional, help: "Draw every Nth of the chosen frames.")
        var every = 1

        @Option(parsing: .unconditional, help: "Output pixels per video pixel (1–16).")
        var scale = 2

        @Option(help: ArgumentHelp("The grey range LOW,HIGH on the 8-bit intensity scale (default: percentiles).", valueName: "low,high"))
        var range: String?

        @Option(parsing: .unconditional, help: "Frames per second of a GIF.")
        var fps = 10.0

        @Flag(help: "Draw the whole frame, not just the cell's region.")
        var fullFrame = false

        @Option(help: ArgumentHelp("The cell's video, when it is no longer at its stored path.", valueName: "path"))
        var video: String?

        func validate() throws {
            if cell < 1 { throw ValidationError("--cell must be a cell id (1 or more)") }
            _ = try CellMovie.Format(path: out)
            let folder = (out as NSString).deletingLastPathComponent
            var isFolder: ObjCBool = false
            if !folder.isEmpty && (!FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) || !isFolder.boolValue) {
                throw ValidationError("--out \(out): the folder \(folder) does not exist")
            }
            if !CellRenderer.Settings.scales.contains(scale) {
                throw ValidationError("--scale must be from \(CellRenderer.Settings.scales.lowerBound) to \(CellRenderer.Settings.scales.upperBound), not \(scale)")
            }
            if every < 1 { throw ValidationError("--every must be 1 or more, not \(every)") }
            if !(fps > 0 && fps <= 100) { throw ValidationError("--fps must be above 0 and at most 100, not \(fps)") }
        }

        func run() throws {
            let stored = try StoredCell(database: database.db, cellID: cell)
            let format = try CellMovie.Format(path: out)
            var displayRange: ClosedRange<Double>?
            if let range {
                let parts = range.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
                guard parts.count == 2, let low = parts[0], let high = parts[1], low < high else {
                    throw ValidationError("--range \(range): give two intensities LOW,HIGH with LOW < HIGH, e.g. --range 5,120")
                }
                displayRange = low...high
            }
            var chosen = try CellMovie.select(frames, every: every, from: stored)
            if format == .png && frames == nil { chosen = [chosen[chosen.count - 1]] }
            let source = try SourceVideo.open(for: stored, at: video)
            let renderer = try CellRenderer(cell: stored, video: source,
                                            settings: .init(scale: scale, displayRange: displayRange, fullFrame: fullFrame))
            let started = ContinuousClock.now
            let terminal = isatty(STDERR_FILENO) == 1
            var lastDraw = started
            let summary = try CellMovie.write(renderer, frames: chosen, to: out, framesPerSecond: fps) { done in
                guard terminal, ContinuousClock.now - lastDraw > .milliseconds(100) || done == chosen.count else { return }
                lastDraw = .now
                let elapsed = (ContinuousClock.now - started).seconds
                let rate = elapsed > 0 ? Double(done) / elapsed : 0
                let eta = rate > 0 ? String(format: "%.1f s", Double(chosen.count - done) / rate) : "--"
                FileHandle.standardError.write(Data("\rdrawing frame \(done)/\(chosen.count), \(String(format: "%.0f", rate)) frames/s, ETA \(eta)   ".utf8))
            }
            if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            let r = renderer.displayRange
            let rangeText = String(format: "%.4g–%.4g", r.lowerBound, r.upperBound)
                + (renderer.displayRangeFromPercentiles ? " (0.5th–99.5th percentile)" : " (--range)")
            let span = summary.frames.count == 1 ? "frame \(summary.frames[0])"
                : "\(summary.frames.count) frames, t = \(summary.frames[0])…\(summary.frames[summary.frames.count - 1])"
            let bar = renderer.scaleBar.map { "scale bar \($0.label)" } ?? "no scale bar (pixel size unknown)"
            print("wrote \(out) (\(summary.format.rawValue), \(summary.width)×\(summary.height) px, \(span)) of cell \(cell), label \(stored.label) of \(stored.video.path): region rows \(renderer.region.top)–\(renderer.region.bottom - 1), columns \(renderer.region.left)–\(renderer.region.right - 1), ×\(scale); grey range \(rangeText) on the 8-bit scale; \(bar)")
        }
    }
}
