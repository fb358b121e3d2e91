extension Statistics {
    /// P(|T| ≥ |t|) for Student's t with ν > 0 degrees of freedom (ν need not be
    /// an integer: Welch's ν is not), as I_{ν/(ν+t²)}(ν/2, ½).
    public static func studentTTwoSidedTail(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        let ratio = t * t / nu
        guard ratio.isFinite else { return 0 }
        // x = ν/(ν + t²) and 1 − x = t²/(ν + t²), each without a subtraction.
        return regularizedIncompleteBeta(a: nu / 2, b: 0.5, x: 1 / (1 + ratio), complement: ratio / (1 + ratio))
    }
}
