extension ConditionReport {
    /// The cell of `cells` (one condition) closest to the condition's typical
    /// cell: the smallest sum over the features of |value − condition median|
    /// divided by the condition's interquartile range of the feature (1 where it
    /// is 0), a feature the cell lacks counting 1. The quartiles are those of the
    /// query condition_compare. Ties go to the lower cell id.
    static func representative(of cells: [Cell], quartiles: [String: (q1: Double, median: Double, q3: Double)]) -> Cell? {
        guard !cells.isEmpty else { return nil }
        func distance(_ cell: Cell) -> Double {
            quartiles.reduce(0) { sum, entry in
                let spread = entry.value.q3 - entry.value.q1 > 0 ? entry.value.q3 - entry.value.q1 : 1
                guard let value = cell.features[entry.key].flatMap({ $0 }) else { return sum + 1 }
                return sum + abs(value - entry.value.median) / spread
            }
        }
        return cells.min { a, b in
            let da = distance(a), db = distance(b)
            return da != db ? da < db : a.id < b.id
        }
    }
}
