import Foundation

/// A point in frame coordinates (px): row and column of a pixel centre.
package struct PlanePoint: Equatable, Sendable {
    package var row: Double
    package var col: Double

    package init(row: Double, col: Double) {
        self.row = row
        self.col = col
    }

    func distance(to other: PlanePoint) -> Double { hypot(row - other.row, col - other.col) }
}

/// One mitochondrion: a tubule (a centreline of points 1 px apart, rendered with
/// a width) or a punctum (a single point, rendered as a disc).
package struct Mitochondrion: Equatable, Sendable {
    package enum Kind: Equatable, Sendable { case tubule, punctum }

    /// Tubules shorter than this (px) become puncta.
    package static let shortestTubule = 4.0

    package var centreline: [PlanePoint]
    /// Tubules: half the rendered width; puncta: the disc radius (px).
    package var radius: Double
    /// Peak fluorescence before optical blur, on the 8-bit scale.
    package var brightness: Double

    package init(centreline: [PlanePoint], radius: Double, brightness: Double) {
        precondition(!centreline.isEmpty, "a mitochondrion needs at least one point")
        self.centreline = centreline
        self.radius = radius
        self.brightness = brightness
    }

    package var kind: Kind { centreline.count == 1 ? .punctum : .tubule }

    /// Length of the centreline (px); 0 for a punctum.
    package var length: Double {
        var total = 0.0
        for i in centreline.indices.dropFirst() { total += centreline[i].distance(to: centreline[i - 1]) }
        return total
    }

    package var centroid: PlanePoint {
        var row = 0.0, col = 0.0
        for p in centreline {
            row += p.row
            col += p.col
        }
        let n = Double(centreline.count)
        return PlanePoint(row: row / n, col: col / n)
    }

    /// The free ends: both ends of a tubule, the centre of a punctum.
    package var ends: [PlanePoint] {
        centreline.count == 1 ? [centreline[0]] : [centreline[0], centreline[centreline.count - 1]]
    }

    mutating func translate(row: Double, col: Double) {
        for i in centreline.indices {
            centreline[i].row += row
            centreline[i].col += col
        }
    }

    /// Rotates the centreline by `angle` radians about its centroid.
    mutating func rotate(by angle: Double) {
        guard centreline.count > 1 else { return }
        let centre = centroid
        let c = cos(angle), s = sin(angle)
        for i in centreline.indices {
            let dr = centreline[i].row - centre.row, dc = centreline[i].col - centre.col
            centreline[i] = PlanePoint(row: centre.row + s * dc + c * dr, col: centre.col + c * dc - s * dr)
        }
    }

    /// A punctum at the centroid, the shape a short fragment rounds up into.
    func roundedUp() -> Mitochondrion {
        Mitochondrion(centreline: [centroid], radius: min(2.5, max(1.5, radius + 0.5 + 0.1 * length)),
                      brightness: brightness)
    }
}

/// Polylines resampled to points 1 px apart along their length, so that a
/// tubule's length is (points − 1) px and rendering is uniform along it.
enum Polyline {
    static func resampled(_ points: [PlanePoint], spacing: Double = 1) -> [PlanePoint] {
        guard points.count > 1 else { return points }
        var result = [points[0]]
        var carried = 0.0  // distance walked since the last emitted point
        for i in 1..<points.count {
            let a = points[i - 1], b = points[i]
            let segment = a.distance(to: b)
            guard segment > 0 else { continue }
            var along = spacing - carried
            while along <= segment {
                let f = along / segment
                result.append(PlanePoint(row: a.row + f * (b.row - a.row), col: a.col + f * (b.col - a.col)))
                along += spacing
            }
            carried = segment - (along - spacing)
        }
        if carried > 0.5 * spacing, let last = points.last { result.append(last) }
        return result
    }
}
