import PlexusImaging
import PlexusNumerics

/// What is drawn over one processed frame of a cell: its mixture components,
/// the network's edges, the structural events of the frame and the cell's mask,
/// in pixels of the source video, as stored by ingest.
package struct FrameOverlay: Sendable {
    package struct Component: Sendable {
        package let k: Int
        package let weight: Double
        package let meanRow: Double
        package let meanCol: Double
        package let covRR: Double
        package let covRC: Double
        package let covCC: Double
        /// Holds less than one unit of intensity (a starved component of a fixed-K mixture).
        package let collapsed: Bool

        package init(k: Int, weight: Double, meanRow: Double, meanCol: Double, covRR: Double, covRC: Double,
                    covCC: Double, collapsed: Bool) {
            self.k = k
            self.weight = weight
            self.meanRow = meanRow
            self.meanCol = meanCol
            self.covRR = covRR
            self.covRC = covRC
            self.covCC = covCC
            self.collapsed = collapsed
        }

        /// The 1-SD ellipse: semi-axes (px) and the major axis's angle in
        /// radians from the column axis towards increasing rows.
        package var ellipse: (major: Double, minor: Double, angle: Double) {
            let xx = covCC, yy = covRR, xy = covRC
            let centre = (xx + yy) / 2
            let spread = (((xx - yy) / 2) * ((xx - yy) / 2) + xy * xy).squareRoot()
            let major = max(0, centre + spread).squareRoot(), minor = max(0, centre - spread).squareRoot()
            let angle = xy == 0 && xx >= yy ? 0 : 0.5 * atan2(2 * xy, xx - yy)
            return (major.isFinite ? major : 0, minor.isFinite ? minor : 0, angle.isFinite ? angle : 0)
        }
    }

    /// A pair of components with a stored edge in either direction.
    package struct Edge: Sendable {
        package let a: Int
        package let b: Int
        /// (W[a][b] + W[b][a]) / 2, a missing direction counting 0.
        package let weight: Double
        /// `weight` over the frame's strongest pair: in (0, 1].
        package let strength: Double
    }

    /// A birth, death, split or merge in effect from this frame on (table component_event).
    package struct Event: Sendable {
        package enum Kind: String, Sendable, CaseIterable { case birth, death, split, merge }
        package let k: Int
        package let kind: Kind
        package let otherK: Int?
        /// Where it is drawn: the component's mean in this frame, or for a
        /// death its mean in the last frame it was alive.
        package let row: Double
        package let col: Double

        package init(k: Int, kind: Kind, otherK: Int?, row: Double, col: Double) {
            self.k = k
            self.kind = kind
            self.otherK = otherK
            self.row = row
            self.col = col
        }
    }

    package let t: Int
    package let components: [Component]
    package let edges: [Edge]
    package let events: [Event]
    /// The cell's mask in this frame; nil for a whole-frame cell.
    package let mask: BinaryImage?

    /// `directed`: the frame's stored edges, paired here into undirected ones.
    package init(t: Int, components: [Component], directed: [(src: Int, dst: Int, weight: Double)], events: [Event],
                mask: BinaryImage?) {
        self.t = t
        self.components = components
        edges = Self.pairEdges(directed)
        self.events = events
        self.mask = mask
    }

    /// Pairs the stored directed edges into undirected ones with relative strengths.
    static func pairEdges(_ directed: [(src: Int, dst: Int, weight: Double)]) -> [Edge] {
        var sums: [Pair: Double] = [:]
        for edge in directed where edge.weight.isFinite && edge.weight > 0 {
            sums[Pair(min(edge.src, edge.dst), max(edge.src, edge.dst)), default: 0] += edge.weight / 2
        }
        let strongest = sums.values.max() ?? 0
        guard strongest > 0 else { return [] }
        return sums.map { Edge(a: $0.key.a, b: $0.key.b, weight: $0.value, strength: $0.value / strongest) }
            .sorted { $0.strength != $1.strength ? $0.strength < $1.strength : ($0.a, $0.b) < ($1.a, $1.b) }
    }

    private struct Pair: Hashable {
        let a: Int, b: Int
        init(_ a: Int, _ b: Int) { self.a = a; self.b = b }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
