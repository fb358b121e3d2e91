import Foundation
import PlexusImaging
import PlexusNumerics

/// A seeded video of one cell whose organelles are anisotropic Gaussian blobs
/// drifting by Brownian motion over a dim background with shot noise: a mixture
/// with known components, for benchmarks and tests.
package struct BlobVideo: Sendable {
    package struct Blob: Sendable {
        package var row: Double, col: Double
        package var sigmaMajor: Double, sigmaMinor: Double, angle: Double
        package var amplitude: Double
    }

    package var width: Int
    package var height: Int
    package var bitDepth: Int
    package var background: Double
    /// Per-frame Brownian step (standard deviation, px).
    package var drift: Double
    package private(set) var blobs: [Blob]
    private var generator: SeededRandom

    /// Blobs are spread over an ellipse filling most of the frame (the cell).
    package init(width: Int = 256, height: Int = 256, blobCount: Int = 30, bitDepth: Int = 8,
                background: Double = 4, drift: Double = 0.3, seed: UInt64 = 1) {
        self.width = width
        self.height = height
        self.bitDepth = bitDepth
        self.background = background
        self.drift = drift
        generator = SeededRandom(seed: seed)
        blobs = []
        let centreRow = Double(height) / 2, centreCol = Double(width) / 2
        // Keep blobs at least 8 px apart so each is its own peak.
        var attempts = 0
        while blobs.count < blobCount && attempts < 100_000 {
            attempts += 1
            let radius = generator.unit().squareRoot() * 0.38
            let theta = generator.unit() * 2 * Double.pi
            let row = centreRow + radius * Double(height) * sin(theta)
            let col = centreCol + radius * Double(width) * cos(theta)
            if blobs.contains(where: { hypot($0.row - row, $0.col - col) < 14 }) { continue }
            blobs.append(Blob(row: row, col: col, sigmaMajor: 1.5 + 2.5 * generator.unit(),
                              sigmaMinor: 1.2 + 0.8 * generator.unit(), angle: generator.unit() * Double.pi,
                              amplitude: 80 + 140 * generator.unit()))
        }
    }

    /// Renders the current state as one frame and advances the blobs.
    package mutating func nextFrame() -> RawFrame {
        var intensity = [Double](repeating: background, count: width * height)
        for blob in blobs {
            let c = cos(blob.angle), s = sin(blob.angle)
            let a = 1 / (blob.sigmaMajor * blob.sigmaMajor), b = 1 / (blob.sigmaMinor * blob.sigmaMinor)
            let reach = Int((4 * blob.sigmaMajor).rounded(.up))
            let r0 = max(0, Int(blob.row) - reach), r1 = min(height - 1, Int(blob.row) + reach)
            let c0 = max(0, Int(blob.col) - reach), c1 = min(width - 1, Int(blob.col) + reach)
            guard r0 <= r1, c0 <= c1 else { continue }
            for r in r0...r1 {
                for col in c0...c1 {
                    let dr = Double(r) - blob.row, dc = Double(col) - blob.col
                    let u = c * dr + s * dc, v = -s * dr + c * dc
                    intensity[r * width + col] += blob.amplitude * exp(-0.5 * (a * u * u + b * v * v))
                }
            }
        }
        let maximum = Double((1 << bitDepth) - 1)
        let scale = maximum / 255
        var samples = [UInt16](repeating: 0, count: width * height)
        for i in samples.indices {
            // Shot noise: variance equal to the signal (in 8-bit units).
            let value = intensity[i] + intensity[i].squareRoot() * generator.simulationNormal()
            samples[i] = UInt16(min(maximum, max(0, (value * scale).rounded())))
        }
        for k in blobs.indices {
            blobs[k].row += drift * generator.simulationNormal()
            blobs[k].col += drift * generator.simulationNormal()
            blobs[k].angle += 0.02 * generator.simulationNormal()
        }
        return RawFrame(width: width, height: height, bitDepth: bitDepth, samples: samples)
    }

    /// Writes `frames` frames to a multi-page TIFF.
    package mutating func write(to path: String, frames: Int,
                               compression: TIFFWriter.Compression = .none) throws {
        let writer = try TIFFWriter(path: path)
        for _ in 0..<frames { try writer.writePage(nextFrame(), compression: compression) }
        writer.close()
    }
}
