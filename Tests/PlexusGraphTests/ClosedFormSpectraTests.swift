import Foundation
import PlexusGraph
import PlexusNumerics
import XCTest

/// Spectra of L = D − W_s and L_n = I − D^−½ W_s D^−½ for graphs whose
/// eigenvalues are known in closed form (unit weights, both directions).
final class ClosedFormSpectraTests: XCTestCase {
    let tolerance = 1e-12

    func testPath() throws {
        for n in 2...12 {
            let net = try NetworkAnalysis.network(weights: symmetricWeights(n, (0..<(n - 1)).map { ($0, $0 + 1) }), size: n)
            let l = (0..<n).map { 2 - 2 * cos(Double.pi * Double($0) / Double(n)) }
            let ln = (0..<n).map { 1 - cos(Double.pi * Double($0) / Double(n - 1)) }
            assertClose(net.combinatorialSpectrum, l, tolerance: tolerance * Double(n), "L of P\(n)")
            assertClose(net.normalizedSpectrum, ln, tolerance: tolerance * Double(n), "L_n of P\(n)")
            XCTAssertEqual(net.connectedComponents, 1)
            XCTAssertEqual(try XCTUnwrap(net.algebraicConnectivity), l[1], accuracy: tolerance * Double(n))
            XCTAssertEqual(try XCTUnwrap(net.spectralGap), ln[1], accuracy: tolerance * Double(n))
            XCTAssertEqual(try XCTUnwrap(net.edgeDensity), 2 / Double(n), accuracy: 1e-15)
            XCTAssertEqual(net.edges.count, 2 * (n - 1))
            // λ₂ of a path is simple; its eigenvector is cos(π(i + ½)/n), up to sign.
            let fiedler = try XCTUnwrap(net.fiedler)
            var expected = (0..<n).map { cos(Double.pi * (Double($0) + 0.5) / Double(n)) }
            expected = expected.map { $0 / norm2(expected) }
            XCTAssertEqual(abs(dot(fiedler, expected)), 1, accuracy: 1e-10, "Fiedler vector of P\(n)")
        }
    }

    func testCycle() throws {
        for n in 3...12 {
            let net = try NetworkAnalysis.network(weights: symmetricWeights(n, (0..<n).map { ($0, ($0 + 1) % n) }), size: n)
            let l = (0..<n).map { 2 - 2 * cos(2 * Double.pi * Double($0) / Double(n)) }.sorted()
            let ln = (0..<n).map { 1 - cos(2 * Double.pi * Double($0) / Double(n)) }.sorted()
            assertClose(net.combinatorialSpectrum, l, tolerance: tolerance * Double(n), "L of C\(n)")
            assertClose(net.normalizedSpectrum, ln, tolerance: tolerance * Double(n), "L_n of C\(n)")
            XCTAssertEqual(net.connectedComponents, 1)
            // A regular graph: eigenvector centrality is uniform.
            assertClose(try XCTUnwrap(net.eigenvectorCentrality), [Double](repeating: 1 / Double(n).squareRoot(), count: n),
                        tolerance: 1e-12, "centrality of C\(n)")
            assertClose(net.pagerank, [Double](repeating: 1 / Double(n), count: n), tolerance: 1e-13, "PageRank of C\(n)")
        }
    }

    func testOneWayCycleIsSymmetrisedToHalfWeights() throws {
        // W[i][i+1] = 1 only: W_s has ½ on the cycle's edges, so L is half the
        // undirected cycle's, L_n the same.
        let n = 7
        let net = try NetworkAnalysis.network(weights: denseWeights(n, (0..<n).map { ($0, ($0 + 1) % n, 1.0) }), size: n)
        let l = (0..<n).map { 1 - cos(2 * Double.pi * Double($0) / Double(n)) }.sorted()
        assertClose(net.combinatorialSpectrum, l, tolerance: 1e-12, "L of the one-way C7")
        assertClose(net.normalizedSpectrum, l, tolerance: 1e-12, "L_n of the one-way C7")
        assertClose(net.strengthOut, [Double](repeating: 1, count: n), tolerance: 0, "out-strength")
        assertClose(net.strengthIn, [Double](repeating: 1, count: n), tolerance: 0, "in-strength")
        XCTAssertEqual(try XCTUnwrap(net.edgeDensity), 1.0 / 6.0, accuracy: 1e-15)
    }

    func testComplete() throws {
        for n in 2...10 {
            var pairs: [(Int, Int)] = []
            for i in 0..<n { for j in (i + 1)..<n { pairs.append((i, j)) } }
            let net = try NetworkAnalysis.network(weights: symmetricWeights(n, pairs), size: n)
            let nd = Double(n)
            assertClose(net.combinatorialSpectrum, [0] + [Double](repeating: nd, count: n - 1),
                        tolerance: tolerance * nd, "L of K\(n)")
            assertClose(net.normalizedSpectrum, [0] + [Double](repeating: nd / (nd - 1), count: n - 1),
                        tolerance: tolerance * nd, "L_n of K\(n)")
            XCTAssertEqual(try XCTUnwrap(net.edgeDensity), 1, accuracy: 0)
            XCTAssertEqual(net.connectedComponents, 1)
        }
    }

