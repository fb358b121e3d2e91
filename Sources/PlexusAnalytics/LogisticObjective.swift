import Foundation

extension Analytics {
    /// The penalised log-likelihood minimised by `LogisticRegression`, on
    /// standardized features z:
    ///
    ///     f(θ) = C · Σᵢ [log Σₖ exp(ηᵢₖ) − ηᵢ,yᵢ] + ½ ‖W‖²,   ηᵢₖ = wₖ·zᵢ + bₖ,
    ///
    /// over the free parameters only (the others are 0); intercepts are not
    /// penalised.
    ///
    /// scikit-learn's binomial model (2 classes) is weights and intercept free
    /// for class 1 only: P(y = 1) = σ(w·z + b), penalty ½‖w‖². Its multinomial
    /// model (3 classes or more) has all K weight vectors free and penalised;
    /// its intercepts are defined only up to a common shift, which is fixed
    /// here by b₀ = 0 (the probabilities do not depend on the shift).
    ///
    /// θ holds the free parameters class by class: class k's are
    /// θ[start[k] ..< start[k] + width[k]], the coefficients of the leading
    /// `width[k]` entries of u = (z₀, …, z_{d−1}, 1) — its weights, then its
    /// intercept if free (width d + 1) or not (width d; 0 for class 0 of a
    /// binomial model).
    struct LogisticObjective {
        /// Standardized features, row-major, n × d.
        let z: [Double]
        let labels: [Int]
        let sampleCount: Int
        let classCount: Int
        let featureCount: Int
        let c: Double
        let start: [Int]
        let width: [Int]
        let parameterCount: Int

        init(rows: [[Double]], labels: [Int], classCount: Int, c: Double) {
            let d = rows.first?.count ?? 0
            self.z = rows.flatMap { $0 }
            self.labels = labels
            self.sampleCount = rows.count
            self.classCount = classCount
            self.featureCount = d
            self.c = c
            var start: [Int] = [], width: [Int] = []
            var next = 0
            for k in 0..<classCount {
                let hasWeights = classCount > 2 || k == 1
                let w = (hasWeights ? d : 0) + (k > 0 ? 1 : 0)
                start.append(next)
                width.append(w)
                next += w
            }
            self.start = start
            self.width = width
            self.parameterCount = next
        }

        /// Whether θ[a] is a weight (penalised) rather than an intercept.
        func isWeight(_ a: Int) -> Bool {
            for k in 0..<classCount where a >= start[k] && a < start[k] + width[k] {
                return a - start[k] < featureCount
            }
            return false
        }

        /// The class scores η of sample i.
        func scores(_ theta: [Double], sample i: Int) -> [Double] {
            let d = featureCount
            var eta = [Double](repeating: 0, count: classCount)
            for k in 0..<classCount {
                var s = 0.0
                for j in 0..<width[k] { s += theta[start[k] + j] * (j == d ? 1 : z[i * d + j]) }
                eta[k] = s
            }
            return eta
        }

        /// ½‖W‖², the penalty on the weights.
        func penalty(_ theta: [Double]) -> Double {
            var sum = 0.0
            for a in 0..<parameterCount where isWeight(a) { sum += theta[a] * theta[a] }
            return 0.5 * sum
        }

        /// f(θ) alone (for the line search).
        func value(_ theta: [Double]) -> Double {
            var loss = 0.0
            for i in 0..<sampleCount {
                let eta = scores(theta, sample: i)
                loss += Analytics.logSumExp(eta) - eta[labels[i]]
            }
            return c * loss + penalty(theta)
        }

