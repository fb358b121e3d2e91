import Foundation

/// The report's three kinds of plot, each an inline `<svg>` string.
enum ReportPlots {
    static let font = "font-family=\"system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif\""

    /// Axes with ticks and labels around the plotting area of `x` × `y`.
    static func axes(x: SVG.Scale, y: SVG.Scale, xLabel: String, yLabel: String, xTicks: [Double]? = nil) -> String {
        var svg = ""
        let (left, right) = x.range, (bottom, top) = y.range
        for tick in y.ticks(5) {
            let py = y(tick)
            svg += "<line x1=\"\(SVG.f(left))\" y1=\"\(SVG.f(py))\" x2=\"\(SVG.f(right))\" y2=\"\(SVG.f(py))\" stroke=\"#e3e3e3\" stroke-width=\"1\"/>"
            svg += "<text x=\"\(SVG.f(left - 6))\" y=\"\(SVG.f(py + 4))\" text-anchor=\"end\" font-size=\"11\" fill=\"#444\">\(SVG.escape(SVG.number(tick)))</text>"
        }
        for tick in xTicks ?? x.ticks(6) {
            let px = x(tick)
            svg += "<line x1=\"\(SVG.f(px))\" y1=\"\(SVG.f(bottom))\" x2=\"\(SVG.f(px))\" y2=\"\(SVG.f(bottom + 4))\" stroke=\"#444\"/>"
            svg += "<text x=\"\(SVG.f(px))\" y=\"\(SVG.f(bottom + 16))\" text-anchor=\"middle\" font-size=\"11\" fill=\"#444\">\(SVG.escape(SVG.number(tick)))</text>"
        }
        svg += "<line x1=\"\(SVG.f(left))\" y1=\"\(SVG.f(bottom))\" x2=\"\(SVG.f(right))\" y2=\"\(SVG.f(bottom))\" stroke=\"#444\"/>"
        svg += "<line x1=\"\(SVG.f(left))\" y1=\"\(SVG.f(bottom))\" x2=\"\(SVG.f(left))\" y2=\"\(SVG.f(top))\" stroke=\"#444\"/>"
        svg += "<text x=\"\(SVG.f((left + right) / 2))\" y=\"\(SVG.f(bottom + 32))\" text-anchor=\"middle\" font-size=\"12\" fill=\"#222\">\(SVG.escape(xLabel))</text>"
        svg += verticalLabel(yLabel, centre: (bottom + top) / 2, length: bottom - top + 30)
        return svg
    }

    /// The y axis's label, turned to read upwards. A label longer than the
    /// axis (about 0.56 em a character) is set in two lines, the name and then
    /// its unit in parentheses, at a size that fits.
    static func verticalLabel(_ label: String, centre cy: Double, length: Double) -> String {
        func width(_ text: String, _ size: Double) -> Double { Double(text.count) * size * 0.56 }
        guard width(label, 12) > length else {
            return "<text x=\"13\" y=\"\(SVG.f(cy))\" text-anchor=\"middle\" font-size=\"12\" fill=\"#222\" transform=\"rotate(-90 13 \(SVG.f(cy)))\">\(SVG.escape(label))</text>"
        }
        var lines = [label]
        if let open = label.range(of: " (", options: .backwards) {
            lines = [String(label[..<open.lowerBound]), String(label[label.index(after: open.lowerBound)...])]
        }
        let longest = lines.map(\.count).max() ?? 1
        let size = max(7, min(11, length / (Double(longest) * 0.56)))
        var text = "<text x=\"9\" y=\"\(SVG.f(cy))\" text-anchor=\"middle\" font-size=\"\(SVG.f(size))\" fill=\"#222\" transform=\"rotate(-90 9 \(SVG.f(cy)))\">"
        for (i, line) in lines.enumerated() {
            text += "<tspan x=\"9\" dy=\"\(i == 0 ? "0" : SVG.f(size + 1))\">\(SVG.escape(line))</tspan>"
        }
        return text + "</text>"
    }

    static func legend(_ conditions: [String], colours: [String: String], x: Double, y: Double) -> String {
        var svg = "", offset = 0.0
        for condition in conditions {
            let colour = colours[condition] ?? "#000"
            svg += "<rect x=\"\(SVG.f(x + offset))\" y=\"\(SVG.f(y - 9))\" width=\"12\" height=\"10\" fill=\"\(colour)\"/>"
            svg += "<text x=\"\(SVG.f(x + offset + 16))\" y=\"\(SVG.f(y))\" font-size=\"11\" fill=\"#222\">\(SVG.escape(condition))</text>"
            offset += 26 + Double(condition.count) * 6.5
        }
        return svg
    }

