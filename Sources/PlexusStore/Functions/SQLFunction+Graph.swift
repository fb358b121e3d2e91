import Foundation
import PlexusGraph
import PlexusNumerics

extension SQLFunction {
    /// Graph aggregates over the (src, dst, weight) rows of one frame.
    static var graph: [SQLFunction] {
        [
            SQLFunction(
                name: "laplacian_spectrum", arities: [3, 4], kind: .aggregate { EdgeAggregate(function: "laplacian_spectrum") { network, kind, _ in
                    .text(jsonArray(kind == "normalized" ? network.normalizedSpectrum : network.combinatorialSpectrum))
                } },
                summary: "All eigenvalues (JSON array, ascending) of the Laplacian of the edges aggregated: laplacian_spectrum(src, dst, weight [, 'normalized']).",
                documentation: edgeDocumentation("laplacian_spectrum", "[, KIND]", """
                    4. KIND is 'combinatorial' (default: L = D − W_s) or 'normalized' (L_n = I − D^−½ W_s D^−½);
                       any other value raises an error.
                    5. Returns TEXT: a JSON array of the n eigenvalues, ascending, n the nodes of the rows.
                    Example: SELECT t, laplacian_spectrum(src, dst, weight) FROM edge WHERE cell_id = 1 GROUP BY t;
                    """)),
            SQLFunction(
                name: "algebraic_connectivity", arities: [3], kind: .aggregate { EdgeAggregate(function: "algebraic_connectivity") { network, _, _ in
                    network.algebraicConnectivity.map(SQLValue.real) ?? .null
                } },
                summary: "λ₂ of the combinatorial Laplacian of the edges aggregated: algebraic_connectivity(src, dst, weight).",
                documentation: edgeDocumentation("algebraic_connectivity", "", """
                    4. Returns REAL: the second-smallest eigenvalue of L; NULL below two nodes.
                    Example: SELECT t, algebraic_connectivity(src, dst, weight) FROM edge WHERE cell_id = 1 GROUP BY t;
                    """)),
            SQLFunction(
                name: "eigenvector_centrality", arities: [3], kind: .aggregate { EdgeAggregate(function: "eigenvector_centrality") { network, _, nodes in
                    network.eigenvectorCentrality.map { .text(jsonObject($0, keys: nodes)) } ?? .null
                } },
                summary: "Eigenvector centrality of W_s (JSON object node → value) of the edges aggregated.",
                documentation: edgeDocumentation("eigenvector_centrality", "", """
                    4. Returns TEXT: a JSON object {"node": value} (keys the node ids, ascending), the leading
                       eigenvector of W_s = (W + Wᵀ)/2, unit L2 norm, signed to sum positive; NULL when there
                       is no edge.
                    Example: SELECT CAST(j.key AS INTEGER) AS k, j.value AS centrality
                             FROM (SELECT eigenvector_centrality(src, dst, weight) AS c FROM edge WHERE cell_id = 1 AND t = 0),
                                  json_each(c) AS j;
                    """)),
            SQLFunction(
                name: "pagerank", arities: [3], kind: .aggregate { EdgeAggregate(function: "pagerank") { network, _, nodes in
                    .text(jsonObject(network.pagerank, keys: nodes))
                } },
                summary: "PageRank (damping 0.85, JSON object node → value) of the directed edges aggregated.",
                documentation: edgeDocumentation("pagerank", "", """
                    4. Returns TEXT: a JSON object {"node": value} (keys the node ids, ascending) summing to 1;
                       nodes without out-edges jump uniformly to the n nodes of the rows.
                    Example: SELECT CAST(j.key AS INTEGER) AS k, j.value FROM (SELECT pagerank(src, dst, weight) AS p FROM edge
                             WHERE cell_id = 1 AND t = 0), json_each(p) AS j ORDER BY j.value DESC;
                    """)),
            SQLFunction(
                name: "laplacian_gradients", arities: [5, 6], kind: .aggregate { LaplacianGradientAggregate() },
                summary: "Per consecutive pair of frames: ‖L(t′) − L(t)‖_F / Δt over the union of their nodes, and each node's row norm (JSON object by node id), over (t, time, src, dst, weight [, kind]) rows of one cell.",
                documentation: """
                    laplacian_gradients(T, TIME, SRC, DST, WEIGHT [, KIND]) — aggregate over the edge rows of all frames of one cell
                    1. T is the frame index and TIME its time (e.g. COALESCE(time_s, t)); SRC, DST, WEIGHT an
                       edge of that frame. A frame without edges takes part through one row with SRC NULL
                       (frame LEFT JOIN edge).
                    2. Frames may hold different nodes (components are born, die, split and merge; node ids
                       are unique over the cell but need not be contiguous). Each consecutive pair of frames
                       (ascending T) is compared over the UNION of their nodes, a node absent from a frame
                       being a zero row and column of that frame's Laplacian, so that a birth or a death is
                       part of the change. A frame's nodes are the SRC and DST of its rows; a node without
                       an edge has a zero row in either case, so it changes nothing. With the same nodes
                       0 … K−1 in every frame (fixed K) the numbers are those of the dense K × K matrices.
                    3. Rows with T or TIME NULL are skipped; rows with SRC, DST or WEIGHT NULL only register
                       their frame. Fewer than two frames: the result is NULL.
                    4. A non-integer or negative node, a self-loop, a WEIGHT that is not a finite number ≥ 0,
                       two rows of one frame with different TIMEs, equal TIMEs of consecutive frames, or a KIND
                       other than 'combinatorial' / 'normalized' raise an error naming the argument.
                    5. Returns TEXT: a JSON array with one element per consecutive pair of frames (ascending T),
                       [t_from, t_to, dt, gradient, {"k": row_k, …}] where gradient = ‖L(t_to) − L(t_from)‖_F / dt
                       over the union, and row_k the L2 norm of node k's row of that difference over dt, for
                       each node k with an edge in either frame (JSON object keys are the node ids as text,
                       ascending: CAST(key AS INTEGER) joins them to component.k; any other node's row is 0).
                       KIND picks L = D − W_s (default) or L_n = I − D^−½ W_s D^−½ (isolated nodes: zero rows).
                    6. Resources: every edge row of the group is held until the end; each frame's Laplacian
                       is dense over its own n nodes (8n² bytes), each pair costs O(n_union²), never a
                       matrix over every id the cell used. A frame with more than \(maximumGraphNodes) nodes
                       raises an error.
                    Example: queries/laplacian_gradient.sql and node_laplacian_gradient.sql.
                    """),
        ]
    }

