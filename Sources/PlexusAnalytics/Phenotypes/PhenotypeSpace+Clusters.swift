extension PhenotypeSpace {
    /// Phenotypes found without labels: k-means of the known cells' scores on
    /// the components that stand above noise (`parallelAnalysis`), k chosen
    /// by the silhouette.
    package struct Clustering: Codable, Sendable {
        /// The mean silhouette of the best k-means clustering for k = 2, 3, …
        /// (index 0 is k = 2); nil where undefined.
        package let silhouettes: [Double?]
        /// The chosen number of clusters.
        package let k: Int
        /// How k was chosen, in a sentence.
        package let choice: String
        package let clusters: [Cluster]
        /// Each placed cell's cluster, by cell id (unknown cells: the nearest centre).
        package let cellClusters: [String: Int]
    }

    package struct Cluster: Codable, Sendable {
        package let index: Int
        /// Its known cells.
        package let cells: Int
        /// The mean of its cells' features, in the features' own units (order of `features`).
        package let featureMeans: [Double]
        /// The same, standardised: how many SDs from the known cells' mean.
        package let standardizedMeans: [Double]
        /// Its cells by condition (unknown conditions included, by nearest centre).
        package let composition: [String: Int]
    }

    /// The largest k tried.
    package static let largestK = 6
    /// Below this best silhouette the cells are taken as one group (k = 1):
    /// Kaufman and Rousseeuw's bound for "no substantial structure".
    package static let silhouetteThreshold = 0.25

    static func cluster(cells: [Cell], components: Int, means: [Double], scales: [Double], seed: UInt64) -> Clustering {
        let known = cells.filter { !$0.unknown }
        let points = known.map { Array($0.scores.prefix(components)) }
        var results: [(k: Int, model: Analytics.KMeans, silhouette: Double?)] = []
        if points.count >= 3 {
            for k in 2...min(largestK, points.count - 1) {
                let model = Analytics.KMeans(points: points, k: k, restarts: 10, seed: seed)
                results.append((k, model, Analytics.KMeans.silhouette(points: points, assignments: model.assignments)))
            }
        }
        let best = results.filter { $0.silhouette != nil }.max { $0.silhouette! < $1.silhouette! }
        let chosen: Analytics.KMeans, choice: String
        if let best, best.silhouette! >= silhouetteThreshold {
            chosen = best.model
            choice = "k = \(best.k) has the largest mean silhouette (\(SVG.number(best.silhouette!))) of k = 2…\(results.last!.k), above \(silhouetteThreshold)"
        } else {
            chosen = Analytics.KMeans(points: points.isEmpty ? [[0]] : points, k: 1, restarts: 1, seed: seed)
            choice = best.map { "k = 1: the largest mean silhouette over k = 2…\(results.last!.k) is \(SVG.number($0.silhouette!)), below \(silhouetteThreshold) (no substantial structure)" }
                ?? "k = 1: too few cells to compare clusterings"
        }
        var cellClusters: [String: Int] = [:]
        for cell in cells {
            let point = Array(cell.scores.prefix(components))
            cellClusters[String(cell.id)] = cell.unknown || points.isEmpty
                ? chosen.centres.indices.min { Analytics.KMeans.squaredDistance(point, chosen.centres[$0]) < Analytics.KMeans.squaredDistance(point, chosen.centres[$1]) }!
                : chosen.assignments[known.firstIndex { $0.id == cell.id }!]
        }
        let clusters = chosen.centres.indices.map { c -> Cluster in
            let members = known.filter { cellClusters[String($0.id)] == c }
            let z = members.isEmpty ? [Double](repeating: 0, count: means.count) : Analytics.PopulationShift.centroid(members.map(\.standardized))
            var composition: [String: Int] = [:]
            for cell in cells where cellClusters[String(cell.id)] == c { composition[cell.condition, default: 0] += 1 }
            return Cluster(index: c, cells: members.count, featureMeans: z.indices.map { means[$0] + scales[$0] * z[$0] },
                           standardizedMeans: z, composition: composition)
        }
        return Clustering(silhouettes: results.map(\.silhouette), k: chosen.centres.count, choice: choice,
                          clusters: clusters, cellClusters: cellClusters)
    }
}
