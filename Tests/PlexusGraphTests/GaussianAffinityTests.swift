import Foundation
import PlexusGraph
import PlexusMixture
import XCTest

/// The three edge weights against hand computations and scipy literals.
final class GaussianAffinityTests: XCTestCase {
    func gaussian(_ row: Double, _ col: Double, _ rr: Double, _ rc: Double, _ cc: Double) -> GaussianComponent {
        GaussianComponent(weight: 1, meanRow: row, meanCol: col, covRR: rr, covRC: rc, covCC: cc)
    }

    /// The bivariate normal density written out with the explicit 2×2 inverse.
    func handDensity(_ x: Double, _ y: Double, _ g: GaussianComponent) -> Double {
        let det = g.covRR * g.covCC - g.covRC * g.covRC
        let (i11, i12, i22) = (g.covCC / det, -g.covRC / det, g.covRR / det)
        let (u, v) = (x - g.meanRow, y - g.meanCol)
        let m = i11 * u * u + 2 * i12 * u * v + i22 * v * v
        return exp(-m / 2) / (2 * Double.pi * det.squareRoot())
    }

    func testIsotropicDensity() {
        let g = gaussian(10, 20, 4, 0, 4)
        // |x − μ|² = 1.5² + 2² = 6.25, σ² = 4: exp(−6.25/8) / (2π·4).
        let byHand = exp(-6.25 / 8) / (8 * Double.pi)
        XCTAssertEqual(GaussianMath.density(row: 11.5, col: 18, of: g), byHand, accuracy: 1e-16)
        XCTAssertEqual(handDensity(11.5, 18, g), byHand, accuracy: 1e-16)
        // scipy 1.17.1: multivariate_normal([10, 20], [[4, 0], [0, 4]]).pdf([11.5, 18])
        XCTAssertEqual(GaussianMath.density(row: 11.5, col: 18, of: g), 0.018216610659583098, accuracy: 1e-16)
    }

    func testAnisotropicDensity() {
        let g = gaussian(100, 50, 9, 4, 6)
        // Σ = [[9, 4], [4, 6]], det 38, Σ⁻¹ = [[6, −4], [−4, 9]]/38; x − μ = (3, −1.5):
        // m = (6·9 + 2·(−4)·3·(−1.5) + 9·2.25)/38 = 110.25/38.
        let byHand = exp(-0.5 * 110.25 / 38) / (2 * Double.pi * 38.0.squareRoot())
        XCTAssertEqual(handDensity(103, 48.5, g), byHand, accuracy: 1e-17)
        XCTAssertEqual(GaussianMath.density(row: 103, col: 48.5, of: g), byHand, accuracy: 1e-17)
        // scipy 1.17.1: multivariate_normal([100, 50], [[9, 4], [4, 6]]).pdf([103, 48.5])
        XCTAssertEqual(GaussianMath.density(row: 103, col: 48.5, of: g), 0.006052232655738165, accuracy: 1e-17)
        // A degenerate covariance has no density.
        XCTAssertEqual(GaussianMath.density(row: 0, col: 0, of: gaussian(0, 0, 1, 1, 1)), 0)
    }

    func testPaperFormulaIsWrongForCorrelatedCovariance() {
        // The published normpdf: p = einsum('ni,ji,ni->n', X − μ, Σ⁻¹, X − μ), that is
        // Σᵢ dᵢ² Σⱼ (Σ⁻¹)ⱼᵢ — column sums of Σ⁻¹ instead of the quadratic form.
        func paperDensity(_ x: Double, _ y: Double, _ g: GaussianComponent) -> Double {
            let det = g.covRR * g.covCC - g.covRC * g.covRC
            let inv = [[g.covCC / det, -g.covRC / det], [-g.covRC / det, g.covRR / det]]
            let d = [x - g.meanRow, y - g.meanCol]
            var p = 0.0
            for i in 0..<2 { for j in 0..<2 { p += d[i] * inv[j][i] * d[i] } }
            return exp(-0.5 * p) / (2 * Double.pi * det.squareRoot())
        }
        let correlated = gaussian(100, 50, 9, 4, 6)
        let paper = paperDensity(103, 48.5, correlated)
        // numpy 2.4.6, the einsum above on the same numbers: 0.017570418337156554.
        XCTAssertEqual(paper, 0.017570418337156554, accuracy: 1e-16)
        let ours = Affinity.pdf.weight(from: gaussian(103, 48.5, 1, 0, 1), to: correlated)
        XCTAssertEqual(ours, 0.006052232655738165, accuracy: 1e-17, "scipy's value")
        XCTAssertGreaterThan(abs(paper - ours), 0.01, "the paper's formula differs for a correlated covariance")
        // …and agrees with the true density when the covariance is diagonal.
        let diagonal = gaussian(100, 50, 9, 0, 6)
        XCTAssertEqual(paperDensity(103, 48.5, diagonal), GaussianMath.density(row: 103, col: 48.5, of: diagonal),
                       accuracy: 1e-17)
    }

