import Foundation
import PlexusMixture

public struct GraphError: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// One directed edge src → dst with weight W[src][dst] > 0, src ≠ dst.
public struct Edge: Equatable, Sendable {
    public let source: Int
    public let target: Int
    public let weight: Double

    public init(source: Int, target: Int, weight: Double) {
        self.source = source
        self.target = target
        self.weight = weight
    }
}

/// A frame's weighted directed graph and everything measured on it.
///
/// Definitions (DESIGN.md): W_s = (W + Wᵀ)/2; L = D − W_s; L_n = I − D^−½ W_s D^−½
/// with isolated nodes' rows zero. All quantities come from the edges that are
/// stored, so that recomputing them from the `edge` table gives the stored values.
public struct FrameNetwork: Sendable {
    public let nodeCount: Int
    public let edges: [Edge]
    /// Eigenvalues of L and of L_n, ascending.
    public let combinatorialSpectrum: [Double]
    public let normalizedSpectrum: [Double]
    public let strengthIn: [Double]
    public let strengthOut: [Double]
    /// Leading eigenvector of W_s, signed to sum positive, unit L2 norm; nil without edges.
    public let eigenvectorCentrality: [Double]?
    /// PageRank of the directed W, damping 0.85, dangling nodes jumping uniformly.
    public let pagerank: [Double]
    /// Eigenvector of λ₂(L), its largest-magnitude entry positive; nil below 2 nodes.
    public let fiedler: [Double]?
    /// Eigenvalues of L_n below 1e-9: the graph's connected components
    /// (an isolated node counts one), where parts joined only by ties weaker
    /// than 1e-9 of their own volume count as separate. Scale-free, unlike a
    /// count on L's eigenvalues.
    public let connectedComponents: Int

    /// λ₂(L); nil below 2 nodes.
    public var algebraicConnectivity: Double? { nodeCount >= 2 ? combinatorialSpectrum[1] : nil }
    /// λ₂(L_n), the normalised Laplacian's spectral gap (Cheeger: small when the
    /// graph has a bottleneck); nil below 2 nodes.
    public var spectralGap: Double? { nodeCount >= 2 ? normalizedSpectrum[1] : nil }
    /// Stored edges over the K(K − 1) possible directed ones.
    public var edgeDensity: Double? {
        nodeCount >= 2 ? Double(edges.count) / Double(nodeCount * (nodeCount - 1)) : nil
    }
}

public enum NetworkAnalysis {
    public static let damping = 0.85
    /// Normalised-Laplacian eigenvalues below this count as zero.
    public static let componentTolerance = 1e-9

    /// The default relative edge threshold ε (see `network(weights:size:edgeMinimum:)`).
    /// Each dropped pair moves an entry of L by at most ε·max(m) and an entry of
    /// L_n by at most ε, so both spectra move by at most about 2(K − 1)·ε in
    /// those units (Weyl): 6e-9 for K = 30, far inside the design's 1e-6. The
    /// test suite measures it on fitted frames for every affinity.
    public static let defaultEdgeMinimum = 1e-10

    /// The graph of a fitted mixture: W[i][j] = affinity(i → j), weak pairs dropped.
    public static func network(of components: [GaussianComponent], affinity: Affinity,
                               edgeMinimum: Double = defaultEdgeMinimum) throws -> FrameNetwork {
        let k = components.count
        var weights = [Double](repeating: 0, count: k * k)
        for i in 0..<k {
            for j in 0..<k where j != i {
                weights[i * k + j] = affinity.weight(from: components[i], to: components[j])
            }
        }
        return try network(weights: weights, size: k, edgeMinimum: edgeMinimum)
    }

    /// The graph of a dense row-major weight matrix (the diagonal is ignored).
    ///
    /// The pair i, j (both directions) is dropped when its symmetrised weight
    /// W_s[i][j] is below `edgeMinimum` × min(mᵢ, mⱼ), where mᵢ is node i's
    /// strongest symmetrised tie. The threshold is relative to each node's own
    /// ties, not to the frame's largest weight: the normalised Laplacian divides
    /// by degrees, so a node whose ties are all weak (but are all it has) must
    /// keep them, or it would become isolated and its eigenvalue jump from ≈ 1
    /// to 0. Every node keeps at least its strongest tie.
    public static func network(weights: [Double], size k: Int, edgeMinimum: Double = 0) throws -> FrameNetwork {
        precondition(weights.count == k * k, "weights must be k×k")
        var strongest = [Double](repeating: 0, count: k)
        for i in 0..<k {
            for j in 0..<k where j != i {
                let w = weights[i * k + j]
                guard w.isFinite, w >= 0 else {
                    throw GraphError("edge weight W[\(i)][\(j)] = \(w) is not a finite non-negative number")
                }
                let symmetric = 0.5 * (w + weights[j * k + i])
                strongest[i] = max(strongest[i], symmetric)
                strongest[j] = max(strongest[j], symmetric)
            }
        }
        var edges: [Edge] = []
        var w = [Double](repeating: 0, count: k * k)
        for i in 0..<k {
            for j in 0..<k where j != i {
                let value = weights[i * k + j]
                let symmetric = 0.5 * (value + weights[j * k + i])
                if value > 0 && symmetric >= edgeMinimum * min(strongest[i], strongest[j]) {
                    edges.append(Edge(source: i, target: j, weight: value))
                    w[i * k + j] = value
                }
            }
        }
        return try analyse(edges: edges, dense: w, size: k)
    }

