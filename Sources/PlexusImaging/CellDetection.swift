/// Finds cells in a frame without a label image (`--auto-cells`): the frame is
/// smoothed heavily (σ of a few px blurs a cell's organelles into one body),
/// thresholded with Otsu's method on log(1 + intensity) over the whole frame
/// (as `CellMaskTracker` does, for the same reason: on raw intensities the
/// split of the real LLO movie's first frame fell inside the bright cells and
/// cut one in two; on logarithms it finds the three), never below
/// `minimumIntensity` (the level the run counts as signal, so that a frame of
/// background has no cells), and each 8-connected component of at least
/// `minimumArea` pixels is one cell.
public enum CellDetection {
    /// Cell masks in raster order of their first pixel (top to bottom, then
    /// left to right): cell 1 is the one reached first.
    public static func cells(in frame: Image, sigma: Double, minimumArea: Int, minimumIntensity: Float = 0) -> [CellMask] {
        let smoothed = GaussianSmoothing.smooth(frame, sigma: sigma)
        guard let otsu = CellMask.otsuThresholdOfLogarithms(smoothed.pixels) else { return [] }
        let threshold = max(otsu, minimumIntensity)
        let foreground = smoothed.pixels.map { $0 > threshold }
        return components(of: foreground, width: frame.width, height: frame.height)
            .filter { $0.count >= minimumArea }
            .map { pixels in
                var mask = CellMask(width: frame.width, height: frame.height)
                for i in pixels { mask.pixels[i] = true }
                return mask
            }
    }

    /// The 8-connected components of `foreground`, each as its pixel indices,
    /// in raster order of their first pixel.
    static func components(of foreground: [Bool], width: Int, height: Int) -> [[Int]] {
        var visited = [Bool](repeating: false, count: foreground.count)
        var result: [[Int]] = []
        var stack: [Int] = []
        for start in foreground.indices where foreground[start] && !visited[start] {
            var component: [Int] = []
            visited[start] = true
            stack.append(start)
            while let i = stack.popLast() {
                component.append(i)
                let r = i / width, c = i % width
                for dr in -1...1 {
                    let rr = r + dr
                    guard rr >= 0 && rr < height else { continue }
                    for dc in -1...1 {
                        let cc = c + dc
                        guard cc >= 0 && cc < width else { continue }
                        let j = rr * width + cc
                        if foreground[j] && !visited[j] {
                            visited[j] = true
                            stack.append(j)
                        }
                    }
                }
            }
            result.append(component)
        }
        return result
    }
}