    func testKullbackLeibler() {
        let p = gaussian(0, 0, 2, 0.5, 1)
        let q = gaussian(1, -1, 3, -0.4, 2)
        // KL(p‖q) = ½[tr(Σq⁻¹Σp) + Δᵀ Σq⁻¹ Δ − 2 + ln(det Σq / det Σp)], Δ = μq − μp = (1, −1).
        // det Σp = 2 − 0.25 = 1.75; det Σq = 6 − 0.16 = 5.84; Σq⁻¹ = [[2, 0.4], [0.4, 3]]/5.84.
        // tr(Σq⁻¹Σp) = (2·2 + 0.4·0.5 + 0.4·0.5 + 3·1)/5.84 = 7.4/5.84;
        // Δᵀ Σq⁻¹ Δ = (2 − 2·0.4 + 3)/5.84 = 4.2/5.84.
        let pq = 0.5 * (7.4 / 5.84 + 4.2 / 5.84 - 2 + log(5.84 / 1.75))
        // KL(q‖p): Σp⁻¹ = [[1, −0.5], [−0.5, 2]]/1.75; tr(Σp⁻¹Σq) = (3 + 0.2 + 0.2 + 4)/1.75 = 7.4/1.75;
        // Δᵀ Σp⁻¹ Δ = (1 + 2·0.5 + 2)/1.75 = 4/1.75.
        let qp = 0.5 * (7.4 / 1.75 + 4 / 1.75 - 2 + log(1.75 / 5.84))
        XCTAssertEqual(GaussianMath.kullbackLeibler(p, q), pq, accuracy: 1e-14)
        XCTAssertEqual(GaussianMath.kullbackLeibler(q, p), qp, accuracy: 1e-14)
        // scipy 1.17.1: integrate.dblquad of p·(log p − log q) over [−15, 15]² with
        // multivariate_normal densities, epsabs = epsrel = 1e-13 (error estimate 1e-13).
        XCTAssertEqual(GaussianMath.kullbackLeibler(p, q), 0.5957081893838633, accuracy: 1e-10)
        XCTAssertEqual(GaussianMath.kullbackLeibler(q, p), 1.654585352690486, accuracy: 1e-10)
        XCTAssertGreaterThan(abs(pq - qp), 0.5, "KL is asymmetric")
        XCTAssertEqual(GaussianMath.kullbackLeibler(p, p), 0, accuracy: 1e-15)
        XCTAssertEqual(GaussianMath.kullbackLeibler(q, q), 0, accuracy: 1e-15)
        XCTAssertEqual(Affinity.kl.weight(from: p, to: q), exp(-pq), accuracy: 1e-14)
        XCTAssertEqual(Affinity.kl.weight(from: q, to: p), exp(-qp), accuracy: 1e-14)
        XCTAssertEqual(Affinity.kl.weight(from: p, to: p), 1, accuracy: 1e-15)
    }

    func testHellinger() {
        let p = gaussian(0, 0, 2, 0.5, 1)
        let q = gaussian(1, -1, 3, -0.4, 2)
        XCTAssertEqual(GaussianMath.hellinger(p, p), 0, accuracy: 1e-7) // √ of a rounding error
        XCTAssertEqual(Affinity.hellinger.weight(from: p, to: p), 1, accuracy: 1e-7)
        XCTAssertEqual(GaussianMath.hellinger(p, q), GaussianMath.hellinger(q, p), accuracy: 1e-15)
        // scipy 1.17.1: BC = integrate.dblquad of √(p·q) over [−15, 15]², epsabs = epsrel = 1e-13,
        // gives 0.805561549400304, H = √(1 − BC) = 0.44095175541060727.
        XCTAssertEqual(GaussianMath.hellinger(p, q), 0.44095175541060727, accuracy: 1e-10)
        XCTAssertEqual(Affinity.hellinger.weight(from: p, to: q), 1 - 0.44095175541060727, accuracy: 1e-10)

        // Equal covariances σ²I: BC = exp(−|Δμ|²/(8σ²)).
        for (sigma2, dr, dc) in [(1.0, 1.0, 0.0), (4.0, 3.0, 4.0), (25.0, -7.0, 2.5), (2.0, 0.0, 0.1)] {
            let a = gaussian(5, 5, sigma2, 0, sigma2)
            let b = gaussian(5 + dr, 5 + dc, sigma2, 0, sigma2)
            let bc = exp(-(dr * dr + dc * dc) / (8 * sigma2))
            XCTAssertEqual(GaussianMath.hellinger(a, b), (1 - bc).squareRoot(), accuracy: 1e-12)
            XCTAssertEqual(GaussianMath.hellinger(b, a), (1 - bc).squareRoot(), accuracy: 1e-12)
            XCTAssertEqual(Affinity.hellinger.weight(from: a, to: b), 1 - (1 - bc).squareRoot(), accuracy: 1e-12)
        }
        // Far apart: H → 1, affinity → 0, never negative.
        let far = gaussian(500, 500, 2, 0, 2)
        XCTAssertEqual(GaussianMath.hellinger(p, far), 1, accuracy: 1e-15)
        XCTAssertGreaterThanOrEqual(Affinity.hellinger.weight(from: p, to: far), 0)
    }

