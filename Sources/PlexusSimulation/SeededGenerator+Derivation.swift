/// Independent, reproducible seeds for the parts of an experiment: one per
/// video from the experiment's seed, its condition and cell number, and one per
/// random stream within a video (shape, dynamics, camera noise), so that changing
/// one part (say the bit depth or the photobleaching) leaves the others' draws alone.
extension SeededGenerator {
    /// A 53-bit seed (exact in a JSON number) mixed from `seed`, `label` and `index`.
    public static func derivedSeed(_ seed: UInt64, label: String, index: Int) -> UInt64 {
        // FNV-1a of the label: stable across runs and machines, unlike `Hasher`.
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in label.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        var generator = SeededGenerator(seed: seed ^ hash)
        _ = generator.next()
        var mixed = SeededGenerator(seed: generator.next() ^ (UInt64(bitPattern: Int64(index)) &* 0x9E37_79B9_7F4A_7C15))
        return mixed.next() >> 11
    }

    /// Stream `stream` of the video seeded with `seed`.
    public init(seed: UInt64, stream: String) {
        self.init(seed: Self.derivedSeed(seed, label: stream, index: 0))
    }
}