        /// f(θ), its gradient and its Hessian (row-major, P × P).
        func evaluate(_ theta: [Double]) -> (value: Double, gradient: [Double], hessian: [Double]) {
            let n = parameterCount, d = featureCount, K = classCount
            var gradient = [Double](repeating: 0, count: n)
            var hessian = [Double](repeating: 0, count: n * n)
            var loss = 0.0
            var u = [Double](repeating: 1, count: d + 1)
            var outer = [Double](repeating: 0, count: (d + 1) * (d + 1))
            hessian.withUnsafeMutableBufferPointer { h in
                outer.withUnsafeMutableBufferPointer { o in
                    for i in 0..<sampleCount {
                        for j in 0..<d { u[j] = z[i * d + j] }
                        let eta = scores(theta, sample: i)
                        let lse = Analytics.logSumExp(eta)
                        loss += lse - eta[labels[i]]
                        let p = eta.map { exp($0 - lse) }
                        for a in 0...d {
                            for b in a...d { o[a * (d + 1) + b] = u[a] * u[b] }
                        }
                        for k in 0..<K where width[k] > 0 {
                            let residual = c * (p[k] - (labels[i] == k ? 1 : 0))
                            for j in 0..<width[k] { gradient[start[k] + j] += residual * u[j] }
                            // Blocks (k, l ≥ k), upper triangle: class l's
                            // parameters follow class k's in θ.
                            for l in k..<K where width[l] > 0 {
                                let weight = c * ((k == l ? p[k] : 0) - p[k] * p[l])
                                if weight == 0 { continue }
                                for ja in 0..<width[k] {
                                    let row = (start[k] + ja) * n + start[l]
                                    for jb in (k == l ? ja : 0)..<width[l] {
                                        // u uᵀ is symmetric: read its upper triangle.
                                        let product = ja <= jb ? o[ja * (d + 1) + jb] : o[jb * (d + 1) + ja]
                                        h[row + jb] += weight * product
                                    }
                                }
                            }
                        }
                    }
                    for a in 0..<n {
                        for b in 0..<a { h[a * n + b] = h[b * n + a] }
                    }
                }
            }
            for a in 0..<n where isWeight(a) {
                gradient[a] += theta[a]
                hessian[a * n + a] += 1
            }
            return (c * loss + penalty(theta), gradient, hessian)
        }

        /// Newton's method with a backtracking (Armijo) line search from θ = 0,
        /// until the largest gradient component is at most `tolerance`, then
        /// one more full step if it reduces the gradient further.
        func minimise(tolerance: Double, maxIterations: Int = 100) throws
            -> (theta: [Double], iterations: Int, gradient: Double)
        {
            let n = parameterCount
            var theta = [Double](repeating: 0, count: n)
            for iteration in 0...maxIterations {
                let (f, g, h) = evaluate(theta)
                let largest = g.reduce(0) { max($0, abs($1)) }
                if largest <= tolerance {
                    // From here one Newton step takes the fit to rounding level.
                    if let step = Analytics.newtonStep(hessian: h, gradient: g, size: n) {
                        let polished = zip(theta, step).map { $0 + $1 }
                        let after = evaluate(polished).gradient.reduce(0) { max($0, abs($1)) }
                        if after < largest { return (polished, iteration + 1, after) }
                    }
                    return (theta, iteration, largest)
                }
                guard iteration < maxIterations, largest.isFinite,
                      let step = Analytics.newtonStep(hessian: h, gradient: g, size: n)
                else { throw ClassificationError.didNotConverge(gradient: largest) }
                let slope = zip(g, step).reduce(0) { $0 + $1.0 * $1.1 }     // gᵀΔ < 0
                // Where the predicted decrease is below what f's rounding can
                // resolve, the full Newton step is taken: the iterate is then so
                // close to the optimum that the quadratic model is exact.
                if -slope <= 1e-13 * (1 + abs(f)) {
                    for a in 0..<n { theta[a] += step[a] }
                    continue
                }
                var t = 1.0
                while true {
                    let trial = zip(theta, step).map { $0 + t * $1 }
                    if value(trial) <= f + 1e-4 * t * slope {
                        theta = trial
                        break
                    }
                    t *= 0.5
                    if t < 1e-12 { throw ClassificationError.didNotConverge(gradient: largest) }
                }
            }
            throw ClassificationError.didNotConverge(gradient: .infinity)   // not reached
        }
    }

    /// −H⁻¹g, with a growing ridge if H is not numerically positive definite.
    static func newtonStep(hessian: [Double], gradient: [Double], size n: Int) -> [Double]? {
        let negative = gradient.map { -$0 }
        if let step = choleskySolve(hessian, size: n, negative) { return step }
        let diagonal = (0..<n).reduce(0) { max($0, abs(hessian[$1 * n + $1])) }
        var ridge = max(diagonal, 1) * 1e-12
        var h = hessian
        for _ in 0..<12 {
            for a in 0..<n { h[a * n + a] = hessian[a * n + a] + ridge }
            if let step = choleskySolve(h, size: n, negative) { return step }
            ridge *= 10
        }
        return nil
    }

    /// log Σ exp(v), without overflow.
    static func logSumExp(_ v: [Double]) -> Double {
        let m = v.max() ?? 0
        return m + log(v.reduce(0) { $0 + exp($1 - m) })
    }
}
