extension Threshold {
    /// Two-class k-means on the intensities (Lloyd's algorithm in one dimension):
    /// the centres start at the smallest and largest intensity; each intensity
    /// joins the nearer centre (the lower one on a tie), each centre moves to the
    /// mean of its class, until no intensity changes class (at most 300 rounds,
    /// scikit-learn's default). The threshold is midway between the final
    /// centres. A constant input returns its value.
    package static func kMeans(_ values: [Float]) -> Double? {
        guard var low = values.min().map(Double.init), var high = values.max().map(Double.init) else { return nil }
        if low == high { return low }
        var lowCount = -1
        for _ in 0..<300 {
            let cut = (low + high) / 2
            var sumLow = 0.0, sumHigh = 0.0, countLow = 0
            for value in values {
                let v = Double(value)
                if v <= cut {
                    sumLow += v
                    countLow += 1
                } else {
                    sumHigh += v
                }
            }
            // Classes are the values on either side of a cut, so an unchanged
            // count means unchanged classes.
            if countLow == lowCount { break }
            lowCount = countLow
            low = sumLow / Double(countLow)
            high = sumHigh / Double(values.count - countLow)
        }
        return (low + high) / 2
    }
}
