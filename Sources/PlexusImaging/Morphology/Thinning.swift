import PlexusNumerics

/// Thinning to a one-pixel-wide skeleton by Guo and Hall's two-subiteration
/// parallel algorithm (Guo & Hall 1989, "Parallel thinning with two-subiteration
/// algorithms", Comm. ACM 32(3), algorithm A1) — the algorithm of
/// scikit-image's `skimage.morphology.thin`, which gives the same pixels.
///
/// Why not Zhang–Suen: as published it deletes 2 × 2 squares and two-pixel-thick
/// diagonals entirely, so small puncta would vanish from the skeleton; and
/// scikit-image's `skeletonize` uses a lookup table that is not the published
/// Zhang–Suen conditions (it differs from them in at least 23 of the 256
/// neighbourhoods, whatever the rotation or reflection), so it cannot be written
/// from a definition. Guo–Hall is a published improvement of
/// Zhang–Suen that keeps 8-connectivity and 2 × 2 squares (a square thins to one
/// pixel) and does not shorten line ends, and it can be checked pixel for pixel.
///
/// With x1 … x8 the neighbours counter-clockwise from east (E, NE, N, NW, W, SW,
/// S, SE), a foreground pixel is deleted in a subiteration when
/// - G1: C(P) = 1, where C(P) counts i ∈ 1…4 with x(2i−1) = 0 and (x(2i) = 1 or
///   x(2i+1) = 1) (x9 = x1);
/// - G2: 2 ≤ min(N1, N2) ≤ 3, where N1 = Σ x(2k−1) ∨ x(2k) and
///   N2 = Σ x(2k) ∨ x(2k+1), k = 1…4;
/// - G3 (first subiteration): (x2 ∨ x3 ∨ ¬x8) ∧ x1 = 0;
///   G3′ (second): (x6 ∨ x7 ∨ ¬x4) ∧ x5 = 0.
/// Each subiteration decides all deletions on the image as it was at its start;
/// the two alternate until an iteration deletes nothing. Outside the image is
/// background.
package enum Thinning {
    package static func guoHall(_ image: BinaryImage) -> BinaryImage {
        guoHall(PaddedGrid<UInt8>(image)).binaryImage()
    }

    static func guoHall(_ image: PaddedGrid<UInt8>) -> PaddedGrid<UInt8> {
        var grid = image
        let stride = grid.stride
        let fourNeighbours = [1, -1, stride, -stride]
        // Only border pixels (a 4-neighbour in the background) can satisfy G1, and
        // a pixel becomes one only when a 4-neighbour is deleted: they are the
        // only candidates.
        var isCandidate = [Bool](repeating: false, count: grid.cells.count)
        var candidates: [Int] = []
        grid.cells.withUnsafeBufferPointer { cells in
            for index in grid.occupiedIndices()
            where cells[index - 1] == 0 || cells[index + 1] == 0 || cells[index - stride] == 0 || cells[index + stride] == 0 {
                isCandidate[index] = true
                candidates.append(index)
            }
        }
        var deletions: [Int] = []
        var changed = true
        while changed {
            changed = false
            for table in [firstSubiteration, secondSubiteration] {
                deletions.removeAll(keepingCapacity: true)
                grid.cells.withUnsafeBufferPointer { cells in
                    table.withUnsafeBufferPointer { deletable in
                        // Cells are 0 or 1, so the code is built without branches.
                        for index in candidates {
                            let above = index - stride, below = index + stride
                            var code: Int = Int(cells[index + 1])
                            code |= Int(cells[above + 1]) << 1
                            code |= Int(cells[above]) << 2
                            code |= Int(cells[above - 1]) << 3
                            code |= Int(cells[index - 1]) << 4
                            code |= Int(cells[below - 1]) << 5
                            code |= Int(cells[below]) << 6
                            code |= Int(cells[below + 1]) << 7
                            if deletable[code] { deletions.append(index) }
                        }
                    }
                }
                guard !deletions.isEmpty else { continue }
                changed = true
                for index in deletions { grid.cells[index] = 0 }
                candidates.removeAll { grid.cells[$0] == 0 }
                for index in deletions {
                    for offset in fourNeighbours where grid.cells[index + offset] != 0 && !isCandidate[index + offset] {
                        let neighbour = index + offset
                        isCandidate[neighbour] = true
                        candidates.append(neighbour)
                    }
                }
            }
        }
        return grid
    }

    /// Deletion decisions by neighbourhood code (bit i − 1 set when x_i is foreground).
    private static let firstSubiteration = table(subiteration: 1)
    private static let secondSubiteration = table(subiteration: 2)

    private static func table(subiteration: Int) -> [Bool] {
        (0..<256).map { code in
            // x[1] … x[8], with x[9] = x[1] for the wrap-around.
            let x = [false] + (0..<8).map { code & (1 << $0) != 0 } + [code & 1 != 0]
            var connectivity = 0
            for i in 1...4 where !x[2 * i - 1] && (x[2 * i] || x[2 * i + 1]) { connectivity += 1 }
            var n1 = 0, n2 = 0
            for k in 1...4 {
                if x[2 * k - 1] || x[2 * k] { n1 += 1 }
                if x[2 * k] || x[2 * k + 1] { n2 += 1 }
            }
            let g3 = subiteration == 1
                ? !((x[2] || x[3] || !x[8]) && x[1])
                : !((x[6] || x[7] || !x[4]) && x[5])
            return connectivity == 1 && (2...3).contains(min(n1, n2)) && g3
        }
    }
}
