import Foundation

extension Statistics {
    /// P(|T| ≥ |t|) for Student's t with ν > 0 degrees of freedom (ν need not be
    /// an integer: Welch's ν is not), as I_{ν/(ν+t²)}(ν/2, ½).
    package static func studentTTwoSidedTail(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        let ratio = t * t / nu
        guard ratio.isFinite else { return 0 }
        // x = ν/(ν + t²) and 1 − x = t²/(ν + t²), each without a subtraction.
        return regularizedIncompleteBeta(a: nu / 2, b: 0.5, x: 1 / (1 + ratio), complement: ratio / (1 + ratio))
    }

    /// The p-quantile of Student's t with ν > 0 degrees of freedom (ν need not
    /// be an integer): the t with P(T ≤ t) = p, as `scipy.stats.t.ppf(p, ν)`.
    /// −∞ at p = 0, +∞ at p = 1 (and where the quantile is beyond the range of
    /// a Double: only for ν well below 1 with p within 1e-12 or so of 0 or 1),
    /// NaN for p outside [0, 1] or ν ≤ 0.
    ///
    /// By symmetry only |t| is sought, as the root of one of two increasing or
    /// decreasing functions of t whose target is exact in floating point:
    /// - p within ¼ of ½: the central probability P(|T| < |t|) = I_{t²/(ν+t²)}(½, ν/2)
    ///   = |2p − 1|. (2p − 1 is exact there; 1 − 2(1 − p) near p = ½ would have
    ///   lost the digits that set a small t.)
    /// - otherwise: the two-sided tail P(|T| ≥ |t|) = 2 min(p, 1 − p), which keeps
    ///   its relative precision down to the smallest p.
    /// Safeguarded Newton in u = ln|t|, where both logarithms are nearly linear
    /// (a power-law tail, a linear start), with derivative ∓2|t| f(t)/G for the
    /// density f; a step that would leave the bracket known so far bisects it.
    /// Bounds: the tail is below A(t) = 2f₀ ν^{(ν+1)/2} t^{−ν}/ν (f₀ = f(0), the
    /// density with (1 + t²/ν) replaced by t²/ν), so A(t) = tail gives an upper
    /// bound — and the answer itself, to double precision, once t²/ν > 1e20; the
    /// central probability is below 2f₀|t|, which gives a lower bound to start
    /// from. ν above 1e20 is taken as 1e20: the quantile's relative distance from
    /// the normal one is about (z² + 1)/(4ν), below 1e-17 there.
    package static func studentTQuantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        guard p >= 0, p <= 1, nu > 0 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        let nu = min(nu, 1e20)
        let magnitude = p > 0.25 && p < 0.75
            ? studentTCentralQuantile(abs(2 * p - 1), nu)
            : studentTTailQuantile(2 * min(p, 1 - p), nu)
        return p < 0.5 ? -magnitude : magnitude
    }

    /// ln f(t) for the density f of Student's t with ν degrees of freedom:
    /// −½ ln ν − ln B(ν/2, ½) − (ν + 1)/2 · ln(1 + t²/ν).
    private static func studentTLogDensity(_ t: Double, _ nu: Double) -> Double {
        let r = abs(t) / nu.squareRoot()
        let logBase = r > 1e150 ? 2 * log(r) : log1p(r * r) // r² would overflow; 1 is lost anyway
        return studentTLogDensityAtZero(nu) - (nu + 1) / 2 * logBase
    }

    private static func studentTLogDensityAtZero(_ nu: Double) -> Double {
        -0.5 * log(nu) - logBeta(nu / 2, 0.5)
    }

    /// ln of the t > 0 solving A(t) = alpha, A the power-law bound on the
    /// two-sided tail (see `studentTQuantile`): an upper bound on the quantile.
    private static func studentTPowerLawLogQuantile(_ alpha: Double, _ nu: Double) -> Double {
        (log(2) + studentTLogDensityAtZero(nu) + (nu - 1) / 2 * log(nu) - log(alpha)) / nu
    }

    /// The t > 0 with P(|T| ≥ t) = alpha, 0 < alpha ≤ ½.
    private static func studentTTailQuantile(_ alpha: Double, _ nu: Double) -> Double {
        let upper = studentTPowerLawLogQuantile(alpha, nu)
        // Far enough out the bound is the tail: their ratio is 1 − O(ν/t²), and
        // the quantile moves by O(1/t²) relative.
        if 2 * upper - log(nu) > log(1e20) { return exp(upper) }
        // A start: the normal quantile (Abramowitz & Stegun 26.2.23, |error| < 4.5e-4)
        // with the first Cornish–Fisher term for ν, or the bound if that is smaller.
        let w = (-2 * log(alpha / 2)).squareRoot()
        let z = w - (2.515517 + w * (0.802853 + w * 0.010328)) / (1 + w * (1.432788 + w * (0.189269 + w * 0.001308)))
        let start = log(z + (z * z * z + z) / (4 * nu))
        let logAlpha = log(alpha)
        let u = solveInLogarithm(start: min(start, upper), upper: upper + 1e-6 * max(1, abs(upper)), increasing: false) { u in
            let t = exp(u)
            let tail = studentTTwoSidedTail(t, degreesOfFreedom: nu)
            let logTail = log(tail)
            return (logTail - logAlpha, -exp(log(2) + u + studentTLogDensity(t, nu) - logTail))
        }
        return exp(u)
    }

    /// The t > 0 with P(|T| < t) = beta, 0 < beta < ½.
    private static func studentTCentralQuantile(_ beta: Double, _ nu: Double) -> Double {
        let upper = studentTPowerLawLogQuantile(1 - beta, nu) + 1
        let logTarget = log(beta)
        // P(|T| < t) ≤ 2 f(0) t: a start below the root.
        let start = log(beta / 2) - studentTLogDensityAtZero(nu)
        let u = solveInLogarithm(start: min(start, upper), upper: upper, increasing: true) { u in
            let t = exp(u)
            let ratio = (t / nu.squareRoot()) * (t / nu.squareRoot())
            let central = regularizedIncompleteBeta(a: 0.5, b: nu / 2, x: ratio / (1 + ratio), complement: 1 / (1 + ratio))
            let logCentral = log(central)
            return (logCentral - logTarget, exp(log(2) + u + studentTLogDensity(t, nu) - logCentral))
        }
        return exp(u)
    }

    /// The root u < `upper` of a monotone function given with its derivative, by
    /// Newton's method kept inside the bracket found so far (bisecting when a
    /// step would leave it; stepping down while no lower end is known). A value
    /// of −∞ or NaN (an underflowed probability) counts as being on the side
    /// away from where the function is large.
    private static func solveInLogarithm(start: Double, upper: Double, increasing: Bool,
                                         _ evaluate: (Double) -> (value: Double, slope: Double)) -> Double {
        var low = -Double.infinity, high = upper, u = start
        var downStep = 1.0
        for _ in 0..<400 {
            let (value, slope) = evaluate(u)
            if value == 0 { return u }
            let rootAbove = increasing ? value < 0 || value.isNaN : value > 0
            if rootAbove { low = u } else { high = u }
            var next = u - value / slope
            if !(next > low && next < high) {
                if low.isFinite {
                    next = low + (high - low) / 2
                } else {
                    next = high - downStep
                    downStep *= 2
                }
            }
            if abs(next - u) <= 1e-13 * max(1, abs(u)) || high - low <= 1e-15 * max(1, abs(u)) { return next }
            u = next
        }
        return u
    }
}
