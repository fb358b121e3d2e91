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
