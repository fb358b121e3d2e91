extension NetworkAnalysis {
    /// From the dense directed weights W (row-major k×k, zero diagonal): the
    /// symmetrised W_s = (W + Wᵀ)/2, the combinatorial Laplacian L = D − W_s and
    /// the normalised L_n = I − D^−½ W_s D^−½ (rows and columns of isolated
    /// nodes left 0). The one construction behind the stored spectra and the
    /// SQL function laplacian_gradients.
    package static func laplacians(weights w: [Double], size k: Int)
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
}
