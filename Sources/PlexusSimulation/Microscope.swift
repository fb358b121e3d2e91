import Foundation
import PlexusImaging
import PlexusNumerics

/// Optics and camera: turns fluorophore distributions into the integer samples a
/// widefield camera records.
///
/// Fluorescence (mitochondria, a dim cytoplasm inside the cell, fainter
/// autofluorescence outside) fades by exponential photobleaching, is blurred by
/// a Gaussian point-spread function, gets shot noise with variance proportional
/// to the signal plus read noise, sits on the camera offset, and is clipped and
/// quantised. All levels are on the 8-bit scale; a 16-bit frame holds 257 × the
/// same values, rounded, so both depths show the same image.
///
/// The defaults keep the background noisy and below ~20 inside the cell and ~5
/// outside, while mitochondria peak at ~120–220: `plexus ingest` with its
/// default peak threshold (6) and smoothing (1 px) then finds its peaks on the
/// mitochondria, not on plateaus of a flat background.
package struct Microscope: Equatable, Sendable {
    /// Standard deviation of the point-spread function (px).
    package var psfSigma = 1.0
    /// Camera offset (dark level), added to every pixel.
    package var cameraOffset = 2.0
    /// Cytoplasmic fluorescence inside the cell.
    package var cytoplasm = 11.0
    /// Autofluorescence and out-of-focus light outside the cell.
    package var exterior = 1.5
    /// Shot-noise variance per unit of signal.
    package var gain = 1.0
    /// Camera read noise (standard deviation).
    package var readNoise = 0.6
    /// Photobleaching: fluorescence at frame t is exp(−rate · t) of its initial value.
    package var photobleachingRate = 0.0
    /// 8 or 16.
    package var bitDepth = 8

    package init(bitDepth: Int = 8, photobleachingRate: Double = 0) {
        self.bitDepth = bitDepth
        self.photobleachingRate = photobleachingRate
    }

    /// Frame `t` of a cell whose outline, at `scale`, is rasterised by `cell`,
    /// holding `mitochondria`; `noise` draws the shot and read noise.
    package func frame(mitochondria: MitochondriaRaster, cell: CellRaster, scale: Double, t: Int,
                      noise: inout SeededRandom) -> RawFrame {
        let width = cell.width, height = cell.height
        let inside = cell.coverage(scale: scale)
        var fluorescence = mitochondria.fluorescence
        let cytoplasm = Float(self.cytoplasm), exterior = Float(self.exterior)
        for i in fluorescence.indices { fluorescence[i] += exterior + (cytoplasm - exterior) * inside[i] }
        let blurred = GaussianSmoothing.smooth(Image(width: width, height: height, pixels: fluorescence),
                                               sigma: psfSigma).pixels
        let bleaching = exp(-photobleachingRate * Double(t))
        // 1 or 257: a 16-bit sample is 257 × the 8-bit value (65535 = 257 · 255).
        let levelsPerUnit = Double((1 << bitDepth) - 1) / 255
        var samples = [UInt16](repeating: 0, count: width * height)
        func sample(_ i: Int, _ z: Double) {
            let signal = max(0, Double(blurred[i]) * bleaching)
            let value = cameraOffset + signal + (gain * signal + readNoise * readNoise).squareRoot() * z
            samples[i] = UInt16((min(255, max(0, value)) * levelsPerUnit).rounded())
        }
        var i = 0
        while i < samples.count {
            // Box–Muller: two independent normals per pair of uniforms.
            let radius = (-2 * log(max(noise.unit(), 1e-300))).squareRoot()
            let angle = 2 * Double.pi * noise.unit()
            sample(i, radius * cos(angle))
            if i + 1 < samples.count { sample(i + 1, radius * sin(angle)) }
            i += 2
        }
        return RawFrame(width: width, height: height, bitDepth: bitDepth, samples: samples)
    }
}
