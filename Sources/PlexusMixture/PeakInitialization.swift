import PlexusImaging

/// The starting mixture of a video's first fitted frame, as the published
/// method built it: one component per peak, weight ∝ peak intensity, mean at the
/// peak, isotropic covariance equal to the variance of the 3×3 intensities
/// around the peak, floored by a `VarianceFloor`.
package enum PeakInitialization {
    /// The default preset's variance floor, in px². The 3×3 intensity variance is
    /// zero on a flat plateau and can be far below a pixel on smooth frames; a
    /// Gaussian much narrower than one pixel would capture a single pixel and
    /// collapse.
    package static let minimumVariance = 1.0

    /// How small an initial variance may be. Not an optional number: the
    /// published rule is no floor for positive variances but still replaces zero.
    package enum VarianceFloor: Equatable, Sendable {
        /// The published method (`--preset ornet`): only a zero variance, a flat
        /// 3×3 plateau, is replaced, by `minimumVariance`, so that the covariance
        /// is invertible; every positive variance is kept, however small. The
        /// preset must reproduce the published fits, and it cannot under any
        /// other floor: on a real HeLa cell a peak's 3×3 variance is 0.247 px²,
        /// and raising it to 1 px² moves that fit by 0.59 px at frame 0 and by
        /// tens of px 200 frames later through the warm starts.
        case published
        /// Every variance below this many px² (a positive number) is raised to
        /// it (the default preset: `minimumVariance`, for the reason given there).
        case minimum(Double)

        /// The default preset's floor.
        package static let standard = VarianceFloor.minimum(PeakInitialization.minimumVariance)

        /// The initial variance, in px², of a peak whose 3×3 intensities have
        /// this variance.
        package func apply(to variance: Double) -> Double {
            switch self {
            case .published: return variance == 0 ? PeakInitialization.minimumVariance : variance
            case .minimum(let floor): return max(variance, floor)
            }
        }
    }

    package static func model(peaks: [Peak], image: Image,
                             varianceFloor: VarianceFloor = .standard) -> MixtureModel {
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
            let v = varianceFloor.apply(to: variance)
            return GaussianComponent(weight: Double(peak.intensity) / totalIntensity,
                                     meanRow: Double(peak.row), meanCol: Double(peak.col),
                                     covRR: v, covRC: 0, covCC: v)
        }
        return MixtureModel(components: components)
    }
}
