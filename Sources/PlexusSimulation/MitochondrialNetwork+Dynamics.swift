import Foundation
import PlexusNumerics

/// One frame of dynamics: the cell resizes and carries its objects with it; each
/// object drifts (Brownian), turns slowly and moves toward a nearby free end;
/// tubules split (fission), short tubules round up into puncta, and objects
/// whose ends meet join (fusion); everything stays inside the cell.
extension MitochondrialNetwork {
    package struct StepEvents: Equatable, Sendable {
        package var fissions = 0
        package var fusions = 0
    }

    /// Brownian step per frame and axis (px).
    static let driftSigma = 0.3
    /// Rotation per frame about the centroid (radians).
    static let rotationSigma = 0.02
    /// Ends closer than this (px) may fuse.
    static let fusionDistance = 3.0
    /// An object feels the nearest foreign end within this distance (px).
    static let attractionRadius = 15.0
    /// Tubules shorter than this (px) may round up into puncta.
    static let roundingLength = 10.0

    /// Advances one frame under `rates`, with the outline at `newScale` (relative
    /// to frame 0) afterwards.
    package mutating func step(rates: DynamicsRates, newScale: Double, using generator: inout SeededRandom)
        -> StepEvents {
        var fissionFactor = 1.0, fusionFactor = 1.0
        if rates.homeostatic { (fissionFactor, fusionFactor) = homeostasis() }
        resize(to: newScale)
        move(attractionSpeed: rates.attractionSpeed * min(fusionFactor, 3), using: &generator)
        var events = StepEvents()
        events.fissions = fission(probabilityPer20Pixels: rates.fissionPer20Pixels * fissionFactor, using: &generator)
        roundUp(probability: rates.roundingProbability, using: &generator)
        events.fusions = fusion(probability: min(1, rates.fusionProbability * fusionFactor), using: &generator)
        for i in objects.indices { confine(&objects[i]) }
        return events
    }

    /// Fission and fusion multipliers that push the object count and the mean
    /// tubule length back toward their frame-0 values. The steep powers are what
    /// keep the control within ±30% in count over 60 frames: fusion depends on
    /// encounters, so a gentle correction lets the count drift down (measured).
    func homeostasis() -> (fission: Double, fusion: Double) {
        let countRatio = Double(max(objects.count, 1)) / Double(max(initialObjectCount, 1))
        let lengthRatio = initialMeanTubuleLength > 0 && meanTubuleLength > 0
            ? meanTubuleLength / initialMeanTubuleLength : 1
        let fission = min(10, max(0.1, pow(lengthRatio, 6) / pow(countRatio, 4)))
        return (fission, 1 / fission)
    }

    mutating func resize(to newScale: Double) {
        guard newScale != scale else { return }
        let factor = newScale / scale
        scale = newScale
        for i in objects.indices {
            let centre = objects[i].centroid
            objects[i].translate(row: (centre.row - outline.centreRow) * (factor - 1),
                                 col: (centre.col - outline.centreCol) * (factor - 1))
            confine(&objects[i])
        }
    }

    mutating func move(attractionSpeed: Double, using generator: inout SeededRandom) {
        // Attraction uses the positions before anything moves, so the order of the
        // objects does not matter.
        var pulls = [(row: Double, col: Double)](repeating: (0, 0), count: objects.count)
        if attractionSpeed > 0 {
            let ends = objects.indices.flatMap { i in objects[i].ends.map { (object: i, point: $0) } }
            for i in objects.indices {
                guard let nearest = nearestForeignEnd(of: i, among: ends), nearest.distance > 1 else { continue }
                let step = min(attractionSpeed, nearest.distance - 1) / nearest.distance
                pulls[i] = (nearest.offset.row * step, nearest.offset.col * step)
            }
        }
        for i in objects.indices {
            objects[i].rotate(by: Self.rotationSigma * generator.simulationNormal())
            objects[i].translate(row: pulls[i].row + Self.driftSigma * generator.simulationNormal(),
                                 col: pulls[i].col + Self.driftSigma * generator.simulationNormal())
            confine(&objects[i])
        }
    }

    /// The nearest end of another object within the attraction radius, as the
    /// offset from this object's end to it.
    func nearestForeignEnd(of i: Int, among ends: [(object: Int, point: PlanePoint)])
        -> (distance: Double, offset: (row: Double, col: Double))? {
        var best: (distance: Double, offset: (row: Double, col: Double))?
        let reach = Self.attractionRadius
        for own in objects[i].ends {
            for (j, other) in ends where j != i && abs(other.row - own.row) < reach && abs(other.col - own.col) < reach {
                let d = own.distance(to: other)
                if d < reach && d < (best?.distance ?? .infinity) {
                    best = (d, (other.row - own.row, other.col - own.col))
                }
            }
        }
        return best
    }

    /// Splits tubules at a random interior point; pieces shorter than
    /// `Mitochondrion.shortestTubule` round up into puncta. Returns the number of splits.
    mutating func fission(probabilityPer20Pixels: Double, using generator: inout SeededRandom) -> Int {
        guard probabilityPer20Pixels > 0 else { return 0 }
        var result: [Mitochondrion] = []
        var splits = 0
        for object in objects {
            let n = object.centreline.count
            let probability = min(0.9, probabilityPer20Pixels * object.length / 20)
            guard n >= 7, generator.unit() < probability else {
                result.append(object)
                continue
            }
            // The pieces part by 1 px each along the tubule: a 3 px gap, no mass lost.
            let k = 2 + Int(generator.unit() * Double(n - 3))  // 2...n-2
            let before = object.centreline[k - 1], after = object.centreline[k]
            let gap = before.distance(to: after)
            let push = gap > 0 ? 1 / gap : 0
            var first = object, second = object
            first.centreline = Array(object.centreline[..<k])
            second.centreline = Array(object.centreline[k...])
            first.translate(row: (before.row - after.row) * push, col: (before.col - after.col) * push)
            second.translate(row: (after.row - before.row) * push, col: (after.col - before.col) * push)
            for piece in [first, second] {
                result.append(piece.length < Mitochondrion.shortestTubule ? piece.roundedUp() : piece)
            }
            splits += 1
        }
        objects = result
        return splits
    }

