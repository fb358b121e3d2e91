extension Analytics {
    /// Solves A·x = b for a small symmetric positive definite A (row-major,
    /// n × n) by Cholesky factorisation; nil when A is not numerically
    /// positive definite. For the Newton steps of `LogisticRegression`, whose
    /// systems have at most a few hundred unknowns.
    static func choleskySolve(_ a: [Double], size n: Int, _ b: [Double]) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var sum = a[i * n + j]
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    guard sum > 0, sum.isFinite else { return nil }
                    l[i * n + i] = sum.squareRoot()
                } else {
                    l[i * n + j] = sum / l[j * n + j]
                }
            }
        }
        var y = b
        for i in 0..<n {
            var sum = y[i]
            for k in 0..<i { sum -= l[i * n + k] * y[k] }
            y[i] = sum / l[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = y[i]
            for k in (i + 1)..<n { sum -= l[k * n + i] * y[k] }
            y[i] = sum / l[i * n + i]
        }
        return y
    }
}