    /// The most nodes one frame's dense matrices are built for (each n × n
    /// matrix of doubles takes 8n² bytes: 128 MiB at this size).
    static let maximumGraphNodes = 4096

    static func edgeDocumentation(_ name: String, _ extra: String, _ rest: String) -> String {
        """
        \(name)(SRC, DST, WEIGHT\(extra)) — aggregate over the edge rows of one frame
        1. SRC and DST are node ids (integers ≥ 0, not necessarily contiguous); the nodes are the
           distinct SRC and DST values of the rows, so a frame with nodes 0, 2, 5 and 17 has four
           (a node without any edge is not seen). Rows with the same SRC and DST add up; SRC = DST
           raises an error.
        2. A row with any of SRC, DST, WEIGHT NULL is skipped; no rows: the result is NULL.
        3. A non-integer or negative node, or a WEIGHT that is not a finite number ≥ 0,
           raises an error naming the argument; so do more than \(maximumGraphNodes) nodes (the dense
           matrices would exceed 128 MiB each).
        \(rest)
        """
    }

    /// [value, …] without spaces.
    static func jsonArray(_ values: [Double]) -> String {
        JSONText.array(values.map(JSONText.real)).tight
    }

    /// {"key":value, …} without spaces: a vector over nodes, keyed by node id, in the order given.
    static func jsonObject(_ values: [Double], keys: [Int]) -> String {
        JSONText.fields(zip(keys, values).map { JSONText.Field(String($0), .real($1)) }).tight
    }
}

/// A frame's edges over its own nodes: the distinct ids, ascending, and the
/// edges renumbered 0 ..< n in that order. Ids are unique over a cell's video
/// and grow as components are born, so a matrix over 0 … the largest id would
/// hold every component the cell ever had.
struct CompactGraph {
    let nodes: [Int]
    let edges: [Edge]

