import PlexusImaging

/// The starting mixture of a video's first fitted frame, as the published
/// method built it: one component per peak, weight ∝ peak intensity, mean at the
/// peak, isotropic covariance equal to the variance of the 3×3 intensities
/// around the peak.
public enum PeakInitialization {
    /// The variance floor, in px². The 3×3 intensity variance is zero on a flat
    /// plateau and can be far below a pixel on smooth frames; a Gaussian much
    /// narrower than one pixel would capture a single pixel and collapse.
    public static let minimumVariance = 1.0

    public static func model(peaks: [Peak], image: Image) -> MixtureModel {
        let totalIntensity = peaks.reduce(0.0) { $0 + Double($1.intensity) }
        let components = peaks.map { peak -> GaussianComponent in
            var values: [Double] = []
            for r in max(peak.row - 1, 0)...min(peak.row + 1, image.height - 1) {
                for c in max(peak.col - 1, 0)...min(peak.col + 1, image.width - 1) {
                    values.append(Double(image[r, c]))
                }
            }
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
            let v = max(variance, minimumVariance)
            return GaussianComponent(weight: Double(peak.intensity) / totalIntensity,
                                     meanRow: Double(peak.row), meanCol: Double(peak.col),
                                     covRR: v, covRC: 0, covCC: v)
        }
        return MixtureModel(components: components)
    }
}
