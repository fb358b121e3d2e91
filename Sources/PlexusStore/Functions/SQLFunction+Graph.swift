import Foundation
import PlexusGraph

extension SQLFunction {
    /// Graph aggregates over the (src, dst, weight) rows of one frame.
    static var graph: [SQLFunction] {
        [
            SQLFunction(
                name: "laplacian_spectrum", arities: [3, 4], kind: .aggregate { EdgeAggregate(function: "laplacian_spectrum") { network, kind in
                    .text(jsonArray(kind == "normalized" ? network.normalizedSpectrum : network.combinatorialSpectrum))
                } },
                summary: "All eigenvalues (JSON array, ascending) of the Laplacian of the edges aggregated: laplacian_spectrum(src, dst, weight [, 'normalized']).",
                documentation: edgeDocumentation("laplacian_spectrum", "[, KIND]", """
                    4. KIND is 'combinatorial' (default: L = D − W_s) or 'normalized' (L_n = I − D^−½ W_s D^−½);
                       any other value raises an error.
                    5. Returns TEXT: a JSON array of the K eigenvalues, ascending.
                    Example: SELECT t, laplacian_spectrum(src, dst, weight) FROM edge WHERE cell_id = 1 GROUP BY t;
                    """)),
            SQLFunction(
                name: "algebraic_connectivity", arities: [3], kind: .aggregate { EdgeAggregate(function: "algebraic_connectivity") { network, _ in
                    network.algebraicConnectivity.map(SQLValue.real) ?? .null
                } },
                summary: "λ₂ of the combinatorial Laplacian of the edges aggregated: algebraic_connectivity(src, dst, weight).",
                documentation: edgeDocumentation("algebraic_connectivity", "", """
                    4. Returns REAL: the second-smallest eigenvalue of L; NULL below two nodes.
                    Example: SELECT t, algebraic_connectivity(src, dst, weight) FROM edge WHERE cell_id = 1 GROUP BY t;
                    """)),
            SQLFunction(
                name: "eigenvector_centrality", arities: [3], kind: .aggregate { EdgeAggregate(function: "eigenvector_centrality") { network, _ in
                    network.eigenvectorCentrality.map { .text(jsonObject($0)) } ?? .null
                } },
                summary: "Eigenvector centrality of W_s (JSON object node → value) of the edges aggregated.",
                documentation: edgeDocumentation("eigenvector_centrality", "", """
                    4. Returns TEXT: a JSON object {"node": value}, the leading eigenvector of W_s = (W + Wᵀ)/2,
                       unit L2 norm, signed to sum positive; NULL when there is no edge.
                    Example: SELECT j.key AS k, j.value AS centrality
                             FROM (SELECT eigenvector_centrality(src, dst, weight) AS c FROM edge WHERE cell_id = 1 AND t = 0),
                                  json_each(c) AS j;
                    """)),
            SQLFunction(
                name: "pagerank", arities: [3], kind: .aggregate { EdgeAggregate(function: "pagerank") { network, _ in
                    .text(jsonObject(network.pagerank))
                } },
                summary: "PageRank (damping 0.85, JSON object node → value) of the directed edges aggregated.",
                documentation: edgeDocumentation("pagerank", "", """
                    4. Returns TEXT: a JSON object {"node": value} summing to 1; nodes without out-edges
                       jump uniformly.
                    Example: SELECT j.key, j.value FROM (SELECT pagerank(src, dst, weight) AS p FROM edge
                             WHERE cell_id = 1 AND t = 0), json_each(p) AS j ORDER BY j.value DESC;
                    """)),
            SQLFunction(
                name: "laplacian_gradients", arities: [5, 6], kind: .aggregate { LaplacianGradientAggregate() },
                summary: "Per consecutive pair of frames: ‖L(t′) − L(t)‖_F / Δt and each node's row norm (JSON), over (t, time, src, dst, weight [, kind]) rows of one cell.",
                documentation: """
                    laplacian_gradients(T, TIME, SRC, DST, WEIGHT [, KIND]) — aggregate over the edge rows of all frames of one cell
                    1. T is the frame index and TIME its time (e.g. COALESCE(time_s, t)); SRC, DST, WEIGHT an
                       edge of that frame. A frame without edges takes part through one row with SRC NULL
                       (frame LEFT JOIN edge). Nodes are 0 … the largest SRC or DST of the cell.
                    2. Rows with T or TIME NULL are skipped; rows with SRC, DST or WEIGHT NULL only register
                       their frame. Fewer than two frames: the result is NULL.
                    3. A non-integer or negative node, a self-loop, a WEIGHT that is not a finite number ≥ 0,
                       two rows of one frame with different TIMEs, equal TIMEs of consecutive frames, or a KIND
                       other than 'combinatorial' / 'normalized' raise an error naming the argument.
                    4. Returns TEXT: a JSON array with one element per consecutive pair of frames (ascending T),
                       [t_from, t_to, dt, gradient, [row_0, row_1, …]] where gradient = ‖L(t_to) − L(t_from)‖_F / dt
                       and row_k the norm of row k of that difference over dt. KIND picks L = D − W_s
                       (default) or L_n = I − D^−½ W_s D^−½.
                    Example: queries/laplacian_gradient.sql and node_laplacian_gradient.sql.
                    """),
        ]
    }