    /// Throws, naming `function` (and `frame` when given), past `maximumGraphNodes`.
    init(_ edges: [Edge], function: String, frame: Int? = nil) throws {
        var seen = Set<Int>()
        for edge in edges {
            seen.insert(edge.source)
            seen.insert(edge.target)
        }
        guard seen.count <= SQLFunction.maximumGraphNodes else {
            throw SQLFunctionError("\(function)(): \(seen.count) nodes in \(frame.map { "frame \($0)" } ?? "one frame"), more than the \(SQLFunction.maximumGraphNodes) its dense matrices are built for")
        }
        nodes = seen.sorted()
        var index: [Int: Int] = [:]
        for (position, node) in nodes.enumerated() { index[node] = position }
        self.edges = edges.map { Edge(source: index[$0.source]!, target: index[$0.target]!, weight: $0.weight) }
    }
}

/// Collects one frame's edges, then analyses them once.
final class EdgeAggregate: SQLAggregate {
    let function: String
    let result: (FrameNetwork, String, [Int]) throws -> SQLValue
    var edges: [Edge] = []
    var kind = "combinatorial"
    /// The KIND of the first row that gave one: every row of a group must give the same.
    var givenKind: String?

    /// `result` gets the network over the compact nodes, the KIND and the node ids.
    init(function: String, result: @escaping (FrameNetwork, String, [Int]) throws -> SQLValue) {
        self.function = function
        self.result = result
    }

    func step(_ values: [SQLValue]) throws {
        let a = Arguments(function, values)
        if values.count > 3 {
            let requested = try a.text(3)
            guard requested == "combinatorial" || requested == "normalized" else {
                throw SQLFunctionError("4th argument to \(function)() must be 'combinatorial' or 'normalized', not '\(requested)'")
            }
            if let givenKind, givenKind != requested {
                throw SQLFunctionError("4th argument to \(function)() must be the same on every row of a group: '\(givenKind)', then '\(requested)'")
            }
            givenKind = requested
            kind = requested
        }
        if values[0] == .null || values[1] == .null || values[2] == .null { return }
        let source = try a.integer(0), target = try a.integer(1)
        let weight = try a.double(2)
        guard source >= 0 else { throw SQLFunctionError("1st argument to \(function)() is a negative node: \(source)") }
        guard target >= 0 else { throw SQLFunctionError("2nd argument to \(function)() is a negative node: \(target)") }
        guard source != target else {
            throw SQLFunctionError("1st and 2nd arguments to \(function)() are the same node \(source): self-loops are not edges")
        }
        guard weight.isFinite, weight >= 0 else {
            throw SQLFunctionError("3rd argument to \(function)() is not a finite weight ≥ 0: \(weight)")
        }
        edges.append(Edge(source: source, target: target, weight: weight))
    }

    func value() throws -> SQLValue {
        guard !edges.isEmpty else { return .null }
        let graph = try CompactGraph(edges, function: function)
        let network: FrameNetwork
        do {
            network = try NetworkAnalysis.network(edges: graph.edges, size: graph.nodes.count)
        } catch {
            throw SQLFunctionError("\(function)(): \(error)")
        }
        return try result(network, kind, graph.nodes)
    }
}

/// Collects a cell's frames and edges, then differences consecutive Laplacians
/// over the union of each pair's nodes: O(Σ n²), far cheaper than the same in
/// SQL joins.
final class LaplacianGradientAggregate: SQLAggregate {
    static let function = "laplacian_gradients"
    var frames: [Int: (time: Double, edges: [Edge])] = [:]
    var normalized = false

