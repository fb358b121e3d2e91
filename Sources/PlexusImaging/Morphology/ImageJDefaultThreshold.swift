extension Threshold {
    /// ImageJ's "Default" threshold (`AutoThresholder.Method.Default`, ImageJ's
    /// variant of Ridler and Calvard's IsoData, the method of Image › Adjust ›
    /// Threshold "Default" and of MiNA), on the 256-bin histogram of the 8-bit
    /// values (`EightBitHistogram`):
    /// 1. if the most frequent bin holds more than twice the count of the next
    ///    most frequent one, its count is lowered to 1.5 times that count
    ///    (truncated), so that a large background peak does not dominate;
    /// 2. bins 0 and 255 are emptied (erased and saturated pixels are ignored),
    ///    and `min`, `max` are the first and last non-empty bins; when
    ///    `min ≥ max` the level is 128;
    /// 3. starting at g = min, the level is the mean of the mean bin of 0…g and
    ///    the mean bin of g+1…max; g grows by one while g + 1 ≤ level and
    ///    g < max − 1 (g counted after the increment);
    /// 4. the level is rounded half up to a bin L.
    /// ImageJ then takes bins L+1…255 as foreground ("dark background"); here
    /// that is intensities above L + 0.5, which for integer intensities is
    /// exactly ImageJ's split.
    package static func imageJDefault(_ values: [Float]) -> Double? {
        guard !values.isEmpty else { return nil }
        var data = EightBitHistogram(values).counts
        var mode = 0, modeCount = 0
        for i in 0..<data.count where data[i] > modeCount {
            modeCount = data[i]
            mode = i
        }
        var secondCount = 0
        for i in 0..<data.count where i != mode && data[i] > secondCount { secondCount = data[i] }
        if modeCount > 2 * secondCount && secondCount != 0 {
            data[mode] = Int(Double(secondCount) * 1.5)
        }
        return Double(imageJIsoDataLevel(data)) + 0.5
    }

    /// Steps 2–4 of `imageJDefault`: ImageJ's original IsoData iteration on a
    /// histogram, returning a bin.
    static func imageJIsoDataLevel(_ histogram: [Int]) -> Int {
        var data = histogram
        let last = data.count - 1
        data[0] = 0
        data[last] = 0
        var low = 0
        while data[low] == 0 && low < last { low += 1 }
        var high = last
        while data[high] == 0 && high > 0 { high -= 1 }
        if low >= high { return data.count / 2 }
        var moving = low
        var level = 0.0
        repeat {
            var sumLow = 0.0, countLow = 0.0, sumHigh = 0.0, countHigh = 0.0
            for i in low...moving {
                sumLow += Double(i) * Double(data[i])
                countLow += Double(data[i])
            }
            if moving + 1 <= high {
                for i in (moving + 1)...high {
                    sumHigh += Double(i) * Double(data[i])
                    countHigh += Double(data[i])
                }
            }
            level = (sumLow / countLow + sumHigh / countHigh) / 2
            moving += 1
        } while Double(moving + 1) <= level && moving < high - 1
        // Java's Math.round: half up.
        return Int((level + 0.5).rounded(.down))
    }
}
