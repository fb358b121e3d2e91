extension Image {
    /// Histogram equalisation as scikit-image's `exposure.equalize_hist` does it
    /// on a floating-point image, rescaled to the 8-bit scale: the cumulative
    /// distribution of the intensities inside `mask` (nil: the whole image) over
    /// 256 bins of their range (`RangeHistogram`), interpolated linearly between
    /// bin centres (clamped beyond the first and last), is applied to every pixel
    /// and multiplied by 255. An empty mask leaves the image unchanged.
    package func equalized(mask: [Bool]? = nil) -> Image {
        guard let histogram = RangeHistogram(intensities(inside: mask)) else { return self }
        let centres = histogram.centres
        var cumulative = [Double](repeating: 0, count: centres.count)
        var running = 0
        for i in 0..<centres.count {
            running += histogram.counts[i]
            cumulative[i] = Double(running)
        }
        let total = cumulative[centres.count - 1]
        for i in 0..<cumulative.count { cumulative[i] /= total }
        let first = centres[0], last = centres[centres.count - 1]
        let spacing = (last - first) / Double(centres.count - 1)
        var output = [Float](repeating: 0, count: pixels.count)
        for i in 0..<pixels.count {
            let v = Double(pixels[i])
            let value: Double
            if v <= first {
                value = cumulative[0]
            } else if v >= last {
                value = cumulative[centres.count - 1]
            } else {
                // The centres are (nearly) evenly spaced: estimate, then settle on
                // the bracketing pair as numpy.interp would find it.
                var k = min(centres.count - 2, max(0, Int((v - first) / spacing)))
                while k > 0 && v < centres[k] { k -= 1 }
                while k < centres.count - 2 && v >= centres[k + 1] { k += 1 }
                let fraction = (v - centres[k]) / (centres[k + 1] - centres[k])
                value = cumulative[k] + fraction * (cumulative[k + 1] - cumulative[k])
            }
            output[i] = Float(255 * value)
        }
        return Image(width: width, height: height, pixels: output)
    }
}
