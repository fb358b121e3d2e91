import Foundation
import PlexusImaging
import PlexusNumerics
import PlexusStore

/// One frame of a cell for a report: the frame's pixels as a grey PNG of the
/// cell's region (the same region and display range `plexus render` uses) and
/// what to draw over it as vectors: components, edges, events, the mask's
/// outline and a scale bar, in pixels of the region (x = column − left,
/// y = row − top; pixel (0, 0) covers [0, 1)²).
package struct CellFigure: Sendable {
    package let cellID: Int64
    package let label: Int64
    package let condition: String
    package let videoPath: String
    package let t: Int
    package let timeSeconds: Double?
    /// The drawn part of the frame, in video pixels.
    package let region: BinaryImage.Rectangle
    package let displayRange: ClosedRange<Double>
    /// A grey PNG of `region`, one pixel per video pixel.
    package let png: [UInt8]
    /// Positions in video pixels (see `FrameOverlay`).
    package let overlay: FrameOverlay
    /// The mask's outline as an SVG path in region pixels ("" without a mask).
    package let outlinePath: String
    /// The scale bar's length in µm and in region pixels, and its label; nil without a pixel size.
    package let scaleBar: (micrometres: Double, pixels: Double, label: String)?

    /// Frame `t` as `renderer` would draw it.
    package init(renderer: CellRenderer, t: Int) throws {
        let cell = renderer.cell
        let image = try renderer.video.readFrame(t)
        overlay = try cell.overlay(at: t)
        cellID = cell.cellID
        label = cell.label
        condition = cell.video.condition
        videoPath = cell.video.path
        self.t = t
        timeSeconds = cell.video.frameIntervalSeconds.map { Double(t) * $0 }
        region = renderer.region
        displayRange = renderer.displayRange
        png = try PNGEncoding.encode(width: region.width, height: region.height, channels: 1,
                                     pixels: renderer.grey(image, levels: 256))
        outlinePath = overlay.mask.map { Self.outline(of: $0, in: renderer.region) } ?? ""
        scaleBar = renderer.scaleBar.map { ($0.micrometres, $0.micrometres / $0.micrometresPerCanvasPixel / Double(renderer.settings.scale), $0.label) }
    }

    /// The boundary between the mask's pixels and the rest (or the frame's
    /// edge) as horizontal and vertical runs: "M x y h n" and "M x y v n".
    /// The region holds the whole mask (it is the masks' bounds plus a margin, or the frame).
    static func outline(of mask: BinaryImage, in region: BinaryImage.Rectangle) -> String {
        func inside(_ row: Int, _ col: Int) -> Bool {
            row >= 0 && row < mask.height && col >= 0 && col < mask.width && mask.pixels[row * mask.width + col]
        }
        var path = ""
        // Horizontal edges: between rows row − 1 and row, for row in top…bottom.
        for row in region.top...region.bottom {
            var start: Int?
            for col in region.left...region.right {
                let boundary = col < region.right && inside(row, col) != inside(row - 1, col)
                if boundary, start == nil { start = col }
                if !boundary, let s = start {
                    path += "M\(s - region.left) \(row - region.top)h\(col - s)"
                    start = nil
                }
            }
        }
        for col in region.left...region.right {
            var start: Int?
            for row in region.top...region.bottom {
                let boundary = row < region.bottom && inside(row, col) != inside(row, col - 1)
                if boundary, start == nil { start = row }
                if !boundary, let s = start {
                    path += "M\(col - region.left) \(s - region.top)v\(row - s)"
                    start = nil
                }
            }
        }
        return path
    }
}

/// The figures of a report: each chosen cell at chosen frames, with the
/// videos that could not be read named instead of drawn.
package struct CellFigures: Sendable {
    package var figures: [Int64: [CellFigure]] = [:]
    /// Why a cell has no figures (its video is missing or changed, …), by cell id.
    package var problems: [Int64: String] = [:]

    package enum Frames: Sendable {
        /// The first, middle and last processed frame.
        case firstMiddleLast
        /// The last processed frame.
        case last
    }

    package init() {}

    /// Figures of every cell of `requests`, opening and checking each video once.
    package static func load(database: String, requests: [(cellID: Int64, frames: Frames)],
                            settings: CellRenderer.Settings = .init(scale: 1)) -> CellFigures {
        var result = CellFigures()
        var videos: [Int64: Result<MicroscopyVideo, Error>] = [:]
        for request in requests where result.figures[request.cellID] == nil && result.problems[request.cellID] == nil {
            do {
                let cell = try StoredCell(database: database, cellID: request.cellID)
                let opened = videos[cell.video.id] ?? Result { try SourceVideo.open(for: cell) }
                videos[cell.video.id] = opened
                let renderer = try CellRenderer(cell: cell, video: try opened.get(), settings: settings)
                let frames = cell.frames.map(\.t)
                guard let last = frames.last else { throw RenderError("cell \(cell.cellID) has no processed frames") }
                let chosen: [Int]
                switch request.frames {
                case .last: chosen = [last]
                case .firstMiddleLast:
                    chosen = [frames[0], frames[frames.count / 2], last].reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
                }
                result.figures[request.cellID] = try chosen.map { try CellFigure(renderer: renderer, t: $0) }
            } catch {
                result.problems[request.cellID] = "\(error)"
            }
        }
        return result
    }
}
