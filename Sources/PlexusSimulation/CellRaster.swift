import Foundation
import PlexusImaging

/// A cell outline laid over the pixel grid once, so that the mask, the area and
/// the soft-edged cytoplasm at any scale cost one comparison per pixel.
///
/// Per pixel: the distance of its centre from the cell centre divided by the
/// outline radius in that direction (`ratio`), and that radius. The pixel is
/// inside at scale s when its ratio is ≤ s, about (s − ratio) · radius px deep.
package struct CellRaster: Sendable {
    package let width: Int
    package let height: Int
    let ratio: [Float]
    let radius: [Float]

    package init(outline: CellOutline, width: Int, height: Int) {
        self.width = width
        self.height = height
        var ratio = [Float](repeating: 0, count: width * height)
        var radii = [Float](repeating: 0, count: width * height)
        for r in 0..<height {
            for c in 0..<width {
                let dr = Double(r) - outline.centreRow, dc = Double(c) - outline.centreCol
                let radius = outline.radius(at: atan2(dr, dc))
                ratio[r * width + c] = Float((dr * dr + dc * dc).squareRoot() / radius)
                radii[r * width + c] = Float(radius)
            }
        }
        self.ratio = ratio
        radius = radii
    }

    /// Pixels inside the outline at `scale`.
    package func area(scale: Double) -> Int {
        let s = Float(scale)
        return ratio.reduce(0) { $0 + ($1 <= s ? 1 : 0) }
    }

    /// 8-bit mask: 1 inside the outline at `scale`, 0 outside.
    package func mask(scale: Double) -> RawFrame {
        let s = Float(scale)
        return RawFrame(width: width, height: height, bitDepth: 8, samples: ratio.map { $0 <= s ? 1 : 0 })
    }

    /// How much of each pixel is inside at `scale`, from 0 to 1 over the pixel
    /// straddling the outline (anti-aliased, before the optics blur it further).
    func coverage(scale: Double) -> [Float] {
        let s = Float(scale)
        var result = [Float](repeating: 0, count: ratio.count)
        for i in ratio.indices { result[i] = min(1, max(0, 0.5 + (s - ratio[i]) * radius[i])) }
        return result
    }
}
