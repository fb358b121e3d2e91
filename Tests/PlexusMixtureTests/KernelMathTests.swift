import CPlexusKernels
import Foundation
import PlexusNumerics
import XCTest

/// The E-step kernel's branch-free exp and log (CPlexusKernels) against Foundation's (glibc's, correctly
/// rounded to within an ulp) over the ranges the EM uses.
final class KernelMathTests: XCTestCase {
    func testExpNonPositiveOnADenseGrid() {
        var worst = 0.0, worstX = 0.0
        let steps = 2_000_000
        var generator = SeededRandom(seed: 7)
        // A regular grid over [−700, 0] plus random points (the grid alone would
        // only sample a few residues of x modulo ln 2).
        let grid = (0...steps).map { -700.0 * Double($0) / Double(steps) }
        let random = (0..<500_000).map { _ in Double.random(in: -700...0, using: &generator) }
        let small = (0..<100_000).map { _ in -Double.random(in: 0...1e-3, using: &generator) }
        for x in grid + random + small {
            let fast = plexus_exp_nonpositive(x)
            let reference = Foundation.exp(x)
            let error = abs(fast - reference) / reference
            if error > worst { worst = error; worstX = x }
        }
        XCTAssertLessThan(worst, 4e-16, "worst relative error \(worst) at x = \(worstX)")
    }

    func testExpSpecialValues() {
        XCTAssertEqual(plexus_exp_nonpositive(0), 1)
        XCTAssertEqual(plexus_exp_nonpositive(-0.0), 1)
        XCTAssertEqual(plexus_exp_nonpositive(-Double.ulpOfOne), Foundation.exp(-Double.ulpOfOne))
        // The ln 2 multiples where the reduction switches.
        for n in 1...1000 {
            let x = -Double(n) * M_LN2
            XCTAssertEqual(plexus_exp_nonpositive(x), Foundation.exp(x), accuracy: Foundation.exp(x) * 4e-16)
            let half = x + 0.5 * M_LN2
            XCTAssertEqual(plexus_exp_nonpositive(half), Foundation.exp(half), accuracy: Foundation.exp(half) * 4e-16)
        }
        // Below −708 the result is clamped to e^−708: tiny, positive, normal.
        let clamped = plexus_exp_nonpositive(-708)
        XCTAssertEqual(clamped, Foundation.exp(-708), accuracy: Foundation.exp(-708) * 4e-16)
        for x in [-708.5, -745.2, -1e4, -1e300, -Double.infinity] {
            XCTAssertEqual(plexus_exp_nonpositive(x), clamped, "x = \(x)")
        }
        XCTAssertTrue(clamped.isNormal)
    }

    func testLogFromOneToAMillion() {
        var worst = 0.0, worstX = 0.0
        var generator = SeededRandom(seed: 8)
        let grid = (0...1_000_000).map { 1.0 + 999_999.0 * Double($0) / 1_000_000 }
        let nearOne = (0..<200_000).map { _ in 1.0 + Double.random(in: 0...1e-3, using: &generator) }
        let logUniform = (0..<300_000).map { _ in Foundation.exp(Double.random(in: 0...Foundation.log(1e6), using: &generator)) }
        for x in grid + nearOne + logUniform {
            let fast = plexus_log(x)
            let reference = Foundation.log(x)
            // Relative where log x is large, absolute near x = 1 (log x → 0).
            let error = abs(fast - reference) / max(abs(reference), 1)
            if error > worst { worst = error; worstX = x }
        }
        XCTAssertLessThan(worst, 1e-15, "worst error \(worst) at x = \(worstX)")
    }

    func testLogOfSmallValues() {
        var worst = 0.0, worstX = 0.0
        var generator = SeededRandom(seed: 9)
        let values = (0..<500_000).map { _ in Foundation.exp(Double.random(in: Foundation.log(1e-300)...0, using: &generator)) }
        for x in values {
            let fast = plexus_log(x)
            let reference = Foundation.log(x)
            let error = abs(fast - reference) / max(abs(reference), 1)
            if error > worst { worst = error; worstX = x }
        }
        XCTAssertLessThan(worst, 1e-15, "worst error \(worst) at x = \(worstX)")
    }

    func testLogSpecialValues() {
        XCTAssertEqual(plexus_log(1), 0)
        for e in -990...1000 {
            let x = Foundation.pow(2.0, Double(e))
            XCTAssertEqual(plexus_log(x), Double(e) * M_LN2, accuracy: 1e-15 * max(abs(Double(e) * M_LN2), 1), "2^\(e)")
        }
        // Both sides of the √2 split of the mantissa.
        let root2 = Double(2).squareRoot()
        for x in [root2, root2.nextUp, root2.nextDown, Double(1).nextUp, Double(2).nextDown, M_E, 10, 1e6] {
            XCTAssertEqual(plexus_log(x), Foundation.log(x), accuracy: 1e-15 * max(abs(Foundation.log(x)), 1), "x = \(x)")
        }
    }
}
