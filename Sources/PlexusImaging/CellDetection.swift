import PlexusNumerics

/// Finds cells in a frame without a label image (`--auto-cells`): the frame is
/// smoothed heavily (σ of a few px blurs a cell's organelles into one body),
/// thresholded with Otsu's method on log(1 + intensity) over the whole frame
/// (as `CellMaskTracker` does, for the same reason: on raw intensities the
/// split of the real LLO movie's first frame fell inside the bright cells and
/// cut one in two; on logarithms it finds the three), never below
/// `minimumIntensity` (the level the run counts as signal, so that a frame of
/// background has no cells), and each 8-connected component of at least
/// `minimumArea` pixels is one cell.
package enum CellDetection {
    /// Cell masks in raster order of their first pixel (top to bottom, then
    /// left to right): cell 1 is the one reached first.
    package static func cells(in frame: Image, sigma: Double, minimumArea: Int, minimumIntensity: Float = 0) -> [BinaryImage] {
        let smoothed = GaussianSmoothing.smooth(frame, sigma: sigma)
        guard let otsu = BinaryImage.otsuThresholdOfLogarithms(smoothed.pixels) else { return [] }
        let threshold = max(otsu, minimumIntensity)
        let foreground = BinaryImage(width: frame.width, height: frame.height,
                                     pixels: smoothed.pixels.map { $0 > threshold })
        // Numbered in raster order of their first pixel, so kept in that order.
        let components = ConnectedComponents(foreground)
        let labels = components.labels
        var areas = [Int](repeating: 0, count: components.count + 1)
        for label in labels { areas[Int(label)] += 1 }
        var masks: [BinaryImage?] = (1..<areas.count).map { label in
            areas[label] >= minimumArea ? BinaryImage(width: frame.width, height: frame.height) : nil
        }
        for (i, label) in labels.enumerated() where label != 0 { masks[Int(label) - 1]?.pixels[i] = true }
        return masks.compactMap { $0 }
    }
}
