import Foundation
import PlexusNumerics

/// The outline of a simulated cell: an ellipse whose radius is perturbed by a few
/// low Fourier modes, star-shaped around its centre, scaled uniformly about the
/// centre as the cell shrinks.
///
/// A point at angle θ from the centre is inside when its distance is at most
/// `scale · radius(θ)`, so the shape never changes, only its size.
package struct CellOutline: Sendable {
    package struct Mode: Sendable {
        package var order: Int
        package var amplitude: Double
        package var phase: Double
    }

    package var centreRow: Double
    package var centreCol: Double
    package var semiMajor: Double
    package var semiMinor: Double
    package var orientation: Double
    package var modes: [Mode]

    package init(centreRow: Double, centreCol: Double, semiMajor: Double, semiMinor: Double,
                orientation: Double, modes: [Mode]) {
        self.centreRow = centreRow
        self.centreCol = centreCol
        self.semiMajor = semiMajor
        self.semiMinor = semiMinor
        self.orientation = orientation
        self.modes = modes
    }

    /// A random outline centred in a `size`×`size` frame whose mean diameter is
    /// 55–62% of the frame width (its widest extent stays within about 72%).
    package static func random(size: Int, using generator: inout SeededRandom) -> CellOutline {
        let meanRadius = Double(size) * (0.275 + 0.035 * generator.unit())
        let aspect = 1 + 0.2 * generator.unit()
        let modes = (2...4).map { order in
            Mode(order: order, amplitude: 0.035 * generator.unit() / Double(order - 1),
                 phase: 2 * Double.pi * generator.unit())
        }
        return CellOutline(centreRow: Double(size) / 2 + 0.5 * (generator.unit() - 0.5),
                           centreCol: Double(size) / 2 + 0.5 * (generator.unit() - 0.5),
                           semiMajor: meanRadius * aspect.squareRoot(), semiMinor: meanRadius / aspect.squareRoot(),
                           orientation: Double.pi * generator.unit(), modes: modes)
    }

    /// Distance from the centre to the outline (at scale 1) in the direction θ
    /// (radians, measured from the column axis toward the row axis).
    package func radius(at theta: Double) -> Double {
        let local = theta - orientation
        let c = cos(local) * semiMinor, s = sin(local) * semiMajor
        var r = semiMajor * semiMinor / (c * c + s * s).squareRoot()
        var factor = 1.0
        for mode in modes { factor += mode.amplitude * cos(Double(mode.order) * theta + mode.phase) }
        r *= factor
        return r
    }

    /// How far inside the outline at `scale` the point is, in px (negative outside),
    /// measured along the ray from the centre.
    package func depth(row: Double, col: Double, scale: Double) -> Double {
        let dr = row - centreRow, dc = col - centreCol
        return scale * radius(at: atan2(dr, dc)) - (dr * dr + dc * dc).squareRoot()
    }
}