    /// Mean of `metric` per condition over time, with its confidence band.
    /// The x axis is time in seconds when `seconds`, else the frame index.
    static func timeCourse(metric: String, points: [ConditionReport.TimePoint], conditions: [String],
                           colours: [String: String], seconds: Bool, confidence: Double,
                           units: FeatureLabels.Units, treatments: [Double] = []) -> String {
        let width = 460.0, height = 270.0
        func time(_ point: ConditionReport.TimePoint) -> Double { seconds ? point.timeSeconds ?? .nan : Double(point.t) }
        let x = SVG.Scale(domain: SVG.extent(points.map(time), padding: 0), range: (74, width - 12))
        let y = SVG.Scale(domain: SVG.extent(points.flatMap { [$0.ciLow ?? $0.mean, $0.ciHigh ?? $0.mean] }),
                          range: (height - 46, 26))
        let label = FeatureLabels.metricLabel(metric, units)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot time-course\" data-metric=\"\(SVG.escape(metric))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" \(font) role=\"img\">"
        svg += "<title>\(SVG.escape(label)): mean per condition over time, \(Int((confidence * 100).rounded()))% confidence band</title>"
        svg += axes(x: x, y: y, xLabel: seconds ? "time (s)" : "frame", yLabel: label)
        for condition in conditions {
            let series = points.filter { $0.condition == condition }.sorted { $0.t < $1.t }
            guard !series.isEmpty, let colour = colours[condition] else { continue }
            let banded = series.filter { $0.ciLow != nil && $0.ciHigh != nil }
            if banded.count > 1 {
                let upper = banded.map { "\(SVG.f(x(time($0)))),\(SVG.f(y($0.ciHigh!)))" }
                let lower = banded.reversed().map { "\(SVG.f(x(time($0)))),\(SVG.f(y($0.ciLow!)))" }
                svg += "<polygon class=\"band\" points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(colour)\" fill-opacity=\"0.18\" stroke=\"none\"/>"
            }
            let line = series.map { "\(SVG.f(x(time($0)))),\(SVG.f(y($0.mean)))" }.joined(separator: " ")
            svg += "<polyline class=\"mean\" data-condition=\"\(SVG.escape(condition))\" points=\"\(line)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.8\"/>"
            if series.count < 3 {   // too few points for a line to show: mark them
                for point in series {
                    svg += "<circle cx=\"\(SVG.f(x(time(point))))\" cy=\"\(SVG.f(y(point.mean)))\" r=\"3\" fill=\"\(colour)\"/>"
                }
            }
        }
        // The treatment: a dashed line where the sample sheet's treatment_frame falls.
        for treatment in treatments where treatment >= x.domain.0 && treatment <= x.domain.1 {
            let px = SVG.f(x(treatment))
            svg += "<line class=\"treatment\" x1=\"\(px)\" y1=\"\(SVG.f(y.range.0))\" x2=\"\(px)\" y2=\"\(SVG.f(y.range.1))\" stroke=\"#b00\" stroke-dasharray=\"4 3\"/>"
            svg += "<text x=\"\(px)\" y=\"\(SVG.f(y.range.1 - 3))\" text-anchor=\"middle\" font-size=\"10\" fill=\"#b00\">treatment</text>"
        }
        svg += legend(conditions, colours: colours, x: 78, y: 14)
        return svg + "</svg>"
    }