    mutating func roundUp(probability: Double, using generator: inout SeededRandom) {
        guard probability > 0 else { return }
        for i in objects.indices where objects[i].kind == .tubule && objects[i].length < Self.roundingLength {
            if generator.unit() < probability { objects[i] = objects[i].roundedUp() }
        }
    }

    /// Joins pairs of objects whose ends are within the fusion distance, closest
    /// pairs first, each object at most once per frame. Returns the number of joins.
    mutating func fusion(probability: Double, using generator: inout SeededRandom) -> Int {
        guard probability > 0 else { return 0 }
        var candidates: [(distance: Double, i: Int, iEnd: Int, j: Int, jEnd: Int)] = []
        let reach = Self.fusionDistance
        let ends = objects.map(\.ends)
        for i in objects.indices {
            let endsI = ends[i]
            for j in (i + 1)..<objects.count {
                let endsJ = ends[j]
                for (a, p) in endsI.enumerated() {
                    for (b, q) in endsJ.enumerated() where abs(p.row - q.row) <= reach && abs(p.col - q.col) <= reach {
                        let d = p.distance(to: q)
                        if d <= reach { candidates.append((d, i, a, j, b)) }
                    }
                }
            }
        }
        candidates.sort { ($0.distance, $0.i, $0.iEnd, $0.j, $0.jEnd) < ($1.distance, $1.i, $1.iEnd, $1.j, $1.jEnd) }
        var used = Set<Int>()
        var merged: [Int: Mitochondrion] = [:]
        for candidate in candidates where !used.contains(candidate.i) && !used.contains(candidate.j) {
            guard generator.unit() < probability else { continue }
            used.insert(candidate.i)
            used.insert(candidate.j)
            merged[candidate.i] = Self.join(objects[candidate.i], end: candidate.iEnd,
                                            objects[candidate.j], end: candidate.jEnd)
        }
        guard !used.isEmpty else { return 0 }
        var result: [Mitochondrion] = []
        for i in objects.indices {
            if let joined = merged[i] {
                result.append(joined)
            } else if !used.contains(i) {
                result.append(objects[i])
            }
        }
        objects = result
        return merged.count
    }

    /// One object from `a` and `b`, bridged straight between the given ends
    /// (index into `ends`: 0 the first point, 1 the last).
    static func join(_ a: Mitochondrion, end aEnd: Int, _ b: Mitochondrion, end bEnd: Int) -> Mitochondrion {
        let first = aEnd == 0 ? Array(a.centreline.reversed()) : a.centreline
        let second = bEnd == 0 || b.centreline.count == 1 ? b.centreline : Array(b.centreline.reversed())
        let centreline = Polyline.resampled(first + second)
        let weightA = a.length + 1, weightB = b.length + 1
        let brightness = (a.brightness * weightA + b.brightness * weightB) / (weightA + weightB)
        let radius: Double
        switch (a.kind, b.kind) {
        case (.tubule, .tubule): radius = (a.radius * weightA + b.radius * weightB) / (weightA + weightB)
        case (.tubule, .punctum): radius = a.radius
        case (.punctum, .tubule): radius = b.radius
        case (.punctum, .punctum): radius = 1.25
        }
        let joined = Mitochondrion(centreline: centreline, radius: radius, brightness: brightness)
        if joined.length < Mitochondrion.shortestTubule {
            // Two puncta (or a punctum and a stub) merge into one larger punctum.
            var punctum = joined.roundedUp()
            punctum.radius = min(2.5, max(a.radius, b.radius, (a.radius * a.radius + b.radius * b.radius).squareRoot()))
            return punctum
        }
        return joined
    }

    /// Moves `object` back inside the outline (at the current scale, with the
    /// margin), toward the centre; a shape too large to fit is pressed in point by point.
    func confine(_ object: inout Mitochondrion) {
        for _ in 0..<8 {
            var worst: (excess: Double, point: PlanePoint)?
            for p in object.centreline {
                let excess = Self.margin - outline.depth(row: p.row, col: p.col, scale: scale)
                if excess > 0 && excess > (worst?.excess ?? 0) { worst = (excess, p) }
            }
            guard let worst else { return }
            let dr = outline.centreRow - worst.point.row, dc = outline.centreCol - worst.point.col
            let distance = max(hypot(dr, dc), 1e-9)
            let shift = (worst.excess + 0.25) / distance
            object.translate(row: dr * shift, col: dc * shift)
        }
        for i in object.centreline.indices {
            let p = object.centreline[i]
            let excess = Self.margin - outline.depth(row: p.row, col: p.col, scale: scale)
            guard excess > 0 else { continue }
            let dr = outline.centreRow - p.row, dc = outline.centreCol - p.col
            let shift = min(1, (excess + 0.25) / max(hypot(dr, dc), 1e-9))
            object.centreline[i] = PlanePoint(row: p.row + dr * shift, col: p.col + dc * shift)
        }
    }
}
