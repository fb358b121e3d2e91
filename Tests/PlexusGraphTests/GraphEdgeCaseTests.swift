import Foundation
import PlexusGraph
import XCTest

final class GraphEdgeCaseTests: XCTestCase {
    func testNoNodes() throws {
        for net in [try NetworkAnalysis.network(weights: [], size: 0), try NetworkAnalysis.network(edges: [], size: 0),
                    try NetworkAnalysis.network(of: [], affinity: .pdf)] {
            XCTAssertEqual(net.nodeCount, 0)
            XCTAssertEqual(net.edges, [])
            XCTAssertEqual(net.combinatorialSpectrum, [])
            XCTAssertEqual(net.normalizedSpectrum, [])
            XCTAssertEqual(net.strengthIn, [])
            XCTAssertEqual(net.strengthOut, [])
            XCTAssertEqual(net.pagerank, [])
            XCTAssertNil(net.eigenvectorCentrality)
            XCTAssertNil(net.fiedler)
            XCTAssertEqual(net.connectedComponents, 0)
            XCTAssertNil(net.algebraicConnectivity)
            XCTAssertNil(net.spectralGap)
            XCTAssertNil(net.edgeDensity)
        }
    }

    func testOneNode() throws {
        // The diagonal is ignored, even when it is not a number.
        for diagonal in [0, 5, Double.nan] {
            let net = try NetworkAnalysis.network(weights: [diagonal], size: 1)
            XCTAssertEqual(net.edges, [])
            XCTAssertEqual(net.combinatorialSpectrum, [0])
            XCTAssertEqual(net.normalizedSpectrum, [0])
            XCTAssertEqual(net.strengthIn, [0])
            XCTAssertEqual(net.strengthOut, [0])
            XCTAssertEqual(net.eigenvectorCentrality, [1])
            XCTAssertEqual(net.pagerank, [1])
            XCTAssertNil(net.fiedler)
            XCTAssertEqual(net.connectedComponents, 1)
            XCTAssertNil(net.algebraicConnectivity)
            XCTAssertNil(net.spectralGap)
            XCTAssertNil(net.edgeDensity)
        }
    }

    func testTwoNodesOneDirectedEdge() throws {
        // W[0][1] = 2 only: W_s = 1 between them, L = [[1, −1], [−1, 1]].
        let net = try NetworkAnalysis.network(weights: [0, 2, 0, 0], size: 2)
        XCTAssertEqual(net.edges, [Edge(source: 0, target: 1, weight: 2)])
        assertClose(net.combinatorialSpectrum, [0, 2], tolerance: 1e-15, "L")
        assertClose(net.normalizedSpectrum, [0, 2], tolerance: 1e-15, "L_n")
        XCTAssertEqual(net.strengthOut, [2, 0])
        XCTAssertEqual(net.strengthIn, [0, 2])
        XCTAssertEqual(net.connectedComponents, 1)
        XCTAssertEqual(try XCTUnwrap(net.edgeDensity), 0.5)
        XCTAssertEqual(try XCTUnwrap(net.algebraicConnectivity), 2, accuracy: 1e-15)
        assertClose(try XCTUnwrap(net.eigenvectorCentrality), [(0.5).squareRoot(), (0.5).squareRoot()], tolerance: 1e-15,
                    "centrality")
        let fiedler = try XCTUnwrap(net.fiedler)
        assertClose(fiedler.map(abs), [(0.5).squareRoot(), (0.5).squareRoot()], tolerance: 1e-15, "|Fiedler|")
        XCTAssertEqual(fiedler[0] + fiedler[1], 0, accuracy: 1e-15)
        // Node 1 is dangling. x0 = 0.15/2 + 0.85·x1/2, x0 + x1 = 1 ⇒ x0 = 0.5/1.425.
        assertClose(net.pagerank, [0.5 / 1.425, 1 - 0.5 / 1.425], tolerance: 1e-14, "PageRank")
    }

    func testTwoNodesNoEdges() throws {
        let net = try NetworkAnalysis.network(weights: [0, 0, 0, 0], size: 2)
        XCTAssertEqual(net.edges, [])
        XCTAssertEqual(net.combinatorialSpectrum, [0, 0])
        XCTAssertEqual(net.normalizedSpectrum, [0, 0])
        XCTAssertEqual(net.connectedComponents, 2)
        XCTAssertNil(net.eigenvectorCentrality)
        assertClose(net.pagerank, [0.5, 0.5], tolerance: 1e-15, "PageRank")
        XCTAssertEqual(try XCTUnwrap(net.edgeDensity), 0)
        XCTAssertEqual(try XCTUnwrap(net.algebraicConnectivity), 0)
        XCTAssertEqual(try XCTUnwrap(net.spectralGap), 0)
    }

