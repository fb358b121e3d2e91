import Foundation
import PlexusNumerics

/// The mitochondria of one simulated cell and the outline that confines them.
///
/// At frame 0 the cell holds 25–40 objects (scaled with the cell's area for
/// frames other than 256×256), about 70% of them tubules 8–40 px long traced as
/// persistent random walks, the rest puncta; no two objects closer than a few px.
/// `MitochondrialNetwork+Dynamics` moves them from frame to frame.
package struct MitochondrialNetwork: Sendable {
    package let outline: CellOutline
    /// The outline's current size relative to frame 0 (linear).
    package internal(set) var scale: Double = 1
    package internal(set) var objects: [Mitochondrion]
    /// Object count and mean tubule length at frame 0: the balance homeostasis restores.
    package let initialObjectCount: Int
    package let initialMeanTubuleLength: Double

    /// Objects keep this far (px) inside the outline.
    static let margin = 4.0
    /// Minimum distance (px) between centrelines of different objects at frame 0.
    static let spacing = 5.0

    package init(outline: CellOutline, objects: [Mitochondrion]) {
        self.outline = outline
        self.objects = objects
        initialObjectCount = objects.count
        initialMeanTubuleLength = Self.meanTubuleLength(objects)
    }

    /// A random network filling `outline`, for a `size`×`size` frame.
    package static func random(outline: CellOutline, size: Int, using generator: inout SeededRandom)
        -> MitochondrialNetwork {
        let areaFactor = Double(size * size) / (256.0 * 256.0)
        let target = max(3, Int((Double(25 + Int(generator.unit() * 16)) * areaFactor).rounded()))
        let longest = min(40, 0.8 * outline.semiMinor)
        var objects: [Mitochondrion] = []
        // Pixels within `spacing` of an accepted object: a new object must avoid them all.
        var occupied = [Bool](repeating: false, count: size * size)
        func pixel(_ p: PlanePoint) -> Int? {
            let r = Int(p.row.rounded()), c = Int(p.col.rounded())
            return r >= 0 && r < size && c >= 0 && c < size ? r * size + c : nil
        }
        var attempts = 0
        while objects.count < target && attempts < 50 * target {
            attempts += 1
            let object: Mitochondrion?
            // About 70% tubules: the walk fails more often than a punctum's placement,
            // so the kind follows the shortfall rather than a coin.
            if Double(objects.count { $0.kind == .tubule }) < 0.7 * Double(objects.count + 1) {
                let length = 8 + (longest - 8) * pow(generator.unit(), 1.3)
                object = randomTubule(length: length, outline: outline, using: &generator)
            } else {
                object = randomPunctum(outline: outline, using: &generator)
            }
            guard let object, object.centreline.allSatisfy({ pixel($0).map { !occupied[$0] } ?? false }) else { continue }
            objects.append(object)
            let reach = Int(spacing.rounded(.up))
            for p in object.centreline {
                let r0 = Int(p.row.rounded()), c0 = Int(p.col.rounded())
                for r in max(0, r0 - reach)...min(size - 1, r0 + reach) {
                    for c in max(0, c0 - reach)...min(size - 1, c0 + reach)
                    where hypot(Double(r) - p.row, Double(c) - p.col) < spacing {
                        occupied[r * size + c] = true
                    }
                }
            }
        }
        return MitochondrialNetwork(outline: outline, objects: objects)
    }

    static func randomBrightness(using generator: inout SeededRandom) -> Double {
        150 + 80 * generator.unit()
    }

    static func randomPunctum(outline: CellOutline, using generator: inout SeededRandom) -> Mitochondrion? {
        guard let centre = randomInteriorPoint(outline: outline, using: &generator) else { return nil }
        return Mitochondrion(centreline: [centre], radius: 1.5 + generator.unit(),
                             brightness: randomBrightness(using: &generator))
    }

    /// A persistent random walk with 1 px steps that turns back toward the centre
    /// when it would leave the cell.
    static func randomTubule(length: Double, outline: CellOutline, using generator: inout SeededRandom)
        -> Mitochondrion? {
        guard let start = randomInteriorPoint(outline: outline, using: &generator) else { return nil }
        var heading = 2 * Double.pi * generator.unit()
        var points = [start]
        let steps = Int(length.rounded())
        for _ in 0..<steps {
            var next: PlanePoint?
            for attempt in 0..<8 {
                if attempt > 0 {
                    let last = points[points.count - 1]
                    heading = atan2(outline.centreRow - last.row, outline.centreCol - last.col) + 0.6 * generator.simulationNormal()
                } else {
                    heading += 0.12 * generator.simulationNormal()
                }
                let last = points[points.count - 1]
                let candidate = PlanePoint(row: last.row + sin(heading), col: last.col + cos(heading))
                if outline.depth(row: candidate.row, col: candidate.col, scale: 1) >= margin {
                    next = candidate
                    break
                }
            }
            guard let next else { return nil }
            points.append(next)
        }
        return Mitochondrion(centreline: points, radius: 1.0 + 0.5 * generator.unit(),
                             brightness: randomBrightness(using: &generator))
    }

    static func randomInteriorPoint(outline: CellOutline, using generator: inout SeededRandom) -> PlanePoint? {
        let reach = outline.semiMajor * 1.2
        for _ in 0..<100 {
            let point = PlanePoint(row: outline.centreRow + reach * (2 * generator.unit() - 1),
                                   col: outline.centreCol + reach * (2 * generator.unit() - 1))
            if outline.depth(row: point.row, col: point.col, scale: 1) >= margin { return point }
        }
        return nil
    }

    // MARK: - Statistics

    package var tubuleCount: Int { objects.count { $0.kind == .tubule } }
    package var punctumCount: Int { objects.count { $0.kind == .punctum } }
    package var meanTubuleLength: Double { Self.meanTubuleLength(objects) }

    static func meanTubuleLength(_ objects: [Mitochondrion]) -> Double {
        let lengths = objects.filter { $0.kind == .tubule }.map(\.length)
        return lengths.isEmpty ? 0 : lengths.reduce(0, +) / Double(lengths.count)
    }
}
