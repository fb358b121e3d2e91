extension Threshold {
    /// Otsu (1979): the bin centre that maximises the between-class variance
    /// w₁·w₂·(μ₁ − μ₂)² when the classes are the bins up to it and the bins after
    /// it. As scikit-image's `threshold_otsu`: a 256-bin histogram over the data
    /// range (`RangeHistogram`), the first maximum wins, and a constant input
    /// returns its value.
    package static func otsu(_ values: [Float]) -> Double? {
        guard let first = values.first else { return nil }
        if values.allSatisfy({ $0 == first }) { return Double(first) }
        guard let histogram = RangeHistogram(values) else { return nil }
        let counts = histogram.counts, centres = histogram.centres
        let bins = counts.count
        // Class weights and means for a split after bin i (low class 0…i) and
        // before bin i (high class i…end); summed in the order numpy sums them.
        var weightLow = [Double](repeating: 0, count: bins), meanLow = weightLow
        var weightHigh = weightLow, meanHigh = weightLow
        var count = 0, moment = 0.0
        for i in 0..<bins {
            count += counts[i]
            moment += Double(counts[i]) * centres[i]
            weightLow[i] = Double(count)
            meanLow[i] = moment / Double(count)
        }
        count = 0
        moment = 0
        for i in stride(from: bins - 1, through: 0, by: -1) {
            count += counts[i]
            moment += Double(counts[i]) * centres[i]
            weightHigh[i] = Double(count)
            meanHigh[i] = moment / Double(count)
        }
        var best = 0, bestVariance = -Double.infinity
        for i in 0..<(bins - 1) {
            let difference = meanLow[i] - meanHigh[i + 1]
            let variance = weightLow[i] * weightHigh[i + 1] * (difference * difference)
            if variance > bestVariance {
                bestVariance = variance
                best = i
            }
        }
        return centres[best]
    }
}