    /// Components far apart have pdf affinities near the smallest doubles: the
    /// metrics must stay finite (found on masked cells of the real LLO movie,
    /// where products of such degrees underflowed to 0 and gave NaN).
    func testTinyWeightsGiveFiniteMetrics() throws {
        let tiny = Double.leastNonzeroMagnitude
        for weights in [[0, tiny, tiny, 0], [0, 1e-200, tiny, 0], [0, tiny, 0, 1, 0, 0, 0, tiny, 0]] {
            let size = Int(Double(weights.count).squareRoot())
            let net = try NetworkAnalysis.network(weights: weights, size: size)
            for value in net.normalizedSpectrum + net.combinatorialSpectrum + net.pagerank + (net.eigenvectorCentrality ?? []) {
                XCTAssertTrue(value.isFinite, "\(weights): \(net)")
            }
            XCTAssertEqual(net.pagerank.reduce(0, +), 1, accuracy: 1e-12)
        }
    }

    func testInvalidWeightsNameTheEntry() {
        for bad in [Double.nan, .infinity, -.infinity, -0.5, -Double.leastNonzeroMagnitude] {
            var w = [Double](repeating: 0.5, count: 16)
            w[1 * 4 + 2] = bad
            XCTAssertThrowsError(try NetworkAnalysis.network(weights: w, size: 4), "\(bad)") { error in
                XCTAssertTrue(error is GraphError, "\(error)")
                XCTAssertTrue("\(error)".contains("W[1][2]"), "\(error)")
            }
        }
    }

    func testThresholdIsRelativeToEachNodesStrongestTie() throws {
        // W_s: (0,1) = 2.25, (0,2) = 0.5, (1,2) = 0.2499999. Strongest ties:
        // m0 = m1 = 2.25, m2 = 0.5. With ε = 0.5 the pair (1,2) is below
        // 0.5 × min(m1, m2) = 0.25 and dropped (both directions); the pair (0,2)
        // is kept although it is far below half the frame's largest weight: it
        // is node 2's strongest tie.
        let w = denseWeights(3, [(0, 1, 4), (1, 0, 0.5), (1, 2, 0.4999998), (2, 0, 1), (2, 2, 100)])
        let net = try NetworkAnalysis.network(weights: w, size: 3, edgeMinimum: 0.5)
        XCTAssertEqual(net.edges, [Edge(source: 0, target: 1, weight: 4), Edge(source: 1, target: 0, weight: 0.5),
                                   Edge(source: 2, target: 0, weight: 1)])
        // Dropped edges are gone from every quantity, not only from the edge list.
        XCTAssertEqual(net.strengthOut, [4, 0.5, 1])
        XCTAssertEqual(net.strengthIn, [1.5, 4, 0])
        XCTAssertEqual(net.connectedComponents, 1)
        // A pair exactly at the cutoff is kept.
        let atCutoff = try NetworkAnalysis.network(weights: denseWeights(3, [(0, 1, 4), (1, 0, 0.5), (1, 2, 0.5), (2, 0, 1)]),
                                                   size: 3, edgeMinimum: 0.5)
        XCTAssertTrue(atCutoff.edges.contains(Edge(source: 1, target: 2, weight: 0.5)))
        // Scaling all weights does not change which edges survive.
        let scaled = try NetworkAnalysis.network(weights: w.map { $0 * 1024 }, size: 3, edgeMinimum: 0.5)
        XCTAssertEqual(scaled.edges.map { [$0.source, $0.target] }, net.edges.map { [$0.source, $0.target] })
    }

    func testInvalidEdges() {
        let cases: [(String, [Edge])] = [
            ("target out of range", [Edge(source: 0, target: 3, weight: 1)]),
            ("negative source", [Edge(source: -1, target: 1, weight: 1)]),
            ("self-loop", [Edge(source: 0, target: 1, weight: 1), Edge(source: 2, target: 2, weight: 1)]),
            ("NaN weight", [Edge(source: 0, target: 1, weight: .nan)]),
            ("infinite weight", [Edge(source: 0, target: 1, weight: .infinity)]),
            ("negative weight", [Edge(source: 0, target: 1, weight: -1)]),
        ]
        for (label, edges) in cases {
            XCTAssertThrowsError(try NetworkAnalysis.network(edges: edges, size: 3), label) { error in
                XCTAssertTrue(error is GraphError, "\(label): \(error)")
            }
        }
        XCTAssertThrowsError(try NetworkAnalysis.network(edges: [Edge(source: 0, target: 0, weight: 1)], size: 1))
        XCTAssertThrowsError(try NetworkAnalysis.network(edges: [Edge(source: 0, target: 1, weight: 1)], size: 0))
    }
}
