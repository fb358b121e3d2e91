import Foundation
import PlexusGraph
import PlexusNumerics
import XCTest

/// Properties every frame network must have, on seeded random directed graphs of
/// several sizes and sparsities, checked against matrices the test builds itself
/// from the stored edges.
final class RandomGraphInvariantTests: XCTestCase {
    /// Random asymmetric weights: each directed pair present with probability
    /// `density`, weights log-uniform over two decades.
    static func randomWeights(_ n: Int, density: Double, using generator: inout SeededRandom) -> [Double] {
        var w = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n where i != j && Double.random(in: 0..<1, using: &generator) < density {
                w[i * n + j] = pow(10, Double.random(in: -2...0, using: &generator))
            }
        }
        return w
    }

    static let cases: [(size: Int, seed: UInt64)] = {
        var out: [(Int, UInt64)] = []
        for size in [2, 3, 4, 6, 9, 14, 20, 27, 33, 40] {
            for seed in 0..<6 { out.append((size, UInt64(size * 100 + seed))) }
        }
        return out
    }()

    func testInvariants() throws {
        var connectedSeen = 0, disconnectedSeen = 0
        for (size, seed) in Self.cases {
            var generator = SeededRandom(seed: seed)
            let density = exp(Double.random(in: log(0.01)...log(0.9), using: &generator)) // log-uniform
            var w = Self.randomWeights(size, density: density, using: &generator)
            if seed % 3 == 0 {
                // Sparse but connected: add a random spanning path, one direction per step.
                let order = (0..<size).shuffled(using: &generator)
                for (a, b) in zip(order, order.dropFirst()) where w[a * size + b] == 0 && w[b * size + a] == 0 {
                    w[a * size + b] = pow(10, Double.random(in: -2...0, using: &generator))
                }
            }
            let net = try NetworkAnalysis.network(weights: w, size: size)
            let label = "n = \(size), seed \(seed), density \(density)\(seed % 3 == 0 ? " + path" : "")"
            let reference = ReferenceMatrices(edges: net.edges, size: size)
            let n = Double(size)

            // The stored edges are exactly the positive off-diagonal weights.
            XCTAssertEqual(net.edges.count, (0..<(size * size)).filter { w[$0] > 0 }.count, label)
            for e in net.edges {
                XCTAssertNotEqual(e.source, e.target, label)
                XCTAssertEqual(e.weight, w[e.source * size + e.target], label)
            }

            // Strengths are W's row and column sums.
            assertClose(net.strengthOut, (0..<size).map { i in (0..<size).reduce(0.0) { $0 + w[i * size + $1] } },
                        tolerance: 1e-13, "out-strength, \(label)")
            assertClose(net.strengthIn, (0..<size).map { j in (0..<size).reduce(0.0) { $0 + w[$1 * size + j] } },
                        tolerance: 1e-13, "in-strength, \(label)")

            // L's rows sum to 0.
            for i in 0..<size {
                let row = (0..<size).reduce(0.0) { $0 + reference.laplacian[i * size + $1] }
                XCTAssertEqual(row, 0, accuracy: 1e-13, "row \(i) of L, \(label)")
            }

            // The spectra are those of the test's L and L_n: same trace and Frobenius norm.
            let l = net.combinatorialSpectrum, ln = net.normalizedSpectrum
            XCTAssertEqual(l.count, size)
            XCTAssertEqual(ln.count, size)
            XCTAssertEqual(l, l.sorted(), "L ascending, \(label)")
            XCTAssertEqual(ln, ln.sorted(), "L_n ascending, \(label)")
            let lmax = l.last!
            XCTAssertEqual(l.reduce(0, +), reference.trace(reference.laplacian), accuracy: 1e-11 * max(1, lmax) * n, label)
            XCTAssertEqual(l.reduce(0) { $0 + $1 * $1 }, reference.frobeniusSquared(reference.laplacian),
                           accuracy: 1e-11 * max(1, lmax * lmax) * n, label)
            XCTAssertEqual(ln.reduce(0, +), reference.trace(reference.normalized), accuracy: 1e-11 * n, label)
            XCTAssertEqual(ln.reduce(0) { $0 + $1 * $1 }, reference.frobeniusSquared(reference.normalized),
                           accuracy: 1e-11 * n, label)

            // Ranges: L positive semidefinite, L_n's spectrum within [0, 2].
            XCTAssertGreaterThanOrEqual(l.first!, -1e-12, label)
            XCTAssertGreaterThanOrEqual(ln.first!, -1e-12, label)
            XCTAssertLessThanOrEqual(ln.last!, 2 + 1e-12, label)

            // Zero eigenvalues of L count the connected components.
            let components = reference.componentCount
            XCTAssertEqual(net.connectedComponents, components, label)
            XCTAssertEqual(l.filter { $0 < 1e-9 * max(1, lmax) }.count, components, label)
            XCTAssertEqual(try XCTUnwrap(net.algebraicConnectivity), l[1], label)
            XCTAssertEqual(try XCTUnwrap(net.spectralGap), ln[1], label)
            XCTAssertEqual(try XCTUnwrap(net.edgeDensity), Double(net.edges.count) / (n * (n - 1)), accuracy: 1e-15, label)

            // Fiedler vector: an eigenvector of the test's L for λ₂, unit length,
            // largest-magnitude entry positive; orthogonal to 1 when connected.
            let fiedler = try XCTUnwrap(net.fiedler, label)
            XCTAssertEqual(norm2(fiedler), 1, accuracy: 1e-12, label)
            let residual = zip(reference.times(reference.laplacian, fiedler), fiedler).map { $0 - l[1] * $1 }
            XCTAssertLessThan(norm2(residual), 1e-11 * max(1, lmax), "L v = λ₂ v, \(label)")
            let biggest = fiedler.map(abs).max()!
            XCTAssertGreaterThanOrEqual(fiedler.max()!, biggest - 1e-12, "largest-magnitude Fiedler entry positive, \(label)")
            if components == 1 {
                XCTAssertEqual(fiedler.reduce(0, +) / n.squareRoot(), 0, accuracy: 1e-12, "Fiedler ⟂ 1, \(label)")
            }

            // Eigenvector centrality: the leading eigenvector of W_s.
            if net.edges.isEmpty {
                XCTAssertNil(net.eigenvectorCentrality, label)
            } else {
                let c = try XCTUnwrap(net.eigenvectorCentrality, label)
                XCTAssertEqual(norm2(c), 1, accuracy: 1e-12, label)
                XCTAssertGreaterThan(c.reduce(0, +), 0, label)
                let wc = reference.times(reference.symmetric, c)
                let rho = dot(c, wc)
                XCTAssertLessThan(norm2(zip(wc, c).map { $0 - rho * $1 }), 1e-11 * max(1, rho), "W_s c = ρ c, \(label)")
                // ρ is the largest eigenvalue: λmax(W_s) ≥ any Rayleigh quotient, e.g. of 1/√n.
                let uniform = [Double](repeating: 1 / n.squareRoot(), count: size)
                XCTAssertGreaterThanOrEqual(rho, dot(uniform, reference.times(reference.symmetric, uniform)) - 1e-12, label)
                if components == 1 {
                    XCTAssertGreaterThanOrEqual(c.min()!, 0, "non-negative centrality, \(label)")
                    XCTAssertGreaterThan(c.min()!, 0, "Perron vector of a connected graph is positive, \(label)")
                }
            }

            // PageRank: a probability vector, the fixed point of the Google matrix.
            let pr = net.pagerank
            XCTAssertEqual(pr.reduce(0, +), 1, accuracy: 1e-12, label)
            XCTAssertGreaterThanOrEqual(pr.min()!, 0.15 / n - 1e-15, label)
            let dangling = (0..<size).filter { net.strengthOut[$0] == 0 }.reduce(0.0) { $0 + pr[$1] }
            var image = [Double](repeating: 0.85 * dangling / n + 0.15 / n, count: size)
            for i in 0..<size where net.strengthOut[i] > 0 {
                for j in 0..<size { image[j] += 0.85 * pr[i] * w[i * size + j] / net.strengthOut[i] }
            }
            assertClose(pr, image, tolerance: 1e-13, "PageRank fixed point, \(label)")

            // Recomputing from the edges (as from the `edge` table) gives the same network.
            let again = try NetworkAnalysis.network(edges: net.edges, size: size)
            assertClose(again.combinatorialSpectrum, l, tolerance: 1e-13 * max(1, lmax), "L from edges, \(label)")
            assertClose(again.normalizedSpectrum, ln, tolerance: 1e-13, "L_n from edges, \(label)")
            assertClose(again.pagerank, pr, tolerance: 1e-15, "PageRank from edges, \(label)")
            assertClose(again.strengthIn, net.strengthIn, tolerance: 0, "in-strength from edges, \(label)")
            assertClose(again.strengthOut, net.strengthOut, tolerance: 0, "out-strength from edges, \(label)")
            assertClose(try XCTUnwrap(again.fiedler), fiedler, tolerance: 1e-12, "Fiedler from edges, \(label)")
            XCTAssertEqual(again.eigenvectorCentrality == nil, net.eigenvectorCentrality == nil, label)
            if let a = again.eigenvectorCentrality, let b = net.eigenvectorCentrality {
                assertClose(a, b, tolerance: 1e-12, "centrality from edges, \(label)")
            }
            XCTAssertEqual(again.connectedComponents, net.connectedComponents, label)
            XCTAssertEqual(again.edges, net.edges, label)

            if components == 1 { connectedSeen += 1 } else { disconnectedSeen += 1 }
        }
        // The cases exercise both kinds of graph.
        print("random invariants: \(connectedSeen) connected and \(disconnectedSeen) disconnected graphs")
        XCTAssertGreaterThan(connectedSeen, 10)
        XCTAssertGreaterThan(disconnectedSeen, 10)
    }
}
