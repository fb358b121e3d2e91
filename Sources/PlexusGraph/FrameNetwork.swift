/// A frame's weighted directed graph and everything measured on it.
///
/// Definitions (DESIGN.md): W_s = (W + Wᵀ)/2; L = D − W_s; L_n = I − D^−½ W_s D^−½
/// with isolated nodes' rows zero. All quantities come from the edges that are
/// stored, so that recomputing them from the `edge` table gives the stored values.
package struct FrameNetwork: Sendable {
    package let nodeCount: Int
    package let edges: [Edge]
    /// Eigenvalues of L and of L_n, ascending.
    package let combinatorialSpectrum: [Double]
    package let normalizedSpectrum: [Double]
    package let strengthIn: [Double]
    package let strengthOut: [Double]
    /// Leading eigenvector of W_s, signed to sum positive, unit L2 norm; nil without edges.
    package let eigenvectorCentrality: [Double]?
    /// PageRank of the directed W, damping 0.85, dangling nodes jumping uniformly.
    package let pagerank: [Double]
    /// Eigenvector of λ₂(L), its largest-magnitude entry positive; nil below 2 nodes.
    package let fiedler: [Double]?
    /// Eigenvalues of L_n below 1e-9: the graph's connected components
    /// (an isolated node counts one), where parts joined only by ties weaker
    /// than 1e-9 of their own volume count as separate. Scale-free, unlike a
    /// count on L's eigenvalues.
    package let connectedComponents: Int

    /// λ₂(L); nil below 2 nodes.
    package var algebraicConnectivity: Double? { nodeCount >= 2 ? combinatorialSpectrum[1] : nil }
    /// λ₂(L_n), the normalised Laplacian's spectral gap (Cheeger: small when the
    /// graph has a bottleneck); nil below 2 nodes.
    package var spectralGap: Double? { nodeCount >= 2 ? normalizedSpectrum[1] : nil }
    /// Stored edges over the K(K − 1) possible directed ones.
    package var edgeDensity: Double? {
        nodeCount >= 2 ? Double(edges.count) / Double(nodeCount * (nodeCount - 1)) : nil
    }
}
