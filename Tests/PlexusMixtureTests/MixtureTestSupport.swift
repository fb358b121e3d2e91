import Foundation
import PlexusImaging
import PlexusNumerics
import XCTest
@testable import PlexusMixture

/// A blob for rendering test images: an unnormalised Gaussian bump.
struct Blob {
    var row: Double, col: Double
    var amplitude: Double
    var covRR: Double, covRC: Double, covCC: Double

    func value(_ r: Double, _ c: Double) -> Double {
        let det = covRR * covCC - covRC * covRC
        let dr = r - row, dc = c - col
        let m = (covCC * dr * dr - 2 * covRC * dr * dc + covRR * dc * dc) / det
        return amplitude * exp(-0.5 * m)
    }
}

/// Integer intensities: rounded sum of blobs plus uniform integer noise in
/// −noise...noise, clamped to 0...maximum.
func renderIntegerImage(width: Int, height: Int, blobs: [Blob], noise: Int, maximum: Int,
                        seed: UInt64) -> [Int] {
    var generator = SeededRandom(seed: seed)
    var out: [Int] = []
    for r in 0..<height {
        for c in 0..<width {
            let signal = blobs.reduce(0.0) { $0 + $1.value(Double(r), Double(c)) }
            let jitter = noise > 0 ? Int.random(in: -noise...noise, using: &generator) : 0
            out.append(min(max(Int(signal.rounded()) + jitter, 0), maximum))
        }
    }
    return out
}

func image(_ intensities: [Int], width: Int) -> Image {
    Image(width: width, height: intensities.count / width, pixels: intensities.map(Float.init))
}

/// The density of a mixture at (row, col).
func mixtureDensity(_ model: MixtureModel, _ r: Double, _ c: Double) -> Double {
    model.components.reduce(0.0) { sum, g in
        let det = g.covRR * g.covCC - g.covRC * g.covRC
        let dr = r - g.meanRow, dc = c - g.meanCol
        let m = (g.covCC * dr * dr - 2 * g.covRC * dr * dc + g.covRR * dc * dc) / det
        return sum + g.weight * exp(-0.5 * m) / (2 * Double.pi * det.squareRoot())
    }
}

/// A file of this target's Fixtures folder; the failure names the script that writes it.
func fixtureURL(_ name: String, _ ext: String, writtenBy script: String) throws -> URL {
    try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures"),
                  "missing fixture \(name).\(ext): run Benchmarks/\(script)")
}
