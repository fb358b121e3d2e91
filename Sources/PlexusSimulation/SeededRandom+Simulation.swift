import Foundation
import PlexusNumerics

/// Independent, reproducible seeds for the parts of an experiment: one per
/// video from the experiment's seed, its condition and cell number, and one per
/// random stream within a video (shape, dynamics, camera noise), so that changing
/// one part (say the bit depth or the photobleaching) leaves the others' draws alone.
extension SeededRandom {
    /// A 53-bit seed (exact in a JSON number) mixed from `seed`, `label` and `index`.
    package static func derivedSeed(_ seed: UInt64, label: String, index: Int) -> UInt64 {
        // FNV-1a of the label: stable across runs and machines, unlike `Hasher`.
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in label.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        var generator = SeededRandom(seed: seed ^ hash)
        _ = generator.next()
        var mixed = SeededRandom(seed: generator.next() ^ (UInt64(bitPattern: Int64(index)) &* 0x9E37_79B9_7F4A_7C15))
        return mixed.next() >> 11
    }

    /// Stream `stream` of the video seeded with `seed`.
    package init(seed: UInt64, stream: String) {
        self.init(seed: Self.derivedSeed(seed, label: stream, index: 0))
    }
}

extension SeededRandom {
    /// A standard normal deviate as the simulation draws it: Box–Muller from
    /// u = unit(), raised to 1e-300 when it is 0 so that log u is finite, and
    /// v = unit(). `normal()` takes u = 1 − unit() instead; the two have the same
    /// distribution, and the simulation keeps its own so that a seed gives the
    /// same videos, byte for byte, as it always has.
    package mutating func simulationNormal() -> Double {
        let u = max(unit(), 1e-300)
        let v = unit()
        return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
    }
}