    func testPdfAffinityDirection() {
        let i = gaussian(10, 10, 2, 0.3, 5)
        let j = gaussian(13, 8, 20, -6, 9)
        // W[i][j] is component j's density at μᵢ.
        XCTAssertEqual(Affinity.pdf.weight(from: i, to: j), handDensity(10, 10, j), accuracy: 1e-17)
        XCTAssertEqual(Affinity.pdf.weight(from: j, to: i), handDensity(13, 8, i), accuracy: 1e-17)
        let forward = Affinity.pdf.weight(from: i, to: j), backward = Affinity.pdf.weight(from: j, to: i)
        XCTAssertGreaterThan(abs(forward - backward), 0.1 * max(forward, backward), "asymmetric for different covariances")
        // With equal covariances the Mahalanobis distance is the same both ways.
        let k = gaussian(13, 8, 2, 0.3, 5)
        XCTAssertEqual(Affinity.pdf.weight(from: i, to: k), Affinity.pdf.weight(from: k, to: i),
                       accuracy: 1e-15 * Affinity.pdf.weight(from: i, to: k))
    }

    func testNetworkOfComponentsThresholdsAndHasNoSelfLoops() throws {
        // Two clusters 60 px apart: across-cluster weights are tiny, within-cluster large.
        var components: [GaussianComponent] = []
        for (r, c) in [(20.0, 20.0), (23, 21), (19, 25), (80, 20), (82, 24), (78, 19), (84, 18)] {
            components.append(component(weight: 1.0 / 7, row: r, col: c,
                                        variances: (3 + r.truncatingRemainder(dividingBy: 5), 6), angle: c / 10))
        }
        let k = components.count
        for affinity in Affinity.allCases {
            var dense = [Double](repeating: 0, count: k * k)
            for i in 0..<k { for j in 0..<k where i != j { dense[i * k + j] = affinity.weight(from: components[i], to: components[j]) } }
            // Each node's strongest symmetrised tie.
            var strongest = [Double](repeating: 0, count: k)
            for i in 0..<k { for j in 0..<k where i != j { strongest[i] = max(strongest[i], (dense[i * k + j] + dense[j * k + i]) / 2) } }
            for edgeMinimum in [0, NetworkAnalysis.defaultEdgeMinimum, 1e-4, 0.3, 0.8] {
                let net = try NetworkAnalysis.network(of: components, affinity: affinity, edgeMinimum: edgeMinimum)
                let label = "\(affinity), edgeMinimum \(edgeMinimum)"
                var expected: [Edge] = []
                for i in 0..<k {
                    for j in 0..<k where i != j && dense[i * k + j] > 0
                        && (dense[i * k + j] + dense[j * k + i]) / 2 >= edgeMinimum * min(strongest[i], strongest[j]) {
                        expected.append(Edge(source: i, target: j, weight: dense[i * k + j]))
                    }
                }
                XCTAssertEqual(net.edges, expected, label)
                XCTAssertFalse(net.edges.contains { $0.source == $0.target }, label)
                XCTAssertEqual(net.nodeCount, k)
                // However strict the threshold, every node keeps its strongest tie.
                for i in 0..<k where strongest[i] > 0 {
                    XCTAssertTrue(net.edges.contains { $0.source == i || $0.target == i }, "\(label): node \(i) isolated")
                }
            }
            // At 0.3 × max only within-cluster edges can survive: two or more components.
            let strict = try NetworkAnalysis.network(of: components, affinity: affinity, edgeMinimum: 0.3)
            XCTAssertGreaterThanOrEqual(strict.connectedComponents, 2, "\(affinity)")
            XCTAssertFalse(strict.edges.contains { ($0.source < 3) != ($0.target < 3) }, "\(affinity)")
            let strictest = try NetworkAnalysis.network(of: components, affinity: affinity, edgeMinimum: 0.8)
            XCTAssertLessThan(strictest.edges.count, dense.filter { $0 > 0 }.count, "\(affinity): positive weights dropped")
        }
    }
}
