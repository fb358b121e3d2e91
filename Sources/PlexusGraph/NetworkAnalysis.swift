import Foundation
import PlexusMixture

package enum NetworkAnalysis {
    package static let damping = 0.85
    /// Normalised-Laplacian eigenvalues below this count as zero.
    package static let componentTolerance = 1e-9

    /// The default relative edge threshold ε (see `network(weights:size:edgeMinimum:)`).
    /// Each dropped pair moves an entry of L by at most ε·max(m) and an entry of
    /// L_n by at most ε, so both spectra move by at most about 2(K − 1)·ε in
    /// those units (Weyl): 6e-9 for K = 30, far inside the design's 1e-6. The
    /// test suite measures it on fitted frames for every affinity.
    package static let defaultEdgeMinimum = 1e-10

    /// The graph of a fitted mixture: W[i][j] = affinity(i → j), weak pairs dropped.
    package static func network(of components: [GaussianComponent], affinity: Affinity,
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
    package static func network(weights: [Double], size k: Int, edgeMinimum: Double = 0) throws -> FrameNetwork {
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
    package static func network(edges: [Edge], size k: Int) throws -> FrameNetwork {
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
}
