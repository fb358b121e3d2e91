import Foundation
import PlexusRender
import PlexusStore

/// The report's microscopy figures: a cell's frame as an embedded PNG (data
/// URI) with the fit drawn over it in SVG, in the colours `plexus render` uses.
extension ReportPlots {
    /// One frame of a cell, `width` px wide on the page.
    static func figure(_ figure: CellFigure, width: Double, caption: String) -> String {
        let w = Double(figure.region.width), h = Double(figure.region.height)
        guard w > 0, h > 0 else { return "" }
        let unit = w / width   // region pixels per page pixel: strokes stay thin on screen
        let top = Double(figure.region.top), left = Double(figure.region.left)
        func x(_ col: Double) -> String { SVG.f(col - left + 0.5) }
        func y(_ row: Double) -> String { SVG.f(row - top + 0.5) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot cell-image\" data-cell=\"\(figure.cellID)\" data-t=\"\(figure.t)\" viewBox=\"0 0 \(figure.region.width) \(figure.region.height)\" width=\"\(SVG.f(width))\" height=\"\(SVG.f(width * h / w))\" role=\"img\">"
        svg += "<title>\(SVG.escape(caption))</title>"
        svg += "<image x=\"0\" y=\"0\" width=\"\(SVG.f(w))\" height=\"\(SVG.f(h))\" preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" href=\"data:image/png;base64,\(Data(figure.png).base64EncodedString())\"/>"
        if !figure.outlinePath.isEmpty {
            svg += "<path class=\"mask\" d=\"\(figure.outlinePath)\" fill=\"none\" stroke=\"\(Palette.hex(Palette.maskOutline))\" stroke-width=\"\(SVG.f(1.2 * unit))\"/>"
        }
        let byK = Dictionary(figure.overlay.components.map { ($0.k, $0) }, uniquingKeysWith: { a, _ in a })
        for edge in figure.overlay.edges {
            guard let a = byK[edge.a], let b = byK[edge.b] else { continue }
            svg += "<line class=\"edge\" x1=\"\(x(a.meanCol))\" y1=\"\(y(a.meanRow))\" x2=\"\(x(b.meanCol))\" y2=\"\(y(b.meanRow))\" stroke=\"\(Palette.hex(Palette.edge(strength: edge.strength)))\" stroke-width=\"\(SVG.f((0.4 + 1.2 * edge.strength) * unit))\"/>"
        }
        for component in figure.overlay.components {
            let colour = Palette.hex(Palette.component(component.k))
            let cx = x(component.meanCol), cy = y(component.meanRow)
            if component.collapsed {
                let r = 3 * unit
                svg += "<path class=\"collapsed\" d=\"M\(SVG.f(component.meanCol - left + 0.5 - r)) \(SVG.f(component.meanRow - top + 0.5 - r))l\(SVG.f(2 * r)) \(SVG.f(2 * r))m0 \(SVG.f(-2 * r))l\(SVG.f(-2 * r)) \(SVG.f(2 * r))\" stroke=\"\(colour)\" stroke-width=\"\(SVG.f(unit))\"/>"
                continue
            }
            let e = component.ellipse
            svg += "<ellipse class=\"component\" data-k=\"\(component.k)\" cx=\"\(cx)\" cy=\"\(cy)\" rx=\"\(SVG.f(max(e.major, 0.3)))\" ry=\"\(SVG.f(max(e.minor, 0.3)))\" transform=\"rotate(\(SVG.f(e.angle * 180 / Double.pi)) \(cx) \(cy))\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"\(SVG.f(unit))\"/>"
            svg += "<circle cx=\"\(cx)\" cy=\"\(cy)\" r=\"\(SVG.f(1.5 * unit))\" fill=\"\(colour)\"/>"
        }
        for event in figure.overlay.events {
            let cx = event.col - left + 0.5, cy = event.row - top + 0.5, r = 7 * unit
            let stroke = "stroke-width=\"\(SVG.f(1.5 * unit))\" fill=\"none\" class=\"event \(event.kind.rawValue)\""
            switch event.kind {
            case .birth, .split:
                svg += "<circle cx=\"\(SVG.f(cx))\" cy=\"\(SVG.f(cy))\" r=\"\(SVG.f(r))\" stroke=\"\(Palette.hex(event.kind == .birth ? Palette.birth : Palette.split))\" \(stroke)/>"
            case .merge:
                svg += "<rect x=\"\(SVG.f(cx - r))\" y=\"\(SVG.f(cy - r))\" width=\"\(SVG.f(2 * r))\" height=\"\(SVG.f(2 * r))\" stroke=\"\(Palette.hex(Palette.merge))\" \(stroke)/>"
            case .death:
                svg += "<path d=\"M\(SVG.f(cx - r)) \(SVG.f(cy - r))l\(SVG.f(2 * r)) \(SVG.f(2 * r))m0 \(SVG.f(-2 * r))l\(SVG.f(-2 * r)) \(SVG.f(2 * r))\" stroke=\"\(Palette.hex(Palette.death))\" \(stroke)/>"
            }
        }
        let fontSize = 11 * unit
        var label = "t = \(figure.t)"
        if let seconds = figure.timeSeconds { label += " · \(SVG.number(seconds)) s" }
        svg += "<text x=\"\(SVG.f(4 * unit))\" y=\"\(SVG.f(4 * unit + fontSize))\" font-size=\"\(SVG.f(fontSize))\" font-family=\"sans-serif\" fill=\"#fff\" stroke=\"#000\" stroke-width=\"\(SVG.f(0.25 * unit))\">\(SVG.escape(label))</text>"
        if let bar = figure.scaleBar {
            let right = w - 6 * unit, bottom = h - 6 * unit
            svg += "<rect class=\"scale-bar\" x=\"\(SVG.f(right - bar.pixels))\" y=\"\(SVG.f(bottom - 3 * unit))\" width=\"\(SVG.f(bar.pixels))\" height=\"\(SVG.f(3 * unit))\" fill=\"#fff\"/>"
            svg += "<text x=\"\(SVG.f(right - bar.pixels / 2))\" y=\"\(SVG.f(bottom - 5 * unit))\" text-anchor=\"middle\" font-size=\"\(SVG.f(fontSize))\" font-family=\"sans-serif\" fill=\"#fff\" stroke=\"#000\" stroke-width=\"\(SVG.f(0.25 * unit))\">\(SVG.escape(bar.label))</text>"
        }
        return svg + "</svg>"
    }
}

extension HTMLReport {
    /// The legend under the images: what each mark means.
    static let figureLegend = "Grey: the frame (display range from the 0.5th to the 99.5th percentile of the drawn region over up to 8 frames). Cyan: the cell's mask. Ellipses: Gaussian components at one standard deviation, a dot at the mean, coloured by component id (the same colours as plexus render); a cross is a collapsed component (under one unit of intensity). Amber lines: edges, brighter for stronger ties relative to the frame's strongest. Green ring: a component born in this frame; magenta ring: split from a parent; blue square: merged; red cross: died (where it was last)."

