extension Analytics {
    /// A linear support vector machine on standardized features: the model of
    /// scikit-learn's
    ///
    ///     make_pipeline(StandardScaler(), LinearSVC(C=c))
    ///
    /// (liblinear: L2 penalty, squared hinge loss, one-vs-rest for 3 or more
    /// classes, the intercept a feature of constant value 1 and so penalised
    /// like the weights). Each binary problem, with y = ±1, minimises
    ///
    ///     ½ (‖w‖² + b²) + C Σ max(0, 1 − y (w·z + b))²
    ///
    /// which is strictly convex with a continuous gradient; it is solved here
    /// by generalized Newton steps (the Hessian of the samples inside the
    /// margin) with a backtracking line search, to a gradient of 1e-10 ·
    /// max(1, C·n). liblinear's coordinate descent reaches the same optimum
    /// when its tolerance is small. The model gives no probabilities (Platt
    /// scaling would need another internal cross-validation): its scores are
    /// the decision values, one per class (2 classes: [−f, f], f the binary
    /// decision value of class 1), and the prediction is the largest.
    package struct LinearSVM: Sendable {
        package let classCount: Int
        package let c: Double
        let scaling: Standardization
        /// One (weights, intercept) per binary problem: 1 for 2 classes (class
        /// 1 against 0), else one per class against the rest.
        package let weights: [[Double]]
        package let intercepts: [Double]

        package init(features: [[Double]], labels: [Int], classCount: Int, c: Double = 1) throws {
            guard classCount >= 2 else {
                throw ClassificationError.invalidParameter("a linear SVM needs at least 2 classes, not \(classCount)")
            }
            guard c > 0, c.isFinite else { throw ClassificationError.invalidParameter("C must be positive and finite, not \(c)") }
            let d = try Analytics.validate(features: features, labels: labels, classCount: classCount)
            let counts = CrossValidation.classCounts(labels, classCount: classCount)
            if let empty = counts.firstIndex(of: 0) { throw ClassificationError.emptyClass(empty) }
            let scaling = Standardization(rows: features, featureCount: d)
            self.scaling = scaling
            // The intercept as a last feature of value 1.
            let rows = features.map { scaling.apply($0) + [1] }
            let problems = classCount == 2 ? [1] : Array(0..<classCount)
            var weights: [[Double]] = [], intercepts: [Double] = []
            for positive in problems {
                let y = labels.map { $0 == positive ? 1.0 : -1.0 }
                let theta = try Self.minimise(rows: rows, y: y, c: c)
                weights.append(Array(theta[0..<d]))
                intercepts.append(theta[d])
            }
            self.classCount = classCount
            self.c = c
            self.weights = weights
            self.intercepts = intercepts
        }

        /// Generalized Newton on the primal squared-hinge objective.
        static func minimise(rows: [[Double]], y: [Double], c: Double) throws -> [Double] {
            let p = rows[0].count
            var theta = [Double](repeating: 0, count: p)
            func objective(_ t: [Double]) -> Double {
                var value = 0.5 * t.reduce(0) { $0 + $1 * $1 }
                for (row, label) in zip(rows, y) {
                    let margin = 1 - label * dot(row, t)
                    if margin > 0 { value += c * margin * margin }
                }
                return value
            }
            let tolerance = 1e-10 * max(1, c * Double(rows.count))
            for _ in 0..<200 {
                var gradient = theta
                var hessian = [Double](repeating: 0, count: p * p)
                for i in 0..<p { hessian[i * p + i] = 1 }
                for (row, label) in zip(rows, y) {
                    let margin = 1 - label * dot(row, theta)
                    guard margin > 0 else { continue }
                    for i in 0..<p {
                        gradient[i] -= 2 * c * label * margin * row[i]
                        for j in 0..<p { hessian[i * p + j] += 2 * c * row[i] * row[j] }
                    }
                }
                if gradient.map(abs).max()! <= tolerance { return theta }
                guard let step = Analytics.choleskySolve(hessian, size: p, gradient) else {
                    throw ClassificationError.didNotConverge(gradient: gradient.map(abs).max()!)
                }
                let current = objective(theta)
                let slope = zip(gradient, step).reduce(0) { $0 + $1.0 * $1.1 }
                var length = 1.0, accepted = false
                for _ in 0..<60 {
                    let trial = zip(theta, step).map { $0 - length * $1 }
                    if objective(trial) <= current - 1e-4 * length * slope {
                        theta = trial
                        accepted = true
                        break
                    }
                    length /= 2
                }
                if !accepted { break }
            }
            var gradient = theta
            for (row, label) in zip(rows, y) {
                let margin = 1 - label * dot(row, theta)
                if margin > 0 { for i in 0..<p { gradient[i] -= 2 * c * label * margin * row[i] } }
            }
            let largest = gradient.map(abs).max()!
            guard largest <= 1e-7 * max(1, c * Double(rows.count)) else { throw ClassificationError.didNotConverge(gradient: largest) }
            return theta
        }

        static func dot(_ a: [Double], _ b: [Double]) -> Double {
            var sum = 0.0
            for i in a.indices { sum += a[i] * b[i] }
            return sum
        }

        /// The decision value of each binary problem for a raw sample
        /// (scikit-learn's `decision_function`).
        package func decisionValues(_ x: [Double]) -> [Double] {
            let z = scaling.apply(x)
            return zip(weights, intercepts).map { Self.dot($0, z) + $1 }
        }

        /// One score per class: [−f, f] for 2 classes, else the decision values.
        package func scores(_ x: [Double]) -> [Double] {
            let values = decisionValues(x)
            return classCount == 2 ? [-values[0], values[0]] : values
        }

        package func predict(_ x: [Double]) -> Int { LogisticRegression.mostProbable(scores(x)) }
    }
}