    /// Per-cell values of `feature` per condition: a box (quartiles, median,
    /// whiskers to the furthest value within 1.5 IQR) behind the cells as dots,
    /// with the BH-adjusted Mann–Whitney p of each condition against the baseline.
    static func distribution(feature: String, cells: [ConditionReport.Cell], conditions: [String],
                             colours: [String: String], comparisons: [ConditionReport.Comparison],
                             units: FeatureLabels.Units,
                             quartiles: (String) -> (q1: Double, median: Double, q3: Double)?) -> String {
        let slot = 78.0, width = 80 + slot * Double(conditions.count) + 10, height = 250.0
        let values = cells.compactMap { $0.features[feature].flatMap { $0 } }
        let y = SVG.Scale(domain: SVG.extent(values, padding: 0.08), range: (height - 46, 34))
        let x = SVG.Scale(domain: (0, Double(conditions.count)), range: (80, width - 10))
        let label = FeatureLabels.label(feature, units)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot distribution\" data-feature=\"\(SVG.escape(feature))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" \(font) role=\"img\">"
        svg += "<title>\(SVG.escape(label)) per cell, by condition</title>"
        svg += axes(x: x, y: y, xLabel: "", yLabel: label, xTicks: [])
        for (i, condition) in conditions.enumerated() {
            let centre = x(Double(i) + 0.5), colour = colours[condition] ?? "#000"
            let sample = cells.filter { $0.condition == condition }.compactMap { $0.features[feature].flatMap { $0 } }.sorted()
            svg += "<text x=\"\(SVG.f(centre))\" y=\"\(SVG.f(height - 28))\" text-anchor=\"middle\" font-size=\"11\" fill=\"#222\">\(SVG.escape(condition))</text>"
            svg += "<text x=\"\(SVG.f(centre))\" y=\"\(SVG.f(height - 15))\" text-anchor=\"middle\" font-size=\"10\" fill=\"#666\">n = \(sample.count)</text>"
            if let q = quartiles(condition) {
                let iqr = q.q3 - q.q1
                let low = sample.first { $0 >= q.q1 - 1.5 * iqr } ?? q.q1
                let high = sample.last { $0 <= q.q3 + 1.5 * iqr } ?? q.q3
                let half = 20.0
                svg += "<line x1=\"\(SVG.f(centre))\" y1=\"\(SVG.f(y(low)))\" x2=\"\(SVG.f(centre))\" y2=\"\(SVG.f(y(high)))\" stroke=\"#999\"/>"
                svg += "<rect class=\"box\" x=\"\(SVG.f(centre - half))\" y=\"\(SVG.f(y(q.q3)))\" width=\"\(SVG.f(2 * half))\" height=\"\(SVG.f(max(y(q.q1) - y(q.q3), 0.5)))\" fill=\"\(colour)\" fill-opacity=\"0.12\" stroke=\"\(colour)\"/>"
                svg += "<line x1=\"\(SVG.f(centre - half))\" y1=\"\(SVG.f(y(q.median)))\" x2=\"\(SVG.f(centre + half))\" y2=\"\(SVG.f(y(q.median)))\" stroke=\"\(colour)\" stroke-width=\"2.2\"/>"
            }
            for (j, value) in sample.enumerated() {
                // Deterministic jitter: the golden-ratio sequence spreads dots evenly.
                let jitter = (Double(j) * 0.618_033_988_75).truncatingRemainder(dividingBy: 1) - 0.5
                svg += "<circle class=\"cell\" cx=\"\(SVG.f(centre + jitter * 26))\" cy=\"\(SVG.f(y(value)))\" r=\"3.2\" fill=\"\(colour)\" fill-opacity=\"0.85\" stroke=\"#fff\" stroke-width=\"0.6\"/>"
            }
            if i > 0, let comparison = comparisons.first(where: { $0.condition == condition && $0.feature == feature }) {
                let text = comparison.mannWhitneyPBH.map { "p_BH " + pText($0) } ?? "n/c"
                svg += "<text x=\"\(SVG.f(centre))\" y=\"18\" text-anchor=\"middle\" font-size=\"10.5\" fill=\"\(comparison.isSignificant ? "#b00020" : "#555")\">\(SVG.escape(text))</text>"
            }
        }
        return svg + "</svg>"
    }

    /// A p-value for people: three significant digits, "< 0.0001" below that.
    static func pText(_ p: Double) -> String {
        p < 1e-4 ? "< 0.0001" : (p >= 0.001 ? String(format: "%.3f", p) : SVG.number(p, digits: 2))
    }