    func testStar() throws {
        for n in 3...12 {
            let net = try NetworkAnalysis.network(weights: symmetricWeights(n, (1..<n).map { (0, $0) }), size: n)
            let ones = [Double](repeating: 1, count: n - 2)
            assertClose(net.combinatorialSpectrum, [0] + ones + [Double(n)], tolerance: tolerance * Double(n), "L of S\(n)")
            assertClose(net.normalizedSpectrum, [0] + ones + [2], tolerance: tolerance * Double(n), "L_n of S\(n)")
            XCTAssertEqual(net.connectedComponents, 1)
            // The hub is the most central node: centrality ∝ (√(n−1), 1, …, 1).
            let c = try XCTUnwrap(net.eigenvectorCentrality)
            let hub = Double(n - 1).squareRoot()
            let scale = (hub * hub + Double(n - 1)).squareRoot()
            assertClose(c, [hub / scale] + [Double](repeating: 1 / scale, count: n - 1), tolerance: 1e-12,
                        "centrality of S\(n)")
        }
    }

    func testTwoDisconnectedCliques() throws {
        // K3 on 0...2 and K4 on 3...6.
        var pairs: [(Int, Int)] = []
        for i in 0..<3 { for j in (i + 1)..<3 { pairs.append((i, j)) } }
        for i in 3..<7 { for j in (i + 1)..<7 { pairs.append((i, j)) } }
        let net = try NetworkAnalysis.network(weights: symmetricWeights(7, pairs), size: 7)
        assertClose(net.combinatorialSpectrum, [0, 0, 3, 3, 4, 4, 4], tolerance: 1e-12, "L of K3 + K4")
        assertClose(net.normalizedSpectrum, [0, 0, 4.0 / 3, 4.0 / 3, 4.0 / 3, 1.5, 1.5], tolerance: 1e-12,
                    "L_n of K3 + K4")
        XCTAssertEqual(net.connectedComponents, 2)
        XCTAssertEqual(try XCTUnwrap(net.algebraicConnectivity), 0, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(net.spectralGap), 0, accuracy: 1e-12)
        // The leading eigenvalue (3, of K4) is simple: centrality lives on K4, uniformly.
        assertClose(try XCTUnwrap(net.eigenvectorCentrality), [0, 0, 0, 0.5, 0.5, 0.5, 0.5], tolerance: 1e-12,
                    "centrality of K3 + K4")
    }

    func testIsolatedNode() throws {
        // P3 on 0...2, node 3 isolated: L_n's row 3 is zero, an extra 0 eigenvalue.
        let net = try NetworkAnalysis.network(weights: symmetricWeights(4, [(0, 1), (1, 2)]), size: 4)
        assertClose(net.combinatorialSpectrum, [0, 0, 1, 3], tolerance: 1e-12, "L of P3 + isolated node")
        assertClose(net.normalizedSpectrum, [0, 0, 1, 2], tolerance: 1e-12, "L_n of P3 + isolated node")
        XCTAssertEqual(net.connectedComponents, 2)
        XCTAssertEqual(net.strengthIn[3], 0)
        XCTAssertEqual(net.strengthOut[3], 0)
        // The isolated node is dangling: PageRank still sums to 1 and gives it the teleport share at least.
        XCTAssertEqual(net.pagerank.reduce(0, +), 1, accuracy: 1e-13)
        XCTAssertGreaterThanOrEqual(net.pagerank[3], 0.15 / 4 - 1e-15)
        XCTAssertEqual(try XCTUnwrap(net.eigenvectorCentrality)[3], 0, accuracy: 1e-12)
    }

    func testWeightScaling() throws {
        var generator = SeededRandom(seed: 7)
        let n = 15
        var w = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n where i != j && Double.random(in: 0..<1, using: &generator) < 0.4 {
                w[i * n + j] = Double.random(in: 0.1...2, using: &generator)
            }
        }
        let base = try NetworkAnalysis.network(weights: w, size: n)
        for c in [1e-3, 0.37, 3.7, 250.0] {
            let scaled = try NetworkAnalysis.network(weights: w.map { $0 * c }, size: n)
            let lmax = base.combinatorialSpectrum.last!
            assertClose(scaled.combinatorialSpectrum, base.combinatorialSpectrum.map { $0 * c },
                        tolerance: 1e-13 * c * max(1, lmax), "L scaled by \(c)")
            assertClose(scaled.normalizedSpectrum, base.normalizedSpectrum, tolerance: 1e-13, "L_n scaled by \(c)")
            XCTAssertEqual(scaled.connectedComponents, base.connectedComponents)
            assertClose(scaled.pagerank, base.pagerank, tolerance: 1e-13, "PageRank scaled by \(c)")
            assertClose(try XCTUnwrap(scaled.eigenvectorCentrality), try XCTUnwrap(base.eigenvectorCentrality),
                        tolerance: 1e-12, "centrality scaled by \(c)")
        }
    }
}
