import PlexusStore

extension ConditionReport {
    /// The cell of `cells` (one condition) closest to the condition's typical
    /// cell: the smallest sum over `features` of |value − condition median|
    /// divided by the features' interquartile range over these cells (1 where it
    /// is 0), a feature the cell lacks counting 1. Ties go to the lower cell id.
    static func representative(of cells: [Cell], features: [String]) -> Cell? {
        guard !cells.isEmpty else { return nil }
        var medians: [String: Double] = [:], spreads: [String: Double] = [:]
        for feature in features {
            var sample = Statistics.SortedSample()
            for cell in cells { if let value = cell.features[feature].flatMap({ $0 }) { sample.insert(value) } }
            guard let median = sample.median(),
                  let q1 = sample.percentile(25), let q3 = sample.percentile(75) else { continue }
            medians[feature] = median
            spreads[feature] = q3 - q1 > 0 ? q3 - q1 : 1
        }
        func distance(_ cell: Cell) -> Double {
            features.reduce(0) { sum, feature in
                guard let median = medians[feature], let spread = spreads[feature] else { return sum }
                guard let value = cell.features[feature].flatMap({ $0 }) else { return sum + 1 }
                return sum + abs(value - median) / spread
            }
        }
        return cells.min { a, b in
            let da = distance(a), db = distance(b)
            return da != db ? da < db : a.id < b.id
        }
    }
}
