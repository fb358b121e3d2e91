extension Threshold {
    /// Zack's triangle method (Zack, Rogers and Latt 1977), as scikit-image's
    /// `threshold_triangle`: on the 256-bin histogram over the data range
    /// (`RangeHistogram`), draw the line from the peak bin to the end of the
    /// longer tail (the first or last non-empty bin); the threshold is the centre
    /// of the bin whose height lies farthest below that line. A constant input
    /// returns its value.
    package static func triangle(_ values: [Float]) -> Double? {
        guard let first = values.first else { return nil }
        guard let histogram = RangeHistogram(values) else { return nil }
        var counts = histogram.counts
        let bins = counts.count
        var peak = 0
        for i in 0..<bins where counts[i] > counts[peak] { peak = i }
        let peakHeight = Double(counts[peak])
        guard var low = counts.firstIndex(where: { $0 > 0 }),
              let high = counts.lastIndex(where: { $0 > 0 }), low != high else { return Double(first) }
        // Work on the longer tail, which is to the left of the peak after flipping if needed.
        let flip = peak - low < high - peak
        if flip {
            counts.reverse()
            low = bins - high - 1
            peak = bins - peak - 1
        }
        let width = Double(peak - low)
        let norm = (peakHeight * peakHeight + width * width).squareRoot()
        let height = peakHeight / norm, run = width / norm
        // Distance below the line, up to a constant: height·x − run·y.
        var level = low, longest = -Double.infinity
        for x in 0..<(peak - low) {
            let length = height * Double(x) - run * Double(counts[x + low])
            if length > longest {
                longest = length
                level = x + low
            }
        }
        if flip { level = bins - level - 1 }
        return histogram.centres[level]
    }
}
