import Foundation
import PlexusImaging
import PlexusIngest
import PlexusNumerics
import PlexusStore

/// Draws a cell's processed frames with what ingest found in them: the frame
/// (grey, in a fixed display range), the cell's mask outline, the network's
/// edges by strength, each component's 1-SD ellipse and mean in its id's
/// colour, the frame's births, deaths, splits and merges, the frame index and
/// time, and a scale bar when the pixel size is known.
package struct CellRenderer {
    package struct Settings: Sendable {
        /// Canvas pixels per video pixel (1–16).
        package var scale: Int
        /// The grey range in 8-bit-scale intensities; nil: percentiles of the frames.
        package var displayRange: ClosedRange<Double>?
        /// Draw the whole frame instead of the cell's masks' bounds.
        package var fullFrame: Bool
        /// Video pixels around the masks' bounds.
        package var margin: Int

        package init(scale: Int = 2, displayRange: ClosedRange<Double>? = nil, fullFrame: Bool = false, margin: Int = 8) {
            self.scale = scale
            self.displayRange = displayRange
            self.fullFrame = fullFrame
            self.margin = margin
        }

        package static let scales = 1...16
        /// The percentiles the default display range spans.
        package static let percentiles = (low: 0.5, high: 99.5)
    }

    package let cell: StoredCell
    package let video: MicroscopyVideo
    package let settings: Settings
    /// The part of the frame drawn, in video pixels.
    package let region: BinaryImage.Rectangle
    /// The intensities shown black and white (8-bit scale).
    package let displayRange: ClosedRange<Double>
    /// Whether `displayRange` came from the frames' percentiles (else it was given).
    package let displayRangeFromPercentiles: Bool

    package var canvasWidth: Int { region.width * settings.scale }
    package var canvasHeight: Int { region.height * settings.scale }

    /// Prepares to draw `cell` from `video`, the file it was ingested from
    /// (see `SourceVideo.open`).
    package init(cell: StoredCell, video: MicroscopyVideo, settings: Settings = Settings()) throws {
        guard Settings.scales.contains(settings.scale) else {
            throw RenderError("--scale must be from \(Settings.scales.lowerBound) to \(Settings.scales.upperBound), not \(settings.scale)")
        }
        self.cell = cell
        self.video = video
        self.settings = settings
        let whole = BinaryImage.Rectangle(top: 0, left: 0, bottom: video.height, right: video.width)
        var region = whole
        if !settings.fullFrame && cell.hasMasks {
            var union: BinaryImage.Rectangle?
            for frame in cell.frames {
                guard let bounds = try cell.mask(at: frame.t)?.bounds else { continue }
                union = union.map {
                    BinaryImage.Rectangle(top: min($0.top, bounds.top), left: min($0.left, bounds.left),
                                       bottom: max($0.bottom, bounds.bottom), right: max($0.right, bounds.right))
                } ?? bounds
            }
            if let union { region = union.expanded(by: settings.margin, within: video.width, video.height) }
        }
        self.region = region
        if let given = settings.displayRange {
            guard given.lowerBound.isFinite, given.upperBound.isFinite, given.upperBound > given.lowerBound else {
                throw RenderError("--range must be two intensities LOW,HIGH with LOW < HIGH (8-bit scale, 0–255), not \(given)")
            }
            displayRange = given
            displayRangeFromPercentiles = false
        } else {
            displayRange = try Self.percentileRange(video: video, frames: cell.frames.map(\.t), region: region)
            displayRangeFromPercentiles = true
        }
    }

    /// The 0.5th and 99.5th percentiles of the region's intensities over up
    /// to eight processed frames spread over the video (histogram of 1/16
    /// steps on the 8-bit scale); widened to one step when flat.
    static func percentileRange(video: MicroscopyVideo, frames: [Int], region: BinaryImage.Rectangle) throws -> ClosedRange<Double> {
        let bins = 256 * 16
        var histogram = [Int](repeating: 0, count: bins)
        let picks = frames.isEmpty ? [] : Set((0..<min(8, frames.count)).map { frames[$0 * (frames.count - 1) / max(1, min(8, frames.count) - 1)] })
        var total = 0
        for t in picks.sorted() {
            let image = try video.readFrame(t)
            for row in region.top..<region.bottom {
                for col in region.left..<region.right {
                    let v = Double(image.pixels[row * image.width + col])
                    histogram[min(bins - 1, max(0, Int(v * 16)))] += 1
                    total += 1
                }
            }
        }
        guard total > 0 else { return 0...255 }
        func percentile(_ p: Double) -> Double {
            let target = Int((p / 100 * Double(total)).rounded(.down))
            var seen = 0
            for (bin, count) in histogram.enumerated() {
                seen += count
                if seen > target { return Double(bin) / 16 }
            }
            return 255
        }
        let low = percentile(Settings.percentiles.low)
        let high = max(percentile(Settings.percentiles.high) + 1.0 / 16, low + 1.0 / 16)
        return low...high
    }

    /// Canvas coordinates of a video position (row, col) in pixel units, the
    /// centre of pixel (r, c) being (r, c).
    @inline(__always)
    func canvasPoint(row: Double, col: Double) -> (y: Double, x: Double) {
        let s = Double(settings.scale)
        return ((row - Double(region.top) + 0.5) * s, (col - Double(region.left) + 0.5) * s)
    }

    /// Frame `t` of the cell, drawn.
    package func draw(t: Int) throws -> Canvas {
        let image = try video.readFrame(t)
        let overlay = try cell.overlay(at: t)
        return draw(image: image, overlay: overlay)
    }

    /// `image` (the video's frame) with `overlay` drawn on it.
    package func draw(image: Image, overlay: FrameOverlay) -> Canvas {
        let s = settings.scale
        var canvas = Canvas(width: canvasWidth, height: canvasHeight)
        // The image, nearest-neighbour enlarged.
        let grey = grey(image, levels: Palette.greyLevels)
        canvas.pixels.withUnsafeMutableBufferPointer { out in
            for row in 0..<region.height {
                for dy in 0..<s {
                    let target = (row * s + dy) * canvasWidth
                    for col in 0..<region.width {
                        let level = grey[row * region.width + col]
                        for dx in 0..<s { out[target + col * s + dx] = level }
                    }
                }
            }
        }
        if let mask = overlay.mask { drawOutline(of: mask, on: &canvas) }

        let thickness = max(1, s / 2)
        let byK = Dictionary(overlay.components.map { ($0.k, $0) }, uniquingKeysWith: { a, _ in a })
        for edge in overlay.edges {
            guard let a = byK[edge.a], let b = byK[edge.b] else { continue }
            let p = canvasPoint(row: a.meanRow, col: a.meanCol), q = canvasPoint(row: b.meanRow, col: b.meanCol)
            canvas.line(y0: p.y, x0: p.x, y1: q.y, x1: q.x, colour: Palette.edge(strength: edge.strength), size: thickness)
        }
        for component in overlay.components {
            let colour = Palette.component(component.k)
            let p = canvasPoint(row: component.meanRow, col: component.meanCol)
            if component.collapsed {
                // A starved component: a cross, no ellipse.
                let r = Double(2 * s)
                canvas.line(y0: p.y - r, x0: p.x - r, y1: p.y + r, x1: p.x + r, colour: colour, size: thickness)
                canvas.line(y0: p.y - r, x0: p.x + r, y1: p.y + r, x1: p.x - r, colour: colour, size: thickness)
                continue
            }
            let e = component.ellipse
            canvas.ellipse(cy: p.y, cx: p.x, a: e.major * Double(s), b: e.minor * Double(s), angle: e.angle,
                           colour: colour, size: s >= 3 ? 2 : 1)
            canvas.disc(cy: p.y, cx: p.x, r: max(1.5, Double(s)), colour: colour)
        }
        for event in overlay.events {
            let p = canvasPoint(row: event.row, col: event.col)
            let r = Double(5 * s), mark = thickness + 1
            switch event.kind {
            case .birth:
                canvas.ellipse(cy: p.y, cx: p.x, a: r, b: r, angle: 0, colour: Palette.birth, size: mark)
            case .split:
                canvas.ellipse(cy: p.y, cx: p.x, a: r, b: r, angle: 0, colour: Palette.split, size: mark)
            case .death:
                canvas.line(y0: p.y - r, x0: p.x - r, y1: p.y + r, x1: p.x + r, colour: Palette.death, size: mark)
                canvas.line(y0: p.y - r, x0: p.x + r, y1: p.y + r, x1: p.x - r, colour: Palette.death, size: mark)
            case .merge:
                for (a, b) in [((-r, -r), (-r, r)), ((-r, r), (r, r)), ((r, r), (r, -r)), ((r, -r), (-r, -r))] {
                    canvas.line(y0: p.y + a.0, x0: p.x + a.1, y1: p.y + b.0, x1: p.x + b.1, colour: Palette.merge, size: mark)
                }
            }
        }
        drawLabels(t: overlay.t, on: &canvas)
        return canvas
    }

    /// The region of `image` in `levels` grey levels (0 black, levels − 1
    /// white) over the display range, row-major.
    func grey(_ image: Image, levels: Int) -> [UInt8] {
        let low = displayRange.lowerBound, span = displayRange.upperBound - displayRange.lowerBound
        let top = Double(levels - 1)
        var grey = [UInt8](repeating: 0, count: region.width * region.height)
        image.pixels.withUnsafeBufferPointer { source in
            for row in 0..<region.height {
                let base = (row + region.top) * image.width + region.left
                for col in 0..<region.width {
                    let v = ((Double(source[base + col]) - low) / span * top).rounded()
                    grey[row * region.width + col] = UInt8(min(top, max(0, v.isFinite ? v : 0)))
                }
            }
        }
        return grey
    }

    /// The mask's boundary: the side of each inside pixel that faces an
    /// outside one (or the frame's edge), as a line of the enlarged pixel.
    func drawOutline(of mask: BinaryImage, on canvas: inout Canvas) {
        let s = settings.scale
        let w = max(1, s / 2)
        func inside(_ row: Int, _ col: Int) -> Bool {
            row >= 0 && row < mask.height && col >= 0 && col < mask.width && mask.pixels[row * mask.width + col]
        }
        for row in region.top..<region.bottom {
            for col in region.left..<region.right where mask.pixels[row * mask.width + col] {
                let top = (row - region.top) * s, left = (col - region.left) * s
                if !inside(row - 1, col) { canvas.fill(top: top, left: left, bottom: top + w, right: left + s, colour: Palette.maskOutline) }
                if !inside(row + 1, col) { canvas.fill(top: top + s - w, left: left, bottom: top + s, right: left + s, colour: Palette.maskOutline) }
                if !inside(row, col - 1) { canvas.fill(top: top, left: left, bottom: top + s, right: left + w, colour: Palette.maskOutline) }
                if !inside(row, col + 1) { canvas.fill(top: top, left: left + s - w, bottom: top + s, right: left + s, colour: Palette.maskOutline) }
            }
        }
    }

    /// The text size that suits the canvas: one font pixel per 150 canvas pixels of its shorter side.
    var textScale: Int { max(1, min(4, min(canvasWidth, canvasHeight) / 150)) }

    func drawLabels(t: Int, on canvas: inout Canvas) {
        let ts = textScale
        var label = "t = \(t)"
        if let interval = cell.video.frameIntervalSeconds {
            label += "  " + Self.number(Double(t) * interval) + " s"
        }
        canvas.text(label, top: 2 * ts, left: 2 * ts, scale: ts)
        guard let bar = scaleBar else { return }
        let length = Int((bar.micrometres / bar.micrometresPerCanvasPixel).rounded())
        let thickness = max(2, ts * 2)
        let right = canvasWidth - 3 * ts, bottom = canvasHeight - 3 * ts
        canvas.fill(top: bottom - thickness, left: right - length, bottom: bottom, right: right, colour: Palette.white)
        let text = bar.label
        let textWidth = Canvas.textWidth(text, scale: ts)
        canvas.text(text, top: bottom - thickness - (BitmapFont.height + 2) * ts,
                    left: right - length / 2 - textWidth / 2, scale: ts)
    }

    /// The scale bar: the longest of 1, 2 or 5 × 10ⁿ µm that fits in a fifth
    /// of the drawn width; nil without a pixel size.
    package var scaleBar: (micrometres: Double, micrometresPerCanvasPixel: Double, label: String)? {
        guard let pixel = cell.video.pixelSizeMicrometres, pixel > 0, pixel.isFinite else { return nil }
        let perCanvasPixel = pixel / Double(settings.scale)
        let target = Double(canvasWidth) * perCanvasPixel / 5
        guard target > 0 else { return nil }
        var best = 0.0
        var decade = pow(10, (log10(target)).rounded(.down))
        for _ in 0..<2 {
            for step in [1.0, 2.0, 5.0] where step * decade <= target { best = max(best, step * decade) }
            decade *= 10
        }
        guard best > 0 else { return nil }
        return (best, perCanvasPixel, Self.number(best) + " µm")
    }

    /// A number as people write it: up to three significant digits, no exponent.
    static func number(_ value: Double) -> String {
        var text = String(format: "%.3g", value)
        if text.contains("e") { text = String(format: "%.0f", value) }
        return text
    }
}
