/// Global efficiency (Latora and Marchiori 2001) of an undirected graph with
/// positive edge lengths: the mean over ordered pairs of distinct nodes of
/// 1 / (shortest-path length), a pair in different components contributing 0.
/// 0 for fewer than two nodes. Self-loops are ignored; of parallel edges the
/// shortest counts.
package enum GlobalEfficiency {
    package struct Edge: Equatable, Sendable {
        package let a: Int
        package let b: Int
        package let length: Double

        package init(_ a: Int, _ b: Int, length: Double) {
            self.a = a
            self.b = b
            self.length = length
        }
    }

    package static func of(nodeCount: Int, edges: [Edge]) -> Double {
        guard nodeCount >= 2 else { return 0 }
        var neighbours = [[(node: Int, length: Double)]](repeating: [], count: nodeCount)
        for edge in edges where edge.a != edge.b {
            precondition(edge.length > 0, "edge lengths must be positive")
            neighbours[edge.a].append((edge.b, edge.length))
            neighbours[edge.b].append((edge.a, edge.length))
        }
        var total = 0.0
        var distance = [Double](repeating: .infinity, count: nodeCount)
        var reached: [Int] = []
        var heap = MinimumHeap()
        for source in 0..<nodeCount where !neighbours[source].isEmpty {
            // Dijkstra from `source`; only its component is touched, and reset.
            distance[source] = 0
            reached.append(source)
            heap.push(0, source)
            while let (d, node) = heap.pop() {
                if d > distance[node] { continue }
                for (next, length) in neighbours[node] {
                    let candidate = d + length
                    if candidate < distance[next] {
                        if distance[next] == .infinity { reached.append(next) }
                        distance[next] = candidate
                        heap.push(candidate, next)
                    }
                }
            }
            for node in reached {
                if node != source { total += 1 / distance[node] }
                distance[node] = .infinity
            }
            reached.removeAll(keepingCapacity: true)
        }
        return total / (Double(nodeCount) * Double(nodeCount - 1))
    }
}

/// A binary min-heap of (key, value) pairs, for Dijkstra.
struct MinimumHeap {
    private var items: [(key: Double, value: Int)] = []

    mutating func push(_ key: Double, _ value: Int) {
        items.append((key, value))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].key < items[parent].key else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (Double, Int)? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < items.count && items[left].key < items[smallest].key { smallest = left }
                if right < items.count && items[right].key < items[smallest].key { smallest = right }
                if smallest == parent { break }
                items.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return (top.key, top.value)
    }
}
