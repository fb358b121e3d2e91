extension Statistics {
    /// Welch's unequal-variance t-test of `x` against `y`, as
    /// `scipy.stats.ttest_ind(x, y, equal_var=False)`.
    package struct WelchResult: Equatable, Sendable {
        /// t = (x̄ − ȳ) / √(s²ₓ/m + s²ᵧ/n).
        package let t: Double
        /// Welch–Satterthwaite ν = (s²ₓ/m + s²ᵧ/n)² / ((s²ₓ/m)²/(m − 1) + (s²ᵧ/n)²/(n − 1)).
        package let degreesOfFreedom: Double
        /// Two-sided: P(|T_ν| ≥ |t|).
        package let pValue: Double
    }

    /// nil below two values in either sample, or when both samples are
    /// constant: t and ν are then 0/0 or ±∞/0, not evidence. (scipy gives p = 0
    /// for two different constants and NaN for equal ones.)
    package static func welch(_ x: [Double], _ y: [Double]) -> WelchResult? {
        guard let varianceX = sampleVariance(x), let varianceY = sampleVariance(y),
              let meanX = mean(x), let meanY = mean(y) else { return nil }
        let shareX = varianceX / Double(x.count), shareY = varianceY / Double(y.count)
        let standardError = (shareX + shareY).squareRoot()
        guard standardError > 0 else { return nil }
        let t = (meanX - meanY) / standardError
        let nu = (shareX + shareY) * (shareX + shareY)
            / (shareX * shareX / Double(x.count - 1) + shareY * shareY / Double(y.count - 1))
        return WelchResult(t: t, degreesOfFreedom: nu, pValue: studentTTwoSidedTail(t, degreesOfFreedom: nu))
    }
}
