extension Statistics {
    /// The arithmetic mean; nil for no values.
    package static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// The sample variance, Σ(x − x̄)² / (n − 1) (numpy's `var(ddof=1)`),
    /// in two passes so that a large mean does not swamp the deviations; nil
    /// below two values.
    package static func sampleVariance(_ values: [Double]) -> Double? {
        guard values.count >= 2, let mean = mean(values) else { return nil }
        // Exactly equal values have no spread, whatever the rounding of their mean.
        if isConstant(values) { return 0 }
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return squares / Double(values.count - 1)
    }

    /// The sample standard deviation, √ of `sampleVariance`; nil below two values.
    package static func sampleStandardDeviation(_ values: [Double]) -> Double? {
        sampleVariance(values).map { $0.squareRoot() }
    }

    /// Whether every value equals the first (true for none or one).
    static func isConstant(_ values: [Double]) -> Bool {
        guard let first = values.first else { return true }
        return values.allSatisfy { $0 == first }
    }
}
