/// Sorting many floats in linear time: a least-significant-digit radix sort of
/// their bit patterns (three passes of 11, 11 and 10 bits), about ten times
/// faster than a comparison sort for a frame's 65,536 intensities.
enum RadixSort {
    /// `values` in ascending order (−0 before +0; no NaN expected).
    static func sorted(_ values: [Float]) -> [Float] {
        var keys = values.map(key)
        var none: [UInt32] = []
        sort(&keys, carrying: &none)
        return keys.map(value(ofKey:))
    }

    /// The indices `i` where `include[i]` holds, brightest `values[i]` first,
    /// equal values in ascending index: the same passes, the indices carried
    /// along (each pass is stable, and the indices start in ascending order).
    static func indicesByDescendingValue(_ values: [Float], where include: [Bool]) -> [Int] {
        precondition(values.count == include.count && values.count <= Int(UInt32.max), "sizes")
        var keys: [UInt32] = [], indices: [UInt32] = []
        for i in values.indices where include[i] {
            keys.append(~key(values[i]))
            indices.append(UInt32(truncatingIfNeeded: i))
        }
        sort(&keys, carrying: &indices)
        return indices.map { Int($0) }
    }

    /// Sorts `keys` ascending, stably, moving `payload` (empty, or one value
    /// per key) with them.
    private static func sort(_ keys: inout [UInt32], carrying payload: inout [UInt32]) {
        let carry = !payload.isEmpty
        precondition(!carry || payload.count == keys.count, "one payload value per key")
        var scratch = [UInt32](repeating: 0, count: keys.count)
        var scratchPayload = [UInt32](repeating: 0, count: carry ? keys.count : 0)
        for (shift, width) in [(0, 11), (11, 11), (22, 10)] {
            let mask = UInt32((1 << width) - 1)
            var offsets = [Int](repeating: 0, count: (1 << width) + 1)
            keys.withUnsafeBufferPointer { keys in
            payload.withUnsafeBufferPointer { payload in
            scratch.withUnsafeMutableBufferPointer { target in
            scratchPayload.withUnsafeMutableBufferPointer { targetPayload in
            offsets.withUnsafeMutableBufferPointer { offsets in
                for key in keys { offsets[Int((key >> UInt32(shift)) & mask) + 1] += 1 }
                for digit in 1..<offsets.count { offsets[digit] += offsets[digit - 1] }
                for i in keys.indices {
                    let key = keys[i]
                    let digit = Int((key >> UInt32(shift)) & mask)
                    target[offsets[digit]] = key
                    if carry { targetPayload[offsets[digit]] = payload[i] }
                    offsets[digit] += 1
                }
            }}}}}
            swap(&keys, &scratch)
            if carry { swap(&payload, &scratchPayload) }
        }
    }

    /// An unsigned key ordered like the float (negative values below positive
    /// ones): all bits of a negative value flipped, the sign bit of the rest.
    @inline(__always)
    static func key(_ value: Float) -> UInt32 {
        let bits = value.bitPattern
        return bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
    }

    /// The float whose `key(_:)` is `key`.
    @inline(__always)
    static func value(ofKey key: UInt32) -> Float {
        Float(bitPattern: key & 0x8000_0000 != 0 ? key & 0x7FFF_FFFF : ~key)
    }
}