    static func edgeDocumentation(_ name: String, _ extra: String, _ rest: String) -> String {
        """
        \(name)(SRC, DST, WEIGHT\(extra)) — aggregate over the edge rows of one frame
        1. SRC and DST are node numbers (integers ≥ 0); nodes are 0 … the largest SRC or DST.
           Rows with the same SRC and DST add up; SRC = DST raises an error.
        2. A row with any of SRC, DST, WEIGHT NULL is skipped; no rows: the result is NULL.
        3. A non-integer or negative node, or a WEIGHT that is not a finite number ≥ 0,
           raises an error naming the argument.
        \(rest)
        """
    }

    static func jsonArray(_ values: [Double]) -> String {
        "[" + values.map { "\($0)" }.joined(separator: ",") + "]"
    }

    static func jsonObject(_ values: [Double]) -> String {
        "{" + values.enumerated().map { "\"\($0.offset)\":\($0.element)" }.joined(separator: ",") + "}"
    }
}

/// Collects one frame's edges, then analyses them once.
final class EdgeAggregate: SQLAggregate {
    let function: String
    let result: (FrameNetwork, String) throws -> SQLValue
    var edges: [Edge] = []
    var largestNode = -1
    var kind = "combinatorial"

    init(function: String, result: @escaping (FrameNetwork, String) throws -> SQLValue) {
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
        largestNode = max(largestNode, source, target)
    }

    func value() throws -> SQLValue {
        guard !edges.isEmpty else { return .null }
        let network: FrameNetwork
        do {
            network = try NetworkAnalysis.network(edges: edges, size: largestNode + 1)
        } catch {
            throw SQLFunctionError("\(function)(): \(error)")
        }
        return try result(network, kind)
    }
}

/// Collects a cell's frames and edges, then differences consecutive Laplacians
/// densely: O(frames · K²), far cheaper than the same in SQL joins.
final class LaplacianGradientAggregate: SQLAggregate {
    static let function = "laplacian_gradients"
    var frames: [Int: (time: Double, edges: [Edge])] = [:]
    var largestNode = -1
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
        largestNode = max(largestNode, source, target)
    }

    /// The dense Laplacian of one frame's edges (row-major k×k), built as the
    /// stored spectra's (`NetworkAnalysis.laplacians`).
    func laplacian(_ edges: [Edge], size k: Int) -> [Double] {
        var weights = [Double](repeating: 0, count: k * k)
        for edge in edges { weights[edge.source * k + edge.target] += edge.weight }
        let matrices = NetworkAnalysis.laplacians(weights: weights, size: k)
        return normalized ? matrices.normalized : matrices.combinatorial
    }

    func value() throws -> SQLValue {
        let order = frames.keys.sorted()
        guard order.count >= 2 else { return .null }
        let k = largestNode + 1
        var previous = laplacian(frames[order[0]]!.edges, size: k)
        var parts: [String] = []
        parts.reserveCapacity(order.count)
        for (from, to) in zip(order, order.dropFirst()) {
            let current = laplacian(frames[to]!.edges, size: k)
            let dt = frames[to]!.time - frames[from]!.time
            guard dt != 0 else {
                throw SQLFunctionError("2nd argument to \(Self.function)() is equal for frames \(from) and \(to): no time passes between them")
            }
            var rows = [Double](repeating: 0, count: k)
            var total = 0.0
            for i in 0..<k {
                var sum = 0.0
                for j in 0..<k {
                    let d = current[i * k + j] - previous[i * k + j]
                    sum += d * d
                }
                rows[i] = sum.squareRoot() / dt
                total += sum
            }
            parts.append("[\(from),\(to),\(dt),\(total.squareRoot() / dt),[\(rows.map { "\($0)" }.joined(separator: ","))]]")
            previous = current
        }
        return .text("[" + parts.joined(separator: ",") + "]")
    }
}
