extension Statistics {
    /// A multiset of numbers that answers order statistics (median, percentiles)
    /// and allows removals, so that a window can slide over it.
    ///
    /// Insertions are buffered and merged in when a statistic or a removal needs
    /// order: a plain aggregate sorts once, O(n log n); a sliding window inserts
    /// and removes one value per row by binary search, O(w) each for a window
    /// of w rows.
    package struct SortedSample {
        private var sorted: [Double] = []
        private var pending: [Double] = []

        package init() {}

        package var count: Int { sorted.count + pending.count }
        package var isEmpty: Bool { count == 0 }

        package mutating func insert(_ value: Double) {
            pending.append(value)
        }

        /// Removes one copy of `value`; false if there is none.
        @discardableResult
        package mutating func remove(_ value: Double) -> Bool {
            merge()
            let i = firstIndex(notBelow: value)
            guard i < sorted.count, sorted[i] == value else { return false }
            sorted.remove(at: i)
            return true
        }

        /// The median (mean of the two middle values for an even count); nil when empty.
        package mutating func median() -> Double? {
            merge()
            guard !sorted.isEmpty else { return nil }
            let n = sorted.count
            if n % 2 == 1 { return sorted[n / 2] }
            let low = sorted[n / 2 - 1], high = sorted[n / 2]
            let middle = (low + high) / 2
            return middle.isFinite ? middle : low / 2 + high / 2
        }

        /// The `percent` percentile, 0 ≤ percent ≤ 100: the height at position
        /// percent/100 · (n − 1) of the polyline through the sorted values
        /// (numpy's default 'linear' method, SQLite's percentile()); nil when empty.
        package mutating func percentile(_ percent: Double) -> Double? {
            merge()
            guard !sorted.isEmpty else { return nil }
            let position = percent / 100 * Double(sorted.count - 1)
            let below = min(Int(position.rounded(.down)), sorted.count - 1)
            let above = min(below + 1, sorted.count - 1)
            return interpolate(sorted[below], sorted[above], position - Double(below))
        }

        /// a + (b − a)·t, measured from the nearer end so that t = 1 gives b
        /// exactly and the result never leaves [a, b].
        private func interpolate(_ a: Double, _ b: Double, _ t: Double) -> Double {
            let difference = b - a
            return t < 0.5 ? a + difference * t : b - difference * (1 - t)
        }

        private mutating func merge() {
            guard !pending.isEmpty else { return }
            // Many new values: one sort. A few (a window's one per row): insert each.
            if pending.count * 16 > sorted.count {
                sorted.append(contentsOf: pending)
                sorted.sort()
            } else {
                for value in pending { sorted.insert(value, at: firstIndex(notBelow: value)) }
            }
            pending.removeAll(keepingCapacity: true)
        }

        /// The first index whose value is ≥ `value` (sorted.count if none).
        private func firstIndex(notBelow value: Double) -> Int { sorted.firstIndex(notBelow: value) }
    }
}

extension Array where Element == Double {
    /// In a sorted array, the first index whose value is ≥ `value` (count if none).
    func firstIndex(notBelow value: Double) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
