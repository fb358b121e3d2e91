import PlexusNumerics
import PlexusStore

extension Analytics {
    /// k-means clustering (Lloyd's algorithm from seeded k-means++ starts, the
    /// best of several restarts by inertia), and the silhouette that chooses k.
    package struct KMeans: Sendable {
        /// Cluster centres, and each point's cluster (0 ..< k).
        package let centres: [[Double]]
        package let assignments: [Int]
        /// The sum of squared distances of the points to their centres.
        package let inertia: Double

        /// Clusters `points` (at least `k`, equally long) into `k` clusters:
        /// `restarts` runs, each from k-means++ seeding (the first centre a
        /// uniformly drawn point, each next one drawn with probability ∝ its
        /// squared distance to the nearest chosen centre), iterated until no
        /// assignment changes (at most 300 iterations); the run of least
        /// inertia is kept. One `SeededRandom(seed:)` runs through
        /// all restarts. A cluster left empty keeps its previous centre.
        package init(points: [[Double]], k: Int, restarts: Int = 10, seed: UInt64) {
            precondition(k >= 1 && k <= points.count && restarts >= 1, "KMeans: 1 ≤ k ≤ points, restarts ≥ 1")
            var random = SeededRandom(seed: seed)
            var best: (centres: [[Double]], assignments: [Int], inertia: Double)?
            for _ in 0..<restarts {
                var centres = [points[random.index(below: points.count)]]
                while centres.count < k {
                    let weights = points.map { p in centres.map { Self.squaredDistance(p, $0) }.min()! }
                    let total = weights.reduce(0, +)
                    guard total > 0 else { centres.append(points[random.index(below: points.count)]); continue }
                    // A uniform number in [0, total) from 53 random bits.
                    var target = Double(random.next() >> 11) / Double(1 << 53) * total
                    var chosen = points.count - 1
                    for (i, w) in weights.enumerated() {
                        if target < w { chosen = i; break }
                        target -= w
                    }
                    centres.append(points[chosen])
                }
                var assignments = [Int](repeating: -1, count: points.count)
                for _ in 0..<300 {
                    let next = points.map { p in (0..<k).min { Self.squaredDistance(p, centres[$0]) < Self.squaredDistance(p, centres[$1]) }! }
                    if next == assignments { break }
                    assignments = next
                    for c in 0..<k {
                        let members = points.indices.filter { assignments[$0] == c }.map { points[$0] }
                        if !members.isEmpty { centres[c] = PopulationShift.centroid(members) }
                    }
                }
                let inertia = points.indices.reduce(0) { $0 + Self.squaredDistance(points[$1], centres[assignments[$1]]) }
                if best == nil || inertia < best!.inertia { best = (centres, assignments, inertia) }
            }
            centres = best!.centres
            assignments = best!.assignments
            inertia = best!.inertia
        }

        static func squaredDistance(_ a: [Double], _ b: [Double]) -> Double {
            var sum = 0.0
            for i in a.indices { sum += (a[i] - b[i]) * (a[i] - b[i]) }
            return sum
        }

        /// The mean silhouette of a clustering (scikit-learn's
        /// `silhouette_score`, Euclidean): for each point, (b − a) / max(a, b),
        /// a its mean distance to the rest of its cluster, b the least mean
        /// distance to another cluster; 0 for a point alone in its cluster.
        /// nil with fewer than 2 clusters or as many clusters as points.
        package static func silhouette(points: [[Double]], assignments: [Int]) -> Double? {
            let clusters = Set(assignments)
            guard clusters.count >= 2, clusters.count < points.count else { return nil }
            var total = 0.0
            for i in points.indices {
                var sums: [Int: (Double, Int)] = [:]
                for j in points.indices where j != i {
                    let d = squaredDistance(points[i], points[j]).squareRoot()
                    let entry = sums[assignments[j], default: (0, 0)]
                    sums[assignments[j]] = (entry.0 + d, entry.1 + 1)
                }
                guard let own = sums[assignments[i]] else { continue }
                let a = own.0 / Double(own.1)
                let b = sums.filter { $0.key != assignments[i] }.map { $0.value.0 / Double($0.value.1) }.min()!
                total += max(a, b) > 0 ? (b - a) / max(a, b) : 0
            }
            return total / Double(points.count)
        }
    }
}
