extension Statistics {
    /// Ranks 1 … n of `values`, tied values sharing the average of the ranks they
    /// span (scipy's `rankdata(method='average')`), and the size of every group
    /// of equal values, singletons included, for tie corrections.
    package static func averageRanks(_ values: [Double]) -> (ranks: [Double], tieSizes: [Int]) {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var tieSizes: [Int] = []
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && values[order[end]] == values[order[start]] { end += 1 }
            // Positions start ..< end hold ranks start + 1 … end; their mean:
            let shared = Double(start + 1 + end) / 2
            for position in start..<end { ranks[order[position]] = shared }
            tieSizes.append(end - start)
            start = end
        }
        return (ranks, tieSizes)
    }
}
