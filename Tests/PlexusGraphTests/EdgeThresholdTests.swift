import Foundation
import PlexusGraph
import PlexusMixture
import PlexusNumerics
import XCTest

/// DESIGN.md: the default `--edge-min` keeps the graph's spectra within 1e-6 of
/// the dense ones. Measured here on fitted-like frames: ~30 components in a
/// 256×256 field, covariance eigenvalues 2–30 px², weights summing to 1.
final class EdgeThresholdTests: XCTestCase {
    /// `layout` 0: means uniform over the field; 1: means strung along a few
    /// random filaments 4–12 px apart, as fits of mitochondrial networks are.
    static func fittedLikeComponents(count: Int, layout: Int, seed: UInt64) -> [GaussianComponent] {
        var generator = SeededRandom(seed: seed)
        var means: [(Double, Double)] = []
        if layout == 0 {
            for _ in 0..<count {
                means.append((Double.random(in: 0..<256, using: &generator), Double.random(in: 0..<256, using: &generator)))
            }
        } else {
            while means.count < count {
                var r = Double.random(in: 40..<216, using: &generator), c = Double.random(in: 40..<216, using: &generator)
                var heading = Double.random(in: 0..<(2 * Double.pi), using: &generator)
                for _ in 0..<Int.random(in: 4...10, using: &generator) where means.count < count {
                    means.append((min(max(r, 0), 255), min(max(c, 0), 255)))
                    let step = Double.random(in: 4...12, using: &generator)
                    heading += Double.random(in: -0.5...0.5, using: &generator)
                    r += step * cos(heading)
                    c += step * sin(heading)
                }
            }
        }
        let raw = means.map { _ in Double.random(in: 0.2...1, using: &generator) }
        let total = raw.reduce(0, +)
        return zip(means, raw).map { mean, w in
            component(weight: w / total, row: mean.0, col: mean.1,
                      variances: (Double.random(in: 2...30, using: &generator), Double.random(in: 2...30, using: &generator)),
                      angle: Double.random(in: 0..<Double.pi, using: &generator))
        }
    }

    func testDefaultEdgeMinimumKeepsSpectraOfTheDenseGraph() throws {
        var worstRelative = 0.0
        var report: [String] = []
        for affinity in Affinity.allCases {
            var affinityWorst = 0.0, affinityNormalizedWorst = 0.0, dropped = 0, total = 0
            for layout in 0..<2 {
                for seed: UInt64 in 1...4 {
                    let components = Self.fittedLikeComponents(count: 30, layout: layout, seed: seed * 10 + UInt64(layout))
                    XCTAssertEqual(components.reduce(0) { $0 + $1.weight }, 1, accuracy: 1e-12)
                    let sparse = try NetworkAnalysis.network(of: components, affinity: affinity)
                    let dense = try NetworkAnalysis.network(of: components, affinity: affinity, edgeMinimum: 0)
                    let scale = max(1, dense.combinatorialSpectrum.last!)
                    let difference = zip(sparse.combinatorialSpectrum, dense.combinatorialSpectrum)
                        .map { abs($0 - $1) }.max()!
                    let label = "\(affinity), layout \(layout), seed \(seed)"
                    XCTAssertLessThanOrEqual(difference, 1e-6 * scale, label)
                    affinityWorst = max(affinityWorst, difference / scale)
                    let normalizedDifference = zip(sparse.normalizedSpectrum, dense.normalizedSpectrum)
                        .map { abs($0 - $1) }.max()!
                    // L_n's eigenvalues lie in [0, 2]: an absolute bound is the relative one.
                    XCTAssertLessThanOrEqual(normalizedDifference, 1e-6, label)
                    affinityNormalizedWorst = max(affinityNormalizedWorst, normalizedDifference)
                    dropped += dense.edges.count - sparse.edges.count
                    total += dense.edges.count
                }
            }
            worstRelative = max(worstRelative, affinityWorst)
            report.append("\(affinity): max |Δλ(L)|/max(1, λmax) = \(affinityWorst), max |Δλ(L_n)| = "
                          + "\(affinityNormalizedWorst), \(dropped) of \(total) positive edges dropped")
        }
        print("edge threshold \(NetworkAnalysis.defaultEdgeMinimum) vs dense, 8 frames × 30 components per affinity:\n  "
              + report.joined(separator: "\n  "))
        XCTAssertLessThanOrEqual(worstRelative, 1e-6)
    }
}