    func step(_ values: [SQLValue]) throws {
        let a = Arguments(Self.function, values)
        if values.count > 5 {
            let kind = try a.text(5)
            guard kind == "combinatorial" || kind == "normalized" else {
                throw SQLFunctionError("6th argument to \(Self.function)() must be 'combinatorial' or 'normalized', not '\(kind)'")
            }
            normalized = kind == "normalized"
        }
        if values[0] == .null || values[1] == .null { return }
        let t = try a.integer(0)
        let time = try a.double(1)
        if let known = frames[t]?.time, known != time {
            throw SQLFunctionError("2nd argument to \(Self.function)() differs between rows of frame \(t): \(known) and \(time)")
        }
        if frames[t] == nil { frames[t] = (time, []) }
        guard values[2] != .null && values[3] != .null && values[4] != .null else { return }
        let source = try a.integer(2), target = try a.integer(3), weight = try a.double(4)
        guard source >= 0, target >= 0 else {
            throw SQLFunctionError("\(source < 0 ? "3rd" : "4th") argument to \(Self.function)() is a negative node")
        }
        guard source != target else {
            throw SQLFunctionError("3rd and 4th arguments to \(Self.function)() are the same node \(source): self-loops are not edges")
        }
        guard weight.isFinite, weight >= 0 else {
            throw SQLFunctionError("5th argument to \(Self.function)() is not a finite weight ≥ 0: \(weight)")
        }
        // Appended in place: copying the frame's array per row would be quadratic.
        frames[t]!.edges.append(Edge(source: source, target: target, weight: weight))
    }

    /// One frame's Laplacian, dense over its own nodes (ascending ids), built as
    /// the stored spectra's (`NetworkAnalysis.laplacians`).
    struct FrameLaplacian {
        let nodes: [Int]
        let matrix: [Double]
    }

    func laplacian(_ edges: [Edge], frame t: Int) throws -> FrameLaplacian {
        let graph = try CompactGraph(edges, function: Self.function, frame: t)
        let n = graph.nodes.count
        var weights = [Double](repeating: 0, count: n * n)
        for edge in graph.edges { weights[edge.source * n + edge.target] += edge.weight }
        let matrices = NetworkAnalysis.laplacians(weights: weights, size: n)
        return FrameLaplacian(nodes: graph.nodes, matrix: normalized ? matrices.normalized : matrices.combinatorial)
    }

    /// The union of two frames' nodes, ascending, with each node's position in
    /// either frame (−1: absent there, a zero row and column).
    static func union(_ a: [Int], _ b: [Int]) -> [(node: Int, a: Int, b: Int)] {
        var merged: [(node: Int, a: Int, b: Int)] = []
        merged.reserveCapacity(max(a.count, b.count))
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i] < b[j]) {
                merged.append((a[i], i, -1))
                i += 1
            } else if i == a.count || b[j] < a[i] {
                merged.append((b[j], -1, j))
                j += 1
            } else {
                merged.append((a[i], i, j))
                i += 1
                j += 1
            }
        }
        return merged
    }

    func value() throws -> SQLValue {
        let order = frames.keys.sorted()
        guard order.count >= 2 else { return .null }
        var previous = try laplacian(frames[order[0]]!.edges, frame: order[0])
        var parts: [String] = []
        parts.reserveCapacity(order.count)
        for (from, to) in zip(order, order.dropFirst()) {
            let current = try laplacian(frames[to]!.edges, frame: to)
            let dt = frames[to]!.time - frames[from]!.time
            guard dt != 0 else {
                throw SQLFunctionError("2nd argument to \(Self.function)() is equal for frames \(from) and \(to): no time passes between them")
            }
            // Summed in ascending node order with the zeros of absent nodes
            // skipped: bit for bit the dense sums over 0 … K−1.
            let nodes = Self.union(previous.nodes, current.nodes)
            let na = previous.nodes.count, nb = current.nodes.count
            var rows: [String] = []
            rows.reserveCapacity(nodes.count)
            var total = 0.0
            for row in nodes {
                var sum = 0.0
                for column in nodes {
                    let before = row.a >= 0 && column.a >= 0 ? previous.matrix[row.a * na + column.a] : 0
                    let after = row.b >= 0 && column.b >= 0 ? current.matrix[row.b * nb + column.b] : 0
                    let d = after - before
                    sum += d * d
                }
                rows.append("\"\(row.node)\":\(sum.squareRoot() / dt)")
                total += sum
            }
            parts.append("[\(from),\(to),\(dt),\(total.squareRoot() / dt),{\(rows.joined(separator: ","))}]")
            previous = current
        }
        return .text("[" + parts.joined(separator: ",") + "]")
    }
}
