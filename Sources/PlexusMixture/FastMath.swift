/// Branch-free `exp` and `log` in plain arithmetic and bit operations, so that
/// loops calling them vectorise (libm calls do not). Both are accurate to about
/// one unit in the last place over the ranges the EM uses; the tests compare
/// them with Foundation's over those ranges.
enum FastMath {
    private static let roundingShift: Double = 6755399441055744.0 // 1.5 · 2^52
    private static let ln2High: Double = 0.6931471803691238
    private static let ln2Low: Double = 1.9082149292705877e-10

    /// e^x for x ≤ 0. Below −708 it returns e^−708 (≈ 3e−308) instead of
    /// a subnormal or zero: far below anything that changes a sum of
    /// responsibilities.
    @inline(__always)
    static func expNonPositive(_ x: Double) -> Double {
        let clamped = x < -708 ? -708 : x
        // n = round(x / ln 2), kept in the low bits of `shifted`.
        let shifted = clamped * 1.4426950408889634 + roundingShift
        let n = shifted - roundingShift
        let r = (clamped - n * ln2High) - n * ln2Low // |r| ≤ ln2 / 2
        // Taylor series to degree 13: remainder below 5e-18 on |r| ≤ 0.347.
        var p = 1.0 / 6227020800.0
        p = p * r + 1.0 / 479001600.0
        p = p * r + 1.0 / 39916800.0
        p = p * r + 1.0 / 3628800.0
        p = p * r + 1.0 / 362880.0
        p = p * r + 1.0 / 40320.0
        p = p * r + 1.0 / 5040.0
        p = p * r + 1.0 / 720.0
        p = p * r + 1.0 / 120.0
        p = p * r + 1.0 / 24.0
        p = p * r + 1.0 / 6.0
        p = p * r + 0.5
        p = p * r + 1.0
        p = p * r + 1.0
        // 2^n from the exponent field; the shift constant's low 12 bits are 0,
        // so only n + 1023 survives the shift.
        let scale = Double(bitPattern: (shifted.bitPattern &+ 1023) << 52)
        return p * scale
    }

    /// ln x for finite x ≥ 1e-300 (the sums of exponentials it is given are ≥ 1).
    @inline(__always)
    static func log(_ x: Double) -> Double {
        let bits = x.bitPattern
        // Split x = m · 2^e with m in [√½, √2).
        var exponent = Int64(bitPattern: (bits >> 52) & 0x7FF) - 1023
        var mantissa = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)
        let high = mantissa > 1.4142135623730951
        mantissa = high ? mantissa * 0.5 : mantissa
        exponent = high ? exponent + 1 : exponent
        // ln m = 2 atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.1716.
        let s = (mantissa - 1) / (mantissa + 1)
        let s2 = s * s
        var p = 1.0 / 23.0
        p = p * s2 + 1.0 / 21.0
        p = p * s2 + 1.0 / 19.0
        p = p * s2 + 1.0 / 17.0
        p = p * s2 + 1.0 / 15.0
        p = p * s2 + 1.0 / 13.0
        p = p * s2 + 1.0 / 11.0
        p = p * s2 + 1.0 / 9.0
        p = p * s2 + 1.0 / 7.0
        p = p * s2 + 1.0 / 5.0
        p = p * s2 + 1.0 / 3.0
        p = p * s2 + 1.0
        let e = Double(exponent)
        return (e * ln2High + 2 * s * p) + e * ln2Low
    }
}
