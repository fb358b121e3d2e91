import Foundation

extension Statistics {
    /// The regularized incomplete beta function I_x(a, b) = B(x; a, b) / B(a, b),
    /// a, b > 0, 0 ≤ x ≤ 1. Pass `complement` = 1 − x when it is known more
    /// precisely than by subtraction (a Student t tail is one).
    ///
    /// Continued fractions, on the side x < (a + 1)/(a + b + 2) where they
    /// converge fast; beyond it the symmetry I_x(a, b) = 1 − I₁₋ₓ(b, a) moves x
    /// there, so a small tail is always computed directly, never as 1 minus
    /// something close to 1. With r = xᵃ (1 − x)ᵇ / (a B(a, b)):
    ///
    /// - b ≥ 1: Abramowitz & Stegun 26.5.8, I = r / (1 + d₁/(1 + d₂/(1 + …))),
    ///     d₂ₘ₊₁ = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)),
    ///     d₂ₘ   = m (b − m) x / ((a + 2m − 1)(a + 2m)).
    /// - b < 1: the same hypergeometric function after Pfaff's transformation,
    ///   in z = x/(1 − x): I = r / (1 − x) / (1 + e₁/(1 + e₂/(1 + …))),
    ///     e₂ₘ₊₁ = (1 − b + m)(a + m) z / ((a + 2m)(a + 2m + 1)),
    ///     e₂ₘ   = m (a + b − 1 + m) z / ((a + 2m − 1)(a + 2m)).
    ///   Every eₖ is positive, so nothing cancels. 26.5.8 would: near the switch
    ///   point 1 + d₁ is of order 1/a, and a Student t with 10⁷ degrees of
    ///   freedom (a = ν/2, b = ½) lost 6 digits there.
    package static func regularizedIncompleteBeta(a: Double, b: Double, x: Double, complement: Double? = nil) -> Double {
        let y = complement ?? 1 - x
        if x <= 0 { return 0 }
        if y <= 0 { return 1 }
        if x > (a + 1) / (a + b + 2) {
            return 1 - regularizedIncompleteBeta(a: b, b: a, x: y, complement: x)
        }
        // ln x near x = 1 from the exact complement: a Student t with many degrees
        // of freedom has x = 1 − O(1/ν), and a·ln x multiplies its rounding by a.
        let logX = x < 0.5 ? log(x) : log1p(-y), logY = y < 0.5 ? log(y) : log1p(-x)
        let logScale = a * logX + b * logY - logBeta(a, b)
        if b < 1 {
            let z = x / y
            let fraction = continuedFraction { j in
                let m = Double(j / 2)
                return j % 2 == 1
                    ? (1 - b + m) * (a + m) * z / ((a + 2 * m) * (a + 2 * m + 1))
                    : m * (a + b - 1 + m) * z / ((a + 2 * m - 1) * (a + 2 * m))
            }
            return exp(logScale - logY) / (a * fraction)
        }
        let fraction = continuedFraction { j in
            let m = Double(j / 2)
            return j % 2 == 1
                ? -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
                : m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
        }
        return exp(logScale) / (a * fraction)
    }

    /// 1 + t₁/(1 + t₂/(1 + …)) by the modified Lentz method: the ratio of
    /// successive convergents is carried as C·D, never forming the convergents.
    private static func continuedFraction(_ term: (Int) -> Double) -> Double {
        let tiny = 1e-300 // stands in for a zero denominator
        var value = 1.0, c = 1.0, d = 0.0
        for j in 1...100_000 {
            let t = term(j)
            d = 1 + t * d
            c = 1 + t / c
            if abs(d) < tiny { d = tiny }
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let ratio = c * d
            value *= ratio
            if abs(ratio - 1) < 1e-15 { break }
        }
        return value
    }

    /// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). When the larger argument is
    /// big, ln Γ(big) − ln Γ(big + small) is taken from Stirling's series as one
    /// difference, so that two large nearly equal logarithms do not cancel (a
    /// Student t with 10⁵ degrees of freedom would lose five digits).
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        let small = min(a, b), large = max(a, b)
        guard large >= 20 else { return lgamma(a) + lgamma(b) - lgamma(a + b) }
        let sum = large + small
        // ln Γ(z) = (z − ½) ln z − z + ½ ln 2π + s(z); the ½ ln 2π cancel.
        let difference = -(large - 0.5) * log1p(small / large) - small * log(sum) + small
            + stirlingCorrection(large) - stirlingCorrection(sum)
        return lgamma(small) + difference
    }

    /// s(z) = 1/(12z) − 1/(360z³) + 1/(1260z⁵) − 1/(1680z⁷) + 1/(1188z⁹), the
    /// tail of Stirling's series for ln Γ; truncation error < 1e−15 for z ≥ 20.
    private static func stirlingCorrection(_ z: Double) -> Double {
        let w = 1 / (z * z)
        return (1.0 / 12 + w * (-1.0 / 360 + w * (1.0 / 1260 + w * (-1.0 / 1680 + w / 1188)))) / z
    }
}