    /// The graph of edge rows (as stored), nodes 0..<size.
    public static func network(edges: [Edge], size k: Int) throws -> FrameNetwork {
        var w = [Double](repeating: 0, count: k * k)
        for edge in edges {
            guard edge.source >= 0, edge.source < k, edge.target >= 0, edge.target < k else {
                throw GraphError("edge \(edge.source) → \(edge.target) names a node outside 0..<\(k)")
            }
            guard edge.source != edge.target else { throw GraphError("edge \(edge.source) → \(edge.target) is a self-loop") }
            guard edge.weight.isFinite, edge.weight >= 0 else {
                throw GraphError("edge \(edge.source) → \(edge.target) has weight \(edge.weight), not a finite non-negative number")
            }
            w[edge.source * k + edge.target] += edge.weight
        }
        return try analyse(edges: edges, dense: w, size: k)
    }

    /// From the dense directed weights W (row-major k×k, zero diagonal): the
    /// symmetrised W_s = (W + Wᵀ)/2, the combinatorial Laplacian L = D − W_s and
    /// the normalised L_n = I − D^−½ W_s D^−½ (rows and columns of isolated
    /// nodes left 0). The one construction behind the stored spectra and the
    /// SQL function laplacian_gradients.
    public static func laplacians(weights w: [Double], size k: Int)
        -> (symmetric: [Double], combinatorial: [Double], normalized: [Double]) {
        var symmetric = [Double](repeating: 0, count: k * k)
        var degree = [Double](repeating: 0, count: k)
        for i in 0..<k {
            for j in 0..<k where j != i {
                let s = 0.5 * (w[i * k + j] + w[j * k + i])
                symmetric[i * k + j] = s
                degree[i] += s
            }
        }
        var laplacian = [Double](repeating: 0, count: k * k)
        var normalized = [Double](repeating: 0, count: k * k)
        for i in 0..<k {
            for j in 0..<k {
                let s = symmetric[i * k + j]
                laplacian[i * k + j] = i == j ? degree[i] : -s
                if degree[i] > 0 && degree[j] > 0 {
                    // √dᵢ·√dⱼ, not √(dᵢdⱼ): with the tiny degrees of far-apart components the
                    // product underflows to 0, and s / 0 would put NaN into the eigensolver.
                    normalized[i * k + j] = (i == j ? 1 : 0) - s / (degree[i].squareRoot() * degree[j].squareRoot())
                }
            }
        }
        return (symmetric, laplacian, normalized)
    }

    static func analyse(edges: [Edge], dense w: [Double], size k: Int) throws -> FrameNetwork {
        var strengthIn = [Double](repeating: 0, count: k)
        var strengthOut = [Double](repeating: 0, count: k)
        for i in 0..<k {
            for j in 0..<k {
                strengthOut[i] += w[i * k + j]
                strengthIn[j] += w[i * k + j]
            }
        }
        // Symmetrised weights and the two Laplacians.
        let (symmetric, laplacian, normalized) = laplacians(weights: w, size: k)
        let combinatorial = try SymmetricEigen.decompose(laplacian, size: k, vectors: k >= 2)
        let normalizedValues = try SymmetricEigen.decompose(normalized, size: k, vectors: false).values

        var fiedler: [Double]?
        if k >= 2 {
            var vector = combinatorial.vector(1)
            var pivot = 0
            for i in 1..<k where abs(vector[i]) > abs(vector[pivot]) + 1e-12 { pivot = i }
            if vector[pivot] < 0 { vector = vector.map { -$0 } }
            fiedler = vector
        }

        var centrality: [Double]?
        if edges.contains(where: { $0.weight > 0 }) {
            let leading = try SymmetricEigen.decompose(symmetric, size: k, vectors: true)
            var vector = leading.vector(k - 1)
            if vector.reduce(0, +) < 0 { vector = vector.map { -$0 } }
            let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
            centrality = vector.map { $0 / norm }
        } else if k == 1 {
            centrality = [1]
        }

        return FrameNetwork(
            nodeCount: k, edges: edges, combinatorialSpectrum: combinatorial.values,
            normalizedSpectrum: normalizedValues, strengthIn: strengthIn, strengthOut: strengthOut,
            eigenvectorCentrality: centrality, pagerank: pagerank(w, size: k, outStrength: strengthOut),
            fiedler: fiedler, connectedComponents: normalizedValues.filter { $0 < componentTolerance }.count)
    }

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
