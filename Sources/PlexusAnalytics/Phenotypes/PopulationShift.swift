import PlexusGraph
import PlexusNumerics
import PlexusStore

extension Analytics {
    /// How far one population of points (cells, or replicate means) lies from
    /// another: the distance between their centroids, its permutation test and
    /// its bootstrap interval. Points are rows of equal length (standardised
    /// features); each group needs at least one.
    package enum PopulationShift {
        /// The centroid (mean row) of `points`.
        package static func centroid(_ points: [[Double]]) -> [Double] {
            var sum = [Double](repeating: 0, count: points[0].count)
            for point in points { for j in sum.indices { sum[j] += point[j] } }
            return sum.map { $0 / Double(points.count) }
        }

        /// The Euclidean distance between the centroids of `a` and `b`.
        package static func centroidDistance(_ a: [[Double]], _ b: [[Double]]) -> Double {
            let ca = centroid(a), cb = centroid(b)
            var sum = 0.0
            for j in ca.indices { sum += (ca[j] - cb[j]) * (ca[j] - cb[j]) }
            return sum.squareRoot()
        }

        /// The Mahalanobis distance between the centroids of `a` and `b` under
        /// their pooled within-group covariance S = (Σ over both groups of
        /// (x − own centroid)(x − own centroid)ᵀ) / (nₐ + n_b − 2).
        ///
        /// S is singular when there are fewer pooled degrees of freedom than
        /// dimensions (nₐ + n_b − 2 < d), or numerically so (smallest
        /// eigenvalue below 1e-10 of the largest). It is then shrunk:
        /// (1 − `shrinkage`)·S + `shrinkage`·(trace S / d)·I, and `regularized`
        /// is true. nil when both groups have no spread at all (S = 0) or
        /// there are fewer than 3 points.
        package static func mahalanobis(_ a: [[Double]], _ b: [[Double]],
                                       shrinkage: Double = 0.1) throws -> (distance: Double, regularized: Bool)? {
            let d = a[0].count, degrees = a.count + b.count - 2
            guard degrees >= 1 else { return nil }
            var pooled = [Double](repeating: 0, count: d * d)
            for group in [a, b] {
                let c = centroid(group)
                for x in group {
                    for i in 0..<d { for j in i..<d { pooled[i * d + j] += (x[i] - c[i]) * (x[j] - c[j]) } }
                }
            }
            for i in 0..<d { for j in i..<d { pooled[i * d + j] /= Double(degrees); pooled[j * d + i] = pooled[i * d + j] } }
            let trace = (0..<d).reduce(0) { $0 + pooled[$1 * d + $1] }
            guard trace > 0 else { return nil }
            var eigen = try SymmetricEigen.decompose(pooled, size: d, vectors: true)
            let regularized = degrees < d || eigen.values[0] < 1e-10 * eigen.values[d - 1]
            if regularized {
                for i in 0..<d {
                    for j in 0..<d { pooled[i * d + j] *= 1 - shrinkage }
                    pooled[i * d + i] += shrinkage * trace / Double(d)
                }
                eigen = try SymmetricEigen.decompose(pooled, size: d, vectors: true)
            }
            let ca = centroid(a), cb = centroid(b)
            var squared = 0.0
            for k in 0..<d {
                var projection = 0.0
                for j in 0..<d { projection += eigen.vectors[j * d + k] * (ca[j] - cb[j]) }
                squared += projection * projection / eigen.values[k]
            }
            return (squared.squareRoot(), regularized)
        }

        /// A permutation test of the centroid distance: the points of both
        /// groups are pooled and, `permutations` times, relabelled at random
        /// (a seeded shuffle, `SeededRandom(seed:)`, keeping the
        /// group sizes); p = (1 + #{permuted distance ≥ observed}) / (1 +
        /// permutations), the permutation p-value that is never 0. A permuted
        /// distance within 1e-12 (relative) of the observed one counts as equal,
        /// so that rounding does not decide ties.
        package static func permutationTest(_ a: [[Double]], _ b: [[Double]], permutations: Int,
                                           seed: UInt64) -> (p: Double, atLeastAsFar: Int) {
            precondition(permutations > 0, "permutationTest needs at least 1 permutation")
            let pooled = a + b, d = a[0].count
            let observed = centroidDistance(a, b)
            var total = [Double](repeating: 0, count: d)
            for x in pooled { for j in 0..<d { total[j] += x[j] } }
            var random = SeededRandom(seed: seed)
            var order = Array(pooled.indices), count = 0
            let na = Double(a.count), nb = Double(b.count)
            for _ in 0..<permutations {
                order = random.shuffled(order)
                // The first a.count shuffled points are group a; group b's sum is the rest.
                var sumA = [Double](repeating: 0, count: d)
                for index in order[0..<a.count] { for j in 0..<d { sumA[j] += pooled[index][j] } }
                var squared = 0.0
                for j in 0..<d {
                    let difference = sumA[j] / na - (total[j] - sumA[j]) / nb
                    squared += difference * difference
                }
                if squared.squareRoot() >= observed * (1 - 1e-12) { count += 1 }
            }
            return (Double(1 + count) / Double(1 + permutations), count)
        }

        /// A percentile bootstrap interval of the centroid distance: each of
        /// `resamples` resamples draws a.count points of `a` with replacement,
        /// then b.count of `b` (one `SeededRandom(seed:)` through all
        /// resamples); the interval is the (1 − level)/2 and (1 + level)/2
        /// percentiles of the resampled distances (numpy's 'linear' method).
        /// The distance is biased upwards (a resampled centroid wanders), so the
        /// interval says how precisely the shift is known, not whether it is 0:
        /// that is the permutation test's job.
        package static func bootstrapInterval(_ a: [[Double]], _ b: [[Double]], level: Double, resamples: Int,
                                             seed: UInt64) -> (low: Double, high: Double) {
            precondition(level > 0 && level < 1 && resamples > 0, "bootstrapInterval: level in (0, 1), resamples > 0")
            var random = SeededRandom(seed: seed)
            var sample = Statistics.SortedSample()
            for _ in 0..<resamples {
                let ra = a.indices.map { _ in a[random.index(below: a.count)] }
                let rb = b.indices.map { _ in b[random.index(below: b.count)] }
                sample.insert(centroidDistance(ra, rb))
            }
            let alpha = (1 - level) / 2
            return (sample.percentile(100 * alpha)!, sample.percentile(100 * (1 - alpha))!)
        }

        /// How far a population's centroid wanders under resampling: the
        /// `level` percentile of the distances from the centroid of `points`
        /// to the centroids of `resamples` bootstrap resamples of them (seeded
        /// as `bootstrapInterval`). Another centroid farther away than this is
        /// outside the population's own uncertainty.
        package static func centroidSpread(_ points: [[Double]], level: Double, resamples: Int, seed: UInt64) -> Double {
            precondition(level > 0 && level < 1 && resamples > 0, "centroidSpread: level in (0, 1), resamples > 0")
            var random = SeededRandom(seed: seed)
            var sample = Statistics.SortedSample()
            let own = [centroid(points)]
            for _ in 0..<resamples {
                let resampled = points.indices.map { _ in points[random.index(below: points.count)] }
                sample.insert(centroidDistance(resampled, own))
            }
            return sample.percentile(100 * level)!
        }
    }
}
