extension Image {
    /// The intensities of the pixels where `mask` is true, in row-major order;
    /// all of them when `mask` is nil.
    package func intensities(inside mask: [Bool]?) -> [Float] {
        guard let mask else { return pixels }
        precondition(mask.count == pixels.count, "mask must have one value per pixel")
        var values: [Float] = []
        values.reserveCapacity(pixels.count)
        for i in 0..<pixels.count where mask[i] { values.append(pixels[i]) }
        return values
    }
}
