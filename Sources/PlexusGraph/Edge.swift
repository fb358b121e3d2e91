/// One directed edge src → dst with weight W[src][dst] > 0, src ≠ dst.
package struct Edge: Equatable, Sendable {
    package let source: Int
    package let target: Int
    package let weight: Double

    package init(source: Int, target: Int, weight: Double) {
        self.source = source
        self.target = target
        self.weight = weight
    }
}
