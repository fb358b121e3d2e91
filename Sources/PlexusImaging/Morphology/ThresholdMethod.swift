import PlexusNumerics

/// How intensities are split into foreground (organelles) and background.
/// Every method returns a value t; the foreground is the intensities strictly
/// above t, as in scikit-image (`image > threshold`).
package enum ThresholdMethod: String, CaseIterable, Codable, Sendable {
    /// Otsu's between-class variance, as scikit-image's `threshold_otsu`.
    case otsu
    /// ImageJ's "Default" method (its variant of IsoData), the one MiNA uses.
    case isodata
    /// Li's minimum cross entropy, as scikit-image's `threshold_li`.
    case li
    /// Zack's triangle method, as scikit-image's `threshold_triangle`.
    case triangle
    /// Two-class k-means on the intensities, midway between the two centres.
    case kmeans

    /// The threshold of `values`, or nil when there are none.
    package func threshold(of values: [Float]) -> Double? {
        switch self {
        case .otsu: Threshold.otsu(values)
        case .isodata: Threshold.imageJDefault(values)
        case .li: Threshold.li(values)
        case .triangle: Threshold.triangle(values)
        case .kmeans: Threshold.kMeans(values)
        }
    }
}

/// The threshold methods, each written from its definition (one file each).
/// Inputs are the intensities to split; outputs nil for no intensities.
package enum Threshold {}

extension Image {
    /// The threshold of the intensities inside `mask` (nil: the whole image), or
    /// nil when the mask is empty.
    package func threshold(_ method: ThresholdMethod, mask: [Bool]? = nil) -> Double? {
        method.threshold(of: intensities(inside: mask))
    }

    /// The pixels inside `mask` (nil: the whole image) whose intensity is above `threshold`.
    package func foreground(above threshold: Double, mask: [Bool]? = nil) -> BinaryImage {
        precondition(mask == nil || mask!.count == pixels.count, "mask must have one value per pixel")
        var result = [Bool](repeating: false, count: pixels.count)
        for i in 0..<pixels.count where Double(pixels[i]) > threshold && (mask?[i] ?? true) {
            result[i] = true
        }
        return BinaryImage(width: width, height: height, pixels: result)
    }
}
