import Foundation

/// Small building blocks of the report's inline SVG plots: scales, ticks,
/// number formatting and escaping. Every plot is a self-contained `<svg>`
/// element (no external files, no scripts, no fonts beyond the system's).
enum SVG {
    /// Maps a data interval onto a pixel interval.
    struct Scale {
        let domain: (Double, Double)
        let range: (Double, Double)

        init(domain: (Double, Double), range: (Double, Double)) {
            var (lo, hi) = domain
            // One value (or values a few ulps apart, which no axis can resolve): centre it.
            if !(hi - lo > 1e-12 * max(abs(lo), abs(hi))) {
                let centre = (lo + hi) / 2
                (lo, hi) = (centre, centre)
                let pad = lo == 0 ? 1 : abs(lo) * 0.1
                lo -= pad
                hi += pad
            }
            self.domain = (lo, hi)
            self.range = range
        }

        func callAsFunction(_ value: Double) -> Double {
            range.0 + (value - domain.0) / (domain.1 - domain.0) * (range.1 - range.0)
        }

        /// Round tick values inside the domain, about `count` of them.
        func ticks(_ count: Int = 5) -> [Double] {
            let span = domain.1 - domain.0
            let raw = span / Double(max(count, 1))
            let exponent = Int(floor(log10(raw)))
            let magnitude = pow(10, Double(exponent))
            let base = [1.0, 2, 2.5, 5, 10].first { $0 * magnitude >= raw } ?? raw / magnitude
            let step = base * magnitude
            // k · base scaled by 10^exponent in one rounding (3 × 0.2 would give 0.6000000000000001).
            func tick(_ k: Double) -> Double {
                exponent < 0 ? k * base / pow(10, Double(-exponent)) : k * base * magnitude
            }
            var ticks: [Double] = []
            var k = ceil(domain.0 / step)
            while tick(k) <= domain.1 + step * 1e-9 && ticks.count < 50 {
                ticks.append(k == 0 ? 0 : tick(k))
                k += 1
            }
            return ticks
        }
    }

    /// The domain of `values` widened by `padding` of its span on both sides.
    static func extent(_ values: [Double], padding: Double = 0.05) -> (Double, Double) {
        let finite = values.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max() else { return (0, 1) }
        let pad = (hi - lo) * padding
        return (lo - pad, hi + pad)
    }

    /// A number for an axis or a table: three significant digits, scientific
    /// notation outside 0.001…99,999.
    static func number(_ value: Double, digits: Int = 3) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "∞" : "−∞") }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        var text: String
        if magnitude >= 1e5 || magnitude < 1e-3 {
            text = String(format: "%.\(max(digits - 1, 0))e", value)
            // 1.20e-05 → 1.2e-5
            if let e = text.firstIndex(of: "e") {
                var mantissa = String(text[..<e]), exponent = String(text[text.index(after: e)...])
                if mantissa.contains(".") {
                    while mantissa.hasSuffix("0") { mantissa.removeLast() }
                    if mantissa.hasSuffix(".") { mantissa.removeLast() }
                }
                let negative = exponent.hasPrefix("-")
                exponent = String(exponent.drop { $0 == "-" || $0 == "+" || $0 == "0" })
                text = mantissa + "e" + (negative ? "−" : "") + (exponent.isEmpty ? "0" : exponent)
            }
        } else {
            let decimals = max(0, digits - 1 - Int(floor(log10(magnitude))))
            text = String(format: "%.\(decimals)f", value)
            if text.contains(".") {
                while text.hasSuffix("0") { text.removeLast() }
                if text.hasSuffix(".") { text.removeLast() }
            }
        }
        return text.replacingOccurrences(of: "-", with: "−")
    }

    /// A coordinate: two decimals are below a pixel's hundredth.
    static func f(_ value: Double) -> String { String(format: "%.2f", value) }

    /// Text escaped for XML content and attribute values.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// Colours that colour-blind readers tell apart (Okabe & Ito); the baseline is grey.
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#7F6D00", "#000000"]
    static let baselineColour = "#6b6b6b"

    static func colours(_ conditions: [String]) -> [String: String] {
        var result: [String: String] = [:]
        for (i, condition) in conditions.enumerated() {
            result[condition] = i == 0 ? baselineColour : palette[(i - 1) % palette.count]
        }
        return result
    }
}
