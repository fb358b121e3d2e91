extension Statistics {
    /// Benjamini–Hochberg adjusted p-values, as the query condition_compare
    /// computes them in SQL and `scipy.stats.false_discovery_control` does:
    /// with m defined p-values ranked ascending, p_BH(i) = min over ranks
    /// r ≥ rank(i) of p(r) · m / r, capped at 1. A nil p (a test that was not
    /// computable) stays nil and is not counted in m.
    package static func benjaminiHochberg(_ p: [Double?]) -> [Double?] {
        let defined = p.indices.filter { p[$0] != nil }.sorted { p[$0]! < p[$1]! }
        let m = Double(defined.count)
        var adjusted = [Double?](repeating: nil, count: p.count)
        var running = 1.0
        for (position, index) in defined.enumerated().reversed() {
            running = min(running, p[index]! * m / Double(position + 1))
            adjusted[index] = running
        }
        return adjusted
    }
}
