import Foundation
import PlexusGraph
import PlexusMixture
import PlexusNumerics
import XCTest

/// Largest |a[i] − b[i]|; fails (and returns +∞) when the lengths differ.
@discardableResult
func assertClose(_ actual: [Double], _ expected: [Double], tolerance: Double, _ message: String = "",
                 file: StaticString = #filePath, line: UInt = #line) -> Double {
    guard actual.count == expected.count else {
        XCTFail("\(message): \(actual.count) values, expected \(expected.count)", file: file, line: line)
        return .infinity
    }
    var worst = 0.0, at = -1
    for i in actual.indices {
        let d = abs(actual[i] - expected[i])
        if !(d <= worst) { worst = d; at = i } // NaN counts as worst
    }
    if !(worst <= tolerance) {
        XCTFail("\(message): max |Δ| = \(worst) at index \(at) (\(actual[at]) vs \(expected[at])) > \(tolerance)",
                file: file, line: line)
    }
    return worst
}

/// Dense row-major k×k weights from (i, j, w) triples; unset entries are 0.
func denseWeights(_ k: Int, _ entries: [(Int, Int, Double)]) -> [Double] {
    var w = [Double](repeating: 0, count: k * k)
    for (i, j, value) in entries { w[i * k + j] = value }
    return w
}

/// Undirected edges i–j with the same weight both ways.
func symmetricWeights(_ k: Int, _ pairs: [(Int, Int)], weight: Double = 1) -> [Double] {
    var w = [Double](repeating: 0, count: k * k)
    for (i, j) in pairs { w[i * k + j] = weight; w[j * k + i] = weight }
    return w
}

/// The test's own construction of W_s, L and L_n from a network's stored edges.
struct ReferenceMatrices {
    let k: Int
    let w: [Double]
    let symmetric: [Double]
    let degree: [Double]
    let laplacian: [Double]
    let normalized: [Double]

    init(edges: [Edge], size k: Int) {
        self.k = k
        var w = [Double](repeating: 0, count: k * k)
        for e in edges { w[e.source * k + e.target] += e.weight }
        var s = [Double](repeating: 0, count: k * k)
        var degree = [Double](repeating: 0, count: k)
        for i in 0..<k {
            for j in 0..<k {
                s[i * k + j] = (w[i * k + j] + w[j * k + i]) / 2
                degree[i] += s[i * k + j]
            }
        }
        var l = [Double](repeating: 0, count: k * k)
        var n = [Double](repeating: 0, count: k * k)
        for i in 0..<k {
            for j in 0..<k {
                l[i * k + j] = (i == j ? degree[i] : 0) - s[i * k + j]
                if degree[i] > 0 && degree[j] > 0 {
                    n[i * k + j] = (i == j ? 1 : 0) - s[i * k + j] / (degree[i] * degree[j]).squareRoot()
                }
            }
        }
        self.w = w
        symmetric = s
        self.degree = degree
        laplacian = l
        normalized = n
    }

    func times(_ m: [Double], _ v: [Double]) -> [Double] {
        (0..<k).map { i in (0..<k).reduce(0.0) { $0 + m[i * k + $1] * v[$1] } }
    }

    func trace(_ m: [Double]) -> Double { (0..<k).reduce(0.0) { $0 + m[$1 * k + $1] } }
    func frobeniusSquared(_ m: [Double]) -> Double { m.reduce(0.0) { $0 + $1 * $1 } }

    /// Connected components of W_s > 0, by breadth-first search.
    var componentCount: Int {
        var seen = [Bool](repeating: false, count: k)
        var count = 0
        for start in 0..<k where !seen[start] {
            count += 1
            seen[start] = true
            var queue = [start]
            while let i = queue.popLast() {
                for j in 0..<k where !seen[j] && symmetric[i * k + j] > 0 {
                    seen[j] = true
                    queue.append(j)
                }
            }
        }
        return count
    }
}

func norm2(_ v: [Double]) -> Double { v.reduce(0.0) { $0 + $1 * $1 }.squareRoot() }
func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0.0) { $0 + $1.0 * $1.1 } }

/// A Gaussian component with covariance R diag(λ1, λ2) Rᵀ, R the rotation by `angle`.
func component(weight: Double = 1, row: Double, col: Double, variances: (Double, Double), angle: Double) -> GaussianComponent {
    let c = cos(angle), s = sin(angle)
    let (a, b) = variances
    return GaussianComponent(weight: weight, meanRow: row, meanCol: col,
                             covRR: a * c * c + b * s * s, covRC: (a - b) * c * s, covCC: a * s * s + b * c * c)
}
