import Foundation

/// SplitMix64: a small seeded generator, so that a simulated video, a bootstrap
/// interval or a cross-validation split is the same on every machine and every
/// run. The one generator of Plexus and its tests.
package struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    package init(seed: UInt64) { state = seed }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<bound, by Lemire's multiply-and-reject, spelled out here
    /// so that the sequence does not depend on the standard library's choice.
    package mutating func index(below bound: Int) -> Int {
        precondition(bound > 0, "index(below:) needs a positive bound")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// Uniform in [0, 1), from the top 53 bits of `next()`.
    package mutating func unit() -> Double {
        Double(next() >> 11) / Double(UInt64(1) << 53)
    }

    /// A standard normal deviate (Box–Muller from two `unit()` draws; the
    /// second deviate of the pair is not kept, so every call uses two draws).
    package mutating func normal() -> Double {
        let u = 1 - unit()   // in (0, 1]: log(u) is finite
        let v = unit()
        return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
    }

    /// The elements of `array` in a uniformly random order (Fisher–Yates).
    package mutating func shuffled<T>(_ array: [T]) -> [T] {
        var result = array
        guard result.count > 1 else { return result }
        for i in stride(from: result.count - 1, to: 0, by: -1) {
            result.swapAt(i, index(below: i + 1))
        }
        return result
    }
}
