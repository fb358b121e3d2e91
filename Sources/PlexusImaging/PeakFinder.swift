/// A local intensity maximum: the seed of one mixture component.
package struct Peak: Equatable, Sendable {
    package let row: Int
    package let col: Int
    package let intensity: Float

    package init(row: Int, col: Int, intensity: Float) {
        self.row = row
        self.col = col
        self.intensity = intensity
    }
}

/// Local maxima exactly as scikit-image 0.16's `peak_local_max` found them, the
/// peaks the published method started from (newer scikit-image removes plateau
/// duplicates and finds fewer; that would change every fit):
/// - a pixel is a peak when it equals the maximum of the (2·minDistance+1)² window
///   centred on it, the image padded with zeros, and is strictly above `thresholdAbs`;
/// - pixels closer than `minDistance` to the border are never peaks;
/// - every pixel of a flat plateau is a peak; nothing is de-duplicated;
/// - a constant image has no peaks.
///
/// Peaks come in descending intensity, ties in row-major order, which fixes the
/// component numbering of a video.
package enum PeakFinder {
    package static func peaks(in image: Image, minDistance: Int, thresholdAbs: Float) -> [Peak] {
        precondition(minDistance >= 0, "minDistance must be ≥ 0")
        let width = image.width, height = image.height
        let pixels = image.pixels
        guard let first = pixels.first, pixels.contains(where: { $0 != first }) else { return [] }
        let windowMax = maximumFilter(image, radius: minDistance)
        var found: [Peak] = []
        let border = minDistance
        guard height > 2 * border, width > 2 * border else { return [] }
        for r in border..<(height - border) {
            for c in border..<(width - border) {
                let i = r * width + c
                let value = pixels[i]
                if value > thresholdAbs && value == windowMax[i] {
                    found.append(Peak(row: r, col: c, intensity: value))
                }
            }
        }
        // Stable sort: equal intensities keep their row-major order.
        return found.enumerated().sorted { a, b in
            a.element.intensity != b.element.intensity ? a.element.intensity > b.element.intensity
                                                       : a.offset < b.offset
        }.map(\.element)
    }

    /// Maximum over the (2·radius+1)² window with zero ("constant") padding.
    static func maximumFilter(_ image: Image, radius: Int) -> [Float] {
        MaximumFilter.apply(image.pixels.map(Double.init), width: image.width, height: image.height, radius: radius,
                            padding: 0).map { Float($0) }
    }
}
