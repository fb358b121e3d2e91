extension Statistics {
    /// Sums of centred cross-products of paired samples: Sxx = Σ(x − x̄)²,
    /// Syy = Σ(y − ȳ)², Sxy = Σ(x − x̄)(y − ȳ).
    struct CentredSums {
        let xx: Double, yy: Double, xy: Double

        init(_ x: [Double], _ y: [Double]) {
            let n = Double(x.count)
            let meanX = x.reduce(0, +) / n, meanY = y.reduce(0, +) / n
            var xx = 0.0, yy = 0.0, xy = 0.0
            for (a, b) in zip(x, y) {
                let dx = a - meanX, dy = b - meanY
                xx += dx * dx
                yy += dy * dy
                xy += dx * dy
            }
            self.xx = xx
            self.yy = yy
            self.xy = xy
        }
    }

    /// The least-squares slope of y on x, Sxy / Sxx (scipy's `linregress`
    /// slope); nil below two points or when every x is the same.
    package static func slope(x: [Double], y: [Double]) -> Double? {
        precondition(x.count == y.count, "slope: x and y differ in length")
        guard x.count >= 2, !isConstant(x) else { return nil }
        let sums = CentredSums(x, y)
        return sums.xy / sums.xx
    }

    /// Pearson's r, Sxy / √(Sxx Syy), clipped to [−1, 1] against rounding; nil
    /// below two points or when x or y is constant (r is 0/0 there).
    package static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        precondition(x.count == y.count, "pearson: x and y differ in length")
        guard x.count >= 2, !isConstant(x), !isConstant(y) else { return nil }
        let sums = CentredSums(x, y)
        // Each norm separately: the product Sxx·Syy can underflow or overflow.
        let r = sums.xy / sums.xx.squareRoot() / sums.yy.squareRoot()
        return min(1, max(-1, r))
    }

    /// Spearman's ρ: Pearson's r of the average ranks (ties share a rank, as
    /// scipy's `spearmanr`); nil below two points or when x or y is constant.
    package static func spearman(_ x: [Double], _ y: [Double]) -> Double? {
        precondition(x.count == y.count, "spearman: x and y differ in length")
        return pearson(averageRanks(x).ranks, averageRanks(y).ranks)
    }
}
