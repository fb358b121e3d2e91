import PlexusNumerics

/// The graph of a skeleton, analysed as Fiji's AnalyzeSkeleton (the analysis MiNA
/// reports) does:
/// - a skeleton pixel with more than two 8-neighbours is a junction pixel, one
///   with at most one an end point, one with exactly two a slab pixel;
/// - 8-connected junction pixels form one junction (AnalyzeSkeleton's
///   "junction" as opposed to "junction voxel");
/// - the nodes are the junctions and end points; a branch is a path of slab
///   pixels between two nodes (or two adjacent nodes), its length the sum of its
///   pixel steps — 1 between 4-neighbours, √2 between diagonal ones — from the
///   first node pixel to the last; a ring of slab pixels with no node is one
///   branch (a loop) with no nodes; a single slab pixel that leads from a
///   junction straight back into the same junction is part of that junction, not
///   a branch; an isolated pixel (a punctum thinned to a point) is an end
///   point with one branch of length 0, so that every individual has at least
///   one branch, as AnalyzeSkeleton and MiNA count them (a two-pixel piece is
///   two end points joined by one branch of 1 or √2);
/// - each 8-connected piece of skeleton is one object: an individual (a punctum,
///   rod or unbranched loop) when it has no junction, a network otherwise, as
///   MiNA defines them.
package struct SkeletonGraph: Sendable {
    package enum NodeKind: Sendable { case junction, endPoint }

    package struct Node: Equatable, Sendable {
        package let kind: NodeKind
        /// The node's first pixel in row-major order.
        package let row: Int
        package let col: Int
        /// Pixels in the node: 1 for an end point, 1 or more for a junction.
        package let pixelCount: Int
        /// The skeleton object (1-based) it belongs to.
        package let object: Int
    }

    package struct Branch: Equatable, Sendable {
        /// The nodes at its ends (indices into `nodes`); equal for a loop through
        /// one junction; nil for a ring with no node.
        package let start: Int?
        package let end: Int?
        package let lengthPx: Double
        /// The skeleton object (1-based) it belongs to.
        package let object: Int
    }

    package struct ObjectSummary: Equatable, Sendable {
        package let branchCount: Int
        package let junctionCount: Int
        package var isNetwork: Bool { junctionCount > 0 }
    }

    package let nodes: [Node]
    package let branches: [Branch]
    /// Element k − 1 describes skeleton object k.
    package let objects: [ObjectSummary]

    package var junctionCount: Int { nodes.count(where: { $0.kind == .junction }) }
    package var endpointCount: Int { nodes.count(where: { $0.kind == .endPoint }) }
    package var totalBranchLengthPx: Double { branches.reduce(0) { $0 + $1.lengthPx } }
    /// Median branch length (the mean of the middle two for an even count), nil without branches.
    package var medianBranchLengthPx: Double? {
        let lengths = branches.map(\.lengthPx).sorted()
        guard !lengths.isEmpty else { return nil }
        let middle = lengths.count / 2
        return lengths.count % 2 == 1 ? lengths[middle] : (lengths[middle - 1] + lengths[middle]) / 2
    }
    /// Population standard deviation of the branch lengths (as MiNA's
    /// summary), nil without branches.
    package var branchLengthStdPx: Double? {
        guard !branches.isEmpty else { return nil }
        let mean = totalBranchLengthPx / Double(branches.count)
        let squares = branches.reduce(0) { $0 + ($1.lengthPx - mean) * ($1.lengthPx - mean) }
        return (squares / Double(branches.count)).squareRoot()
    }
    /// Objects without a junction.
    package var individuals: Int { objects.count(where: { !$0.isNetwork }) }
    /// Objects with at least one junction.
    package var networks: Int { objects.count(where: { $0.isNetwork }) }

    /// Mean branches per network, nil without networks.
    package var meanNetworkSizeBranches: Double? {
        let sizes = objects.filter(\.isNetwork).map(\.branchCount)
        return sizes.isEmpty ? nil : Double(sizes.reduce(0, +)) / Double(sizes.count)
    }

    /// Global efficiency of the graph whose nodes are the junctions and end points
    /// and whose edges are the branches between two different nodes, weighted by
    /// length (`GlobalEfficiency`): 0 for fewer than two nodes.
    package var globalEfficiency: Double {
        let edges = branches.compactMap { branch -> GlobalEfficiency.Edge? in
            guard let a = branch.start, let b = branch.end, a != b else { return nil }
            return GlobalEfficiency.Edge(a, b, length: branch.lengthPx)
        }
        return GlobalEfficiency.of(nodeCount: nodes.count, edges: edges)
    }

    package init(skeleton: BinaryImage) {
        self.init(PaddedGrid<UInt8>(skeleton))
    }

    /// `objects` may be the components of the image the skeleton was thinned
    /// from: thinning keeps each 8-connected object one piece, so they number the
    /// skeleton's pieces too, and need not be found again.
    init(_ grid: PaddedGrid<UInt8>, objects: ConnectedComponents? = nil) {
        let stride = grid.stride
        let offsets = grid.neighbourOffsets
        // Even offsets (E, N, W, S) are 4-neighbours.
        let stepLengths = (0..<8).map { $0 % 2 == 0 ? 1.0 : 2.0.squareRoot() }
        let indices = grid.occupiedIndices()
        let components = objects ?? ConnectedComponents(grid)
        let objectOf = components.padded.cells
        func object(_ index: Int) -> Int { Int(objectOf[index]) }

        var degree = [UInt8](repeating: 0, count: grid.cells.count)
        grid.cells.withUnsafeBufferPointer { cells in
            for index in indices {
                var count: UInt8 = 0
                for offset in offsets where cells[index + offset] != 0 { count += 1 }
                degree[index] = count
            }
        }

        // Nodes in row-major order of their first pixel; junction pixels joined
        // by flood fill. Node pixels are few: a dictionary holds their node.
        var nodeOf: [Int: Int32] = [:]
        var nodes: [Node] = []
        var isolated: [(node: Int, object: Int)] = []
        var stack: [Int] = []
        for index in indices where degree[index] != 2 && nodeOf[index] == nil {
            let id = Int32(nodes.count)
            let row = index / stride - 1, col = index % stride - 1
            nodeOf[index] = id
            if degree[index] < 2 {
                nodes.append(Node(kind: .endPoint, row: row, col: col, pixelCount: 1, object: object(index)))
                if degree[index] == 0 { isolated.append((Int(id), object(index))) }
                continue
            }
            var pixels = 0
            stack.append(index)
            while let pixel = stack.popLast() {
                pixels += 1
                for offset in offsets {
                    let next = pixel + offset
                    if degree[next] > 2 && nodeOf[next] == nil {
                        nodeOf[next] = id
                        stack.append(next)
                    }
                }
            }
            nodes.append(Node(kind: .junction, row: row, col: col, pixelCount: pixels, object: object(index)))
        }

        // Branches: from every node pixel into each neighbour outside its node.
        var visited = [Bool](repeating: false, count: grid.cells.count)
        var branches: [Branch] = []
        for index in indices where degree[index] != 2 {
            let node = nodeOf[index]!
            for direction in 0..<8 {
                let first = index + offsets[direction]
                guard grid.cells[first] != 0 else { continue }
                if degree[first] != 2 {
                    let other = nodeOf[first]!
                    // Two nodes side by side: one branch, counted from the earlier pixel.
                    if other != node && index < first {
                        branches.append(Branch(start: Int(node), end: Int(other),
                                               lengthPx: stepLengths[direction], object: object(index)))
                    }
                    continue
                }
                guard !visited[first] else { continue }
                var previous = index, current = first
                var length = stepLengths[direction], slabPixels = 0
                var end: Int32? = nil
                while true {
                    visited[current] = true
                    slabPixels += 1
                    var nextPixel = -1, nextLength = 0.0
                    for step in 0..<8 {
                        let candidate = current + offsets[step]
                        if candidate != previous && grid.cells[candidate] != 0 {
                            nextPixel = candidate
                            nextLength = stepLengths[step]
                            break
                        }
                    }
                    guard nextPixel >= 0 else { break }
                    length += nextLength
                    if degree[nextPixel] != 2 {
                        end = nodeOf[nextPixel]
                        break
                    }
                    if visited[nextPixel] { break }
                    previous = current
                    current = nextPixel
                }
                if end == node && slabPixels == 1 { continue }
                branches.append(Branch(start: Int(node), end: end.map(Int.init), lengthPx: length, object: object(index)))
            }
        }

        // Rings: slab pixels no node reaches.
        for index in indices where degree[index] == 2 && !visited[index] {
            var previous = index, current = index, length = 0.0
            repeat {
                visited[current] = true
                var nextPixel = -1
                for step in 0..<8 {
                    let candidate = current + offsets[step]
                    if candidate != previous && grid.cells[candidate] != 0 {
                        nextPixel = candidate
                        length += stepLengths[step]
                        break
                    }
                }
                guard nextPixel >= 0 else { break }
                previous = current
                current = nextPixel
            } while current != index && !visited[current]
            branches.append(Branch(start: nil, end: nil, lengthPx: length, object: object(index)))
        }

        // An isolated pixel (a punctum thinned to one point) is an individual
        // with one branch of length 0, as AnalyzeSkeleton and MiNA count it.
        for (node, object) in isolated { branches.append(Branch(start: node, end: node, lengthPx: 0, object: object)) }

        var branchCounts = [Int](repeating: 0, count: components.count)
        var junctionCounts = branchCounts
        for branch in branches { branchCounts[branch.object - 1] += 1 }
        for node in nodes where node.kind == .junction { junctionCounts[node.object - 1] += 1 }
        self.nodes = nodes
        self.branches = branches
        self.objects = (0..<components.count).map {
            ObjectSummary(branchCount: branchCounts[$0], junctionCount: junctionCounts[$0])
        }
    }
}
