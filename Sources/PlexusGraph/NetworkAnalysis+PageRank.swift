extension NetworkAnalysis {
    /// Power iteration on x ← α(xP + d/N) + (1 − α)/N, P the row-normalised W and
    /// d the mass of dangling nodes (no out-edges), until the L1 change is below
    /// 1e-14 (networkx stops at N·1e-6; this is its fixed point, more exactly).
    static func pagerank(_ w: [Double], size k: Int, outStrength: [Double]) -> [Double] {
        guard k > 0 else { return [] }
        let n = Double(k)
        var x = [Double](repeating: 1 / n, count: k)
        var next = [Double](repeating: 0, count: k)
        // P = W with rows divided by their out-strength, each entry ≤ 1. (Dividing x[i]
        // by a tiny out-strength first overflows to ∞, and ∞ · 0 is NaN.)
        var transition = w
        for i in 0..<k where outStrength[i] > 0 {
            for j in 0..<k { transition[i * k + j] = w[i * k + j] / outStrength[i] }
        }
        for _ in 0..<10_000 {
            var dangling = 0.0
            for i in 0..<k where outStrength[i] == 0 { dangling += x[i] }
            let base = damping * dangling / n + (1 - damping) / n
            for j in 0..<k { next[j] = base }
            for i in 0..<k where outStrength[i] > 0 {
                let share = damping * x[i]
                for j in 0..<k { next[j] += share * transition[i * k + j] }
            }
            var change = 0.0
            for j in 0..<k { change += abs(next[j] - x[j]) }
            swap(&x, &next)
            if change < 1e-14 { break }
        }
        return x
    }
}
