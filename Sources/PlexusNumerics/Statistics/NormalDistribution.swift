import Foundation

extension Statistics {
    /// P(Z > z) for a standard normal Z, from the complementary error function
    /// so that far tails keep their relative precision (1 − Φ(z) would cancel).
    package static func normalUpperTail(_ z: Double) -> Double {
        0.5 * erfc(z / 2.0.squareRoot())
    }
}
