import Foundation
import PlexusGraph
import XCTest

/// PageRank, eigenvector centrality and both spectra against networkx 3 and
/// numpy, on the seeded graphs of `Benchmarks/networkx_fixtures.py` (rerun it to
/// regenerate Fixtures/networkx.json).
final class NetworkxAgreementTests: XCTestCase {
    struct Reference: Decodable {
        struct Graph: Decodable {
            let name: String
            let size: Int
            let weights: [[Double]]
            let components: Int
            let pagerank: [Double]
            let eigenvector_centrality: [Double]
            let centrality_method: String
            let laplacian_spectrum: [Double]
            let normalized_spectrum: [Double]
        }
        let script: String
        let networkx_version: String
        let graphs: [Graph]
    }

    func testAgreesWithNetworkx() throws {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "networkx", withExtension: "json", subdirectory: "Fixtures"),
                                "missing Fixtures/networkx.json: run Benchmarks/networkx_fixtures.py")
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
        XCTAssertEqual(reference.script, "Benchmarks/networkx_fixtures.py")
        XCTAssertGreaterThanOrEqual(reference.graphs.count, 6)
        // The fixture covers what it claims to: a dangling node, a disconnected and a complete graph.
        XCTAssertTrue(reference.graphs.contains { g in g.weights.contains { $0.allSatisfy { $0 == 0 } } && g.components == 1 })
        XCTAssertTrue(reference.graphs.contains { $0.components > 1 })
        XCTAssertTrue(reference.graphs.contains { g in g.size > 1 && g.weights.enumerated().allSatisfy { i, row in
            row.enumerated().allSatisfy { j, w in i == j || w > 0 } } })

        var worstPagerank = 0.0, worstCentrality = 0.0, worstSpectrum = 0.0
        for graph in reference.graphs {
            let k = graph.size
            XCTAssertEqual(graph.weights.count, k)
            let net = try NetworkAnalysis.network(weights: graph.weights.flatMap { $0 }, size: k)
            let label = "\(graph.name) (networkx \(reference.networkx_version))"
            XCTAssertEqual(net.connectedComponents, graph.components, label)
            worstPagerank = max(worstPagerank, assertClose(net.pagerank, graph.pagerank, tolerance: 1e-9,
                                                           "PageRank, \(label)"))
            // For the disconnected graph networkx is run on the component holding
            // W_s's simple largest eigenvalue (see the script); the vector is unique.
            worstCentrality = max(worstCentrality, assertClose(try XCTUnwrap(net.eigenvectorCentrality, label),
                                                               graph.eigenvector_centrality, tolerance: 1e-8,
                                                               "eigenvector centrality, \(label)"))
            worstSpectrum = max(worstSpectrum, assertClose(net.combinatorialSpectrum, graph.laplacian_spectrum,
                                                           tolerance: 1e-10, "L spectrum, \(label)"))
            worstSpectrum = max(worstSpectrum, assertClose(net.normalizedSpectrum, graph.normalized_spectrum,
                                                           tolerance: 1e-10, "L_n spectrum, \(label)"))
        }
        print("networkx \(reference.networkx_version) agreement over \(reference.graphs.count) graphs: "
              + "PageRank max |Δ| = \(worstPagerank), eigenvector centrality max |Δ| = \(worstCentrality), "
              + "spectra (numpy eigvalsh) max |Δ| = \(worstSpectrum)")
    }
}