    /// One frame's network: each component an ellipse at one standard deviation,
    /// filled in proportion to its weight; each edge a line whose width and
    /// opacity follow log10 of its affinity over six decades below the
    /// frame's strongest. The view is the square around the components (each
    /// to two standard deviations, plus a margin), inside the frame.
    static func network(_ network: ConditionReport.Network, colour: String, caption: String) -> String {
        let size = 230.0
        let frameWidth = Double(max(network.width, 1)), frameHeight = Double(max(network.height, 1))
        var (x0, y0, x1, y1) = (0.0, 0.0, frameWidth, frameHeight)
        if !network.components.isEmpty {
            x0 = network.components.map { $0.x - 2 * $0.semiMajor }.min()!
            x1 = network.components.map { $0.x + 2 * $0.semiMajor }.max()!
            y0 = network.components.map { $0.y - 2 * $0.semiMajor }.min()!
            y1 = network.components.map { $0.y + 2 * $0.semiMajor }.max()!
            let side = min(max(x1 - x0, y1 - y0) * 1.1 + 8, max(frameWidth, frameHeight))
            let cx = (x0 + x1) / 2, cy = (y0 + y1) / 2
            x0 = min(max(cx - side / 2, 0), max(frameWidth - side, 0))
            y0 = min(max(cy - side / 2, 0), max(frameHeight - side, 0))
            x1 = x0 + side
            y1 = y0 + side
        }
        let width = x1 - x0, height = y1 - y0
        let scale = size / max(width, height)
        let pixelWidth = width * scale, pixelHeight = height * scale
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot network\" data-cell=\"\(network.cellID)\" data-t=\"\(network.t)\" viewBox=\"\(SVG.f(x0)) \(SVG.f(y0)) \(SVG.f(width)) \(SVG.f(height + 18 / scale))\" width=\"\(SVG.f(pixelWidth))\" height=\"\(SVG.f(pixelHeight + 18))\" \(font) role=\"img\">"
        svg += "<title>\(SVG.escape(caption))</title>"
        // Dark where the frame is, light grey where the view reaches past it.
        svg += "<rect x=\"\(SVG.f(x0))\" y=\"\(SVG.f(y0))\" width=\"\(SVG.f(width))\" height=\"\(SVG.f(height))\" fill=\"#d9d9d9\"/>"
        let (fx0, fy0) = (max(x0, 0), max(y0, 0)), (fx1, fy1) = (min(x1, frameWidth), min(y1, frameHeight))
        svg += "<rect x=\"\(SVG.f(fx0))\" y=\"\(SVG.f(fy0))\" width=\"\(SVG.f(max(fx1 - fx0, 0)))\" height=\"\(SVG.f(max(fy1 - fy0, 0)))\" fill=\"#101418\"/>"
        let strongest = network.edges.map(\.weight).max() ?? 0
        for edge in network.edges.sorted(by: { $0.weight < $1.weight }) where strongest > 0 && edge.weight > 0 {
            let strength = min(max((log10(edge.weight / strongest) + 6) / 6, 0), 1)
            guard strength > 0 else { continue }
            svg += "<line class=\"edge\" x1=\"\(SVG.f(edge.x1))\" y1=\"\(SVG.f(edge.y1))\" x2=\"\(SVG.f(edge.x2))\" y2=\"\(SVG.f(edge.y2))\" stroke=\"#f4f4f4\" stroke-opacity=\"\(SVG.f(0.15 + 0.75 * strength))\" stroke-width=\"\(SVG.f((0.3 + 2.7 * strength) / scale))\"/>"
        }
        let heaviest = network.components.map(\.weight).max() ?? 1
        for component in network.components {
            let fill = 0.25 + 0.6 * (heaviest > 0 ? component.weight / heaviest : 0)
            svg += "<ellipse class=\"component\" cx=\"\(SVG.f(component.x))\" cy=\"\(SVG.f(component.y))\" rx=\"\(SVG.f(max(component.semiMajor, 0.5)))\" ry=\"\(SVG.f(max(component.semiMinor, 0.5)))\" transform=\"rotate(\(SVG.f(component.angleDegrees)) \(SVG.f(component.x)) \(SVG.f(component.y)))\" fill=\"\(colour)\" fill-opacity=\"\(SVG.f(fill))\" stroke=\"\(colour)\" stroke-width=\"\(SVG.f(1 / scale))\"/>"
        }
        svg += "<text x=\"\(SVG.f(x0 + width / 2))\" y=\"\(SVG.f(y1 + 13 / scale))\" text-anchor=\"middle\" font-size=\"\(SVG.f(11 / scale))\" fill=\"#222\">\(SVG.escape(caption))</text>"
        return svg + "</svg>"
    }
}
