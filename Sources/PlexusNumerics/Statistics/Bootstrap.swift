extension Statistics {
    /// A statistic of group 1 (`x`) against group 0 (`y`) that
    /// `bootstrapInterval` can resample; the raw values are the SQL names.
    package enum BootstrapStatistic: String, CaseIterable, Sendable {
        /// `cohensD(x, y)`: nil below two values in a group or with both constant.
        case cohensD = "cohens_d"
        /// `cliffsDelta(x, y)`: nil when a group is empty.
        case cliffsDelta = "cliffs_delta"
        /// mean(x) − mean(y): nil when a group is empty.
        case meanDifference = "mean_difference"
        /// median(x) − median(y) (numpy's median): nil when a group is empty.
        case medianDifference = "median_difference"

        /// The statistic on the data themselves; nil where it is undefined.
        package func value(_ x: [Double], _ y: [Double]) -> Double? {
            let result: Double?
            switch self {
            case .cohensD: result = Statistics.cohensD(x, y)
            case .cliffsDelta: result = Statistics.cliffsDelta(x, y)
            case .meanDifference:
                guard let meanX = Statistics.mean(x), let meanY = Statistics.mean(y) else { return nil }
                result = meanX - meanY
            case .medianDifference:
                var sampleX = SortedSample(), sampleY = SortedSample()
                for value in x { sampleX.insert(value) }
                for value in y { sampleY.insert(value) }
                guard let medianX = sampleX.median(), let medianY = sampleY.median() else { return nil }
                result = medianX - medianY
            }
            return result.flatMap { $0.isFinite ? $0 : nil }
        }
    }

    /// A percentile bootstrap confidence interval for `statistic` of `x`
    /// (group 1) against `y` (group 0), as
    /// `scipy.stats.bootstrap((x, y), statistic, method='percentile')`: not BCa.
    ///
    /// - Stratified: each of the `resamples` resamples draws `x.count` values
    ///   of `x` with replacement, then `y.count` values of `y`, by
    ///   `SeededRandom(seed:)`'s `index(below: x.count)` and then
    ///   `index(below: y.count)` into the group's values sorted ascending, one
    ///   generator running through all resamples in order. So an interval is the
    ///   same on every machine and every run, and depends on the values of each
    ///   group, not on their order (rows come from SQL in no promised order).
    /// - The statistic of each resample is that of `statistic.value`
    ///   (`cohensD`, `cliffsDelta`, the means' or the medians' difference); a
    ///   resample where it is undefined (Cohen's d with both resampled groups
    ///   constant) is left out.
    /// - The interval is the (1 − level)/2 and (1 + level)/2 percentiles of the
    ///   defined resampled statistics, numpy's 'linear' method
    ///   (`SortedSample.percentile`).
    ///
    /// nil when the statistic is undefined on the data themselves, or when
    /// fewer than half of the resamples are defined. `level` must be in (0, 1)
    /// and `resamples` positive. O(resamples · (m + n)) time with m, n the
    /// group sizes, and one Double per resample of memory; no allocation per
    /// resample.
    package static func bootstrapInterval(_ statistic: BootstrapStatistic, _ x: [Double], _ y: [Double],
                                         level: Double = 0.95, resamples: Int = 2000,
                                         seed: UInt64 = 1) -> (low: Double, high: Double)? {
        precondition(level > 0 && level < 1, "bootstrapInterval: level must be strictly between 0 and 1")
        precondition(resamples > 0, "bootstrapInterval: resamples must be positive")
        guard statistic.value(x, y) != nil else { return nil }
        var sample = SortedSample()
        for replicate in bootstrapReplicates(statistic, x, y, resamples: resamples, seed: seed) where !replicate.isNaN {
            sample.insert(replicate)
        }
        guard sample.count * 2 >= resamples else { return nil }
        // As scipy: alpha = (1 − level)/2, then the alpha and 1 − alpha quantiles.
        let alpha = (1 - level) / 2
        guard let low = sample.percentile(100 * alpha), let high = sample.percentile(100 * (1 - alpha)) else { return nil }
        return (low, high)
    }

    /// The statistic of every resample of `bootstrapInterval`, in order, NaN
    /// where it is undefined (or not finite). Both groups must have values.
    ///
    /// The kernels give exactly the numbers `statistic.value` would on the
    /// resampled arrays, without building them where that is faster:
    /// - the means' difference: sums in draw order, as `mean`;
    /// - Cohen's d: `cohensD` itself on two buffers refilled in place;
    /// - Cliff's delta: the pairs x > y minus the pairs x < y is an integer, so
    ///   the order of counting does not matter. With the draws counted per
    ///   value, it is Σᵢ cᵢ (#(y < xᵢ) − #(y > xᵢ)) from running counts of the
    ///   distinct values of y: O(m + n) instead of a sort of m + n;
    /// - medians: the resampled group's middle values found by walking the draw
    ///   counts of the sorted group, O(m) instead of a sort.
    static func bootstrapReplicates(_ statistic: BootstrapStatistic, _ x: [Double], _ y: [Double],
                                    resamples: Int, seed: UInt64) -> [Double] {
        precondition(!x.isEmpty && !y.isEmpty, "bootstrapReplicates: a group is empty")
        let x = x.sorted(), y = y.sorted()
        let m = x.count, n = y.count
        var random = SeededRandom(seed: seed)
        var replicates = [Double]()
        replicates.reserveCapacity(resamples)
        func append(_ value: Double?) {
            replicates.append(value.flatMap { $0.isFinite ? $0 : nil } ?? .nan)
        }

        switch statistic {
        case .meanDifference:
            for _ in 0..<resamples {
                var sumX = 0.0, sumY = 0.0
                for _ in 0..<m { sumX += x[random.index(below: m)] }
                for _ in 0..<n { sumY += y[random.index(below: n)] }
                append(sumX / Double(m) - sumY / Double(n))
            }

        case .cohensD:
            var resampledX = x, resampledY = y
            for _ in 0..<resamples {
                for i in 0..<m { resampledX[i] = x[random.index(below: m)] }
                for j in 0..<n { resampledY[j] = y[random.index(below: n)] }
                append(cohensD(resampledX, resampledY))
            }

        case .cliffsDelta:
            // The distinct values of y, ascending; each y's place among them; each
            // x's count of distinct y values below it, and whether it equals the next.
            var levels = y
            levels.removeDuplicates()
            let levelOfY = y.map { levels.firstIndex(notBelow: $0) }
            let levelsBelowX = x.map { levels.firstIndex(notBelow: $0) }
            let xIsTied = zip(x, levelsBelowX).map { value, below in below < levels.count && levels[below] == value }
            var drawsOfX = [Int](repeating: 0, count: m)
            var drawsOfLevel = [Int](repeating: 0, count: levels.count)
            var drawsBelowLevel = [Int](repeating: 0, count: levels.count + 1)
            for _ in 0..<resamples {
                for i in 0..<m { drawsOfX[i] = 0 }
                for l in 0..<levels.count { drawsOfLevel[l] = 0 }
                for _ in 0..<m { drawsOfX[random.index(below: m)] += 1 }
                for _ in 0..<n { drawsOfLevel[levelOfY[random.index(below: n)]] += 1 }
                for l in 0..<levels.count { drawsBelowLevel[l + 1] = drawsBelowLevel[l] + drawsOfLevel[l] }
                var difference = 0 // pairs x > y minus pairs x < y
                for i in 0..<m where drawsOfX[i] > 0 {
                    let below = drawsBelowLevel[levelsBelowX[i]]
                    let equal = xIsTied[i] ? drawsOfLevel[levelsBelowX[i]] : 0
                    difference += drawsOfX[i] * (2 * below + equal - n)
                }
                append(Double(difference) / (Double(m) * Double(n)))
            }

        case .medianDifference:
            var drawsX = [Int](repeating: 0, count: m), drawsY = [Int](repeating: 0, count: n)
            for _ in 0..<resamples {
                for i in 0..<m { drawsX[i] = 0 }
                for j in 0..<n { drawsY[j] = 0 }
                for _ in 0..<m { drawsX[random.index(below: m)] += 1 }
                for _ in 0..<n { drawsY[random.index(below: n)] += 1 }
                append(resampledMedian(x, drawsX) - resampledMedian(y, drawsY))
            }
        }
        return replicates
    }

    /// A percentile bootstrap confidence interval for the median of one
    /// sample (such as paired differences), as
    /// `scipy.stats.bootstrap((x,), numpy.median, method='percentile')` up to
    /// Monte-Carlo error: each of the `resamples` resamples draws `x.count`
    /// values with replacement by `SeededRandom(seed:)`'s `index(below:)` into
    /// the values sorted ascending (so the interval does not depend on their
    /// order), and the interval is the (1 − level)/2 and (1 + level)/2
    /// percentiles (numpy's 'linear') of the resampled medians. nil when `x` is
    /// empty. O(resamples · n) time, no allocation per resample.
    package static func bootstrapMedianInterval(_ x: [Double], level: Double = 0.95, resamples: Int = 2000,
                                               seed: UInt64 = 1) -> (low: Double, high: Double)? {
        precondition(level > 0 && level < 1, "bootstrapMedianInterval: level must be strictly between 0 and 1")
        precondition(resamples > 0, "bootstrapMedianInterval: resamples must be positive")
        guard !x.isEmpty else { return nil }
        let sorted = x.sorted(), n = sorted.count
        var random = SeededRandom(seed: seed)
        var draws = [Int](repeating: 0, count: n)
        var sample = SortedSample()
        for _ in 0..<resamples {
            for i in 0..<n { draws[i] = 0 }
            for _ in 0..<n { draws[random.index(below: n)] += 1 }
            sample.insert(resampledMedian(sorted, draws))
        }
        let alpha = (1 - level) / 2
        guard let low = sample.percentile(100 * alpha), let high = sample.percentile(100 * (1 - alpha)) else { return nil }
        return (low, high)
    }

    /// The median of the sample holding `draws[k]` copies of `sorted[k]`, as
    /// `SortedSample.median` would give it.
    private static func resampledMedian(_ sorted: [Double], _ draws: [Int]) -> Double {
        let total = sorted.count // as many draws as values
        // The middle positions (0-based) of the resample in ascending order.
        let lowPosition = (total - 1) / 2, highPosition = total / 2
        var low = 0.0, seen = 0, k = 0
        while true {
            seen += draws[k]
            if seen > lowPosition { low = sorted[k]; break }
            k += 1
        }
        if highPosition == lowPosition { return low }
        while seen <= highPosition {
            k += 1
            seen += draws[k]
        }
        let high = sorted[k]
        let middle = (low + high) / 2
        return middle.isFinite ? middle : low / 2 + high / 2
    }

}

private extension Array where Element == Double {
    /// Removes adjacent repeats, leaving one of each value of a sorted array.
    mutating func removeDuplicates() {
        var kept = 0
        for i in indices where i == 0 || self[i] != self[kept - 1] {
            self[kept] = self[i]
            kept += 1
        }
        removeLast(count - kept)
    }
}