    /// The representative cells over the images, or today's drawing when their videos cannot be read.
    func imageFigures(_ figures: CellFigures) -> String {
        var text = "<p>The representative cell of each condition (nearest its condition's median over all features) at its first, middle and last frame, drawn on its video. \(e(Self.figureLegend))</p>"
        var fallbacks: [String] = []
        for (i, snapshot) in report.snapshots.enumerated() {
            let id = Int64(snapshot.cellID)
            guard let frames = figures.figures[id], !frames.isEmpty else {
                fallbacks.append("cell \(snapshot.cellID): \(figures.problems[id] ?? "no frames")")
                text += networkFigure(snapshot, index: i)
                continue
            }
            text += "<figure class=\"cell-images\" id=\"network-\(i + 1)\" data-condition=\"\(e(snapshot.condition))\">"
            for frame in frames {
                text += ReportPlots.figure(frame, width: 240, caption: "\(snapshot.condition), cell \(snapshot.cellID), frame \(frame.t)")
            }
            let counts = frames.map { String($0.overlay.components.count) }.joined(separator: ", ")
            text += "<figcaption>\(swatch(snapshot.condition)): cell \(snapshot.cellID) (label \(frames[0].label) of <code>\(e(URL(fileURLWithPath: frames[0].videoPath).lastPathComponent))</code>), frames \(frames.map { String($0.t) }.joined(separator: ", ")); \(counts) components</figcaption></figure>"
        }
        if !fallbacks.isEmpty {
            text = "<p class=\"warning\">The videos of \(fallbacks.count) representative cell\(fallbacks.count == 1 ? "" : "s") could not be read, so \(fallbacks.count == 1 ? "it is" : "they are") drawn without the images: \(e(fallbacks.joined(separator: "; ")))</p>" + text
        }
        return text
    }

    /// Every cell at its last frame, in a collapsible section.
    func gallery(_ figures: CellFigures) -> String {
        let drawn = report.cells.filter { figures.figures[Int64($0.id)]?.isEmpty == false }
        let missing = report.cells.count - drawn.count
        var text = "<details class=\"gallery\" id=\"gallery\"><summary>All \(drawn.count) cells at their last frame\(missing > 0 ? " (\(missing) more whose videos could not be read)" : "")</summary><div class=\"figures\">"
        for condition in report.reportedConditions {
            for cell in drawn where cell.condition == condition {
                guard let frame = figures.figures[Int64(cell.id)]?.last else { continue }
                text += "<figure class=\"thumbnail\">" + ReportPlots.figure(frame, width: 150, caption: "\(condition), cell \(cell.id), frame \(frame.t)")
                    + "<figcaption>\(swatch(condition)) cell \(cell.id), t = \(frame.t)</figcaption></figure>"
            }
        }
        return text + "</div></details>"
    }
}
