import PlexusImaging
import PlexusNumerics

/// The pixels of one cell as an intensity-weighted sample: each pixel is a point
/// (row, col) with weight equal to its intensity, which gives exactly the
/// sufficient statistics of the published method's point cloud (every pixel
/// repeated as many times as its 8-bit intensity) without materialising it.
///
/// Pixels are grouped in square tiles so that, per tile, the EM can skip the
/// components too far away to matter (see `WeightedEM`).
package struct WeightedSamples: Sendable {
    package static let tileSize = 16

    /// Coordinates and weights, tile after tile.
    package private(set) var rows: [Double] = []
    package private(set) var cols: [Double] = []
    package private(set) var weights: [Double] = []
    /// Tile t holds samples `tileStart[t] ..< tileStart[t + 1]`.
    package private(set) var tileStart: [Int] = [0]
    /// Bounding box of each tile's samples: min row, max row, min col, max col.
    package private(set) var tileBounds: [(Double, Double, Double, Double)] = []
    package private(set) var totalWeight: Double = 0

    package var count: Int { weights.count }
    package var tileCount: Int { tileBounds.count }

    /// Samples from `image` where `mask` is true (all pixels when nil); pixels of
    /// zero intensity carry no weight and are left out. `maskExtent`: a
    /// rectangle known to hold the whole mask (`BinaryImage.extent`), if any.
    package init(image: Image, mask: [Bool]? = nil, maskExtent: BinaryImage.Rectangle? = nil) {
        let size = Self.tileSize
        let width = image.width, height = image.height
        // With a mask, only its pixels can be samples: the buffers hold as many,
        // and only the tiles over its bounding box are visited (the same tiles,
        // in the same order, as over the whole frame).
        var capacity = width * height
        var firstRow = 0, lastRow = height - 1, firstCol = 0, lastCol = width - 1
        if let mask {
            precondition(mask.count == capacity, "mask size")
            var count = 0
            firstRow = 0; lastRow = -1; firstCol = 0; lastCol = -1
            if let box = BinaryImage.bounds(of: mask, width: width, height: height, within: maskExtent) {
                (firstRow, lastRow, firstCol, lastCol) = (box.top, box.bottom - 1, box.left, box.right - 1)
                mask.withUnsafeBufferPointer { mask in
                    for r in box.top..<box.bottom {
                        let line = r &* width
                        for c in box.left..<box.right { count &+= mask[line &+ c] ? 1 : 0 }
                    }
                }
            }
            capacity = count
        }
        var rows = [Double](repeating: 0, count: capacity)
        var cols = [Double](repeating: 0, count: capacity)
        var weights = [Double](repeating: 0, count: capacity)
        var n = 0
        var total = 0.0
        rows.withUnsafeMutableBufferPointer { rowOut in
        cols.withUnsafeMutableBufferPointer { colOut in
        weights.withUnsafeMutableBufferPointer { weightOut in
        let masked = mask != nil
        (mask ?? []).withUnsafeBufferPointer { mask in
        image.pixels.withUnsafeBufferPointer { pixels in
            for tileRow in stride(from: firstRow / size * size, through: lastRow, by: size) {
                for tileCol in stride(from: firstCol / size * size, through: lastCol, by: size) {
                    let start = n
                    var bounds = (Double.infinity, -Double.infinity, Double.infinity, -Double.infinity)
                    for r in tileRow..<min(tileRow + size, height) {
                        var first = Int.max, last = Int.min
                        for c in tileCol..<min(tileCol + size, width) {
                            let i = r &* width &+ c   // inside the image: cannot wrap
                            if masked && !mask[i] { continue }
                            let w = Double(pixels[i])
                            guard w > 0 else { continue }
                            rowOut[n] = Double(r); colOut[n] = Double(c); weightOut[n] = w
                            n &+= 1
                            total += w
                            first = min(first, c); last = max(last, c)
                        }
                        if first <= last {
                            bounds = (min(bounds.0, Double(r)), Double(r),
                                      min(bounds.2, Double(first)), max(bounds.3, Double(last)))
                        }
                    }
                    if n > start {
                        tileStart.append(n)
                        tileBounds.append(bounds)
                    }
                }
            }
        }}}}}
        rows.removeLast(capacity - n)
        cols.removeLast(capacity - n)
        weights.removeLast(capacity - n)
        self.rows = rows
        self.cols = cols
        self.weights = weights
        totalWeight = total
    }

    /// Arbitrary weighted points (tests, and data that is not a pixel grid):
    /// grouped into tiles by position like pixels are.
    package init(points: [(row: Double, col: Double, weight: Double)]) {
        let size = Double(Self.tileSize)
        let keyed = points.filter { $0.weight > 0 }.map { point in
            (key: [Int((point.row / size).rounded(.down)), Int((point.col / size).rounded(.down))], point: point)
        }.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        var index = 0
        while index < keyed.count {
            let key = keyed[index].key
            var bounds = (Double.infinity, -Double.infinity, Double.infinity, -Double.infinity)
            while index < keyed.count && keyed[index].key == key {
                let p = keyed[index].point
                rows.append(p.row); cols.append(p.col); weights.append(p.weight)
                totalWeight += p.weight
                bounds = (min(bounds.0, p.row), max(bounds.1, p.row), min(bounds.2, p.col), max(bounds.3, p.col))
                index += 1
            }
            tileStart.append(weights.count)
            tileBounds.append(bounds)
        }
    }
}

extension WeightedSamples {
    /// The weight at pixel (row, col): that of the last sample whose
    /// coordinates truncate to it, 0 when there is none. A search of the tiles
    /// whose bounds can hold it, for the few pixels a caller asks about (a
    /// frame's worth of lookups wants a grid instead).
    package func weight(row: Int, col: Int) -> Double {
        let r = Double(row), c = Double(col)
        var found = 0.0
        for tile in 0..<tileCount {
            let bounds = tileBounds[tile]
            // Truncation toward zero: a sample at row x has Int(x) == row only when |x − row| < 1.
            guard bounds.0 < r + 1, bounds.1 > r - 1, bounds.2 < c + 1, bounds.3 > c - 1 else { continue }
            for i in tileStart[tile]..<tileStart[tile + 1] where Int(rows[i]) == row && Int(cols[i]) == col {
                found = weights[i]
            }
        }
        return found
    }

    /// The samples of the tiles whose bounding boxes meet the box
    /// (min row, max row, min col, max col): a local region for a partial refit.
    package func restricted(to box: (Double, Double, Double, Double)) -> WeightedSamples {
        var local = WeightedSamples(points: [])
        for tile in 0..<tileCount {
            let bounds = tileBounds[tile]
            guard bounds.1 >= box.0, bounds.0 <= box.1, bounds.3 >= box.2, bounds.2 <= box.3 else { continue }
            let range = tileStart[tile]..<tileStart[tile + 1]
            local.rows.append(contentsOf: rows[range])
            local.cols.append(contentsOf: cols[range])
            local.weights.append(contentsOf: weights[range])
            local.tileStart.append(local.weights.count)
            local.tileBounds.append(bounds)
            local.totalWeight += weights[range].reduce(0, +)
        }
        return local
    }
}
