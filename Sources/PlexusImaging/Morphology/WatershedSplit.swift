import PlexusNumerics

/// Splits touching objects of a thresholded foreground where the intensity
/// dips between them: a watershed of the (smoothed) intensity from its maxima,
/// keeping only maxima whose dynamic is at least `h`.
///
/// Pixels of the foreground are flooded from the brightest down (union–find
/// over 8-neighbours). When a pixel joins two basins, the one whose peak rises
/// less than `h` above this pixel (a bump of noise, or a tubule's uneven
/// brightness) is merged into the other; two basins that both rise at least `h`
/// above the pass between them stay apart, as marker-controlled watershed on
/// h-maxima does. The result is the foreground with a one-pixel cut wherever
/// two basins touch, so that the 8-connected objects of it are the basins.
///
/// A threshold joins fragments whose blurred images overlap above it; this
/// separates those whose images still show two peaks (the "touching puncta"
/// that MiNA's global threshold counts as one object).
package enum WatershedSplit {
    package static func split(_ foreground: BinaryImage, intensities image: Image, dynamic h: Double) -> BinaryImage {
        precondition(foreground.width == image.width && foreground.height == image.height, "sizes differ")
        let width = foreground.width, height = foreground.height
        let pixels = foreground.pixels
        let value = image.pixels
        // Brightest first, ties by index (a radix sort of the values' bits).
        let order = RadixSort.indicesByDescendingValue(value, where: pixels)
        guard order.count > 1 else { return foreground }

        // parent[i] = i for a root; -1 for pixels not yet flooded.
        var parent = [Int32](repeating: -1, count: pixels.count)
        var peak = [Float](repeating: 0, count: pixels.count)
        let threshold = Float(h)
        var separated = false
        // Unsafe buffers inside one closure: the union–find's arrays captured by
        // a nested function would be reached through boxes on every access.
        // Indices come from `order` and from neighbours checked against the frame.
        parent.withUnsafeMutableBufferPointer { parent in
        peak.withUnsafeMutableBufferPointer { peak in
        value.withUnsafeBufferPointer { value in
            func root(_ i: Int) -> Int {
                var r = i
                while Int(parent[r]) != r { r = Int(parent[r]) }
                var j = i
                while Int(parent[j]) != r {
                    let next = Int(parent[j])
                    parent[j] = Int32(truncatingIfNeeded: r)
                    j = next
                }
                return r
            }
            var roots: [Int] = []
            roots.reserveCapacity(8)
            for p in order {
                roots.removeAll(keepingCapacity: true)
                forEachNeighbour(of: p, width: width, height: height) { q in
                    if parent[q] >= 0 {
                        let rq = root(q)
                        if !roots.contains(rq) { roots.append(rq) }
                    }
                    return true
                }
                guard !roots.isEmpty else {
                    parent[p] = Int32(truncatingIfNeeded: p)
                    peak[p] = value[p]
                    continue
                }
                // Merge every insignificant basin into the highest one it meets here.
                roots.sort { peak[$0] > peak[$1] }
                let highest = Int32(truncatingIfNeeded: roots[0])
                for r in roots.dropFirst() {
                    if peak[r] - value[p] < threshold {
                        // Into the highest basin: a bump joins the structure it sits on.
                        parent[r] = highest
                    } else {
                        separated = true
                    }
                }
                // The pixel belongs to the highest basin it touches.
                parent[p] = highest
            }
        }}}

        // No two basins ever met with both significant: nothing to cut.
        guard separated else { return foreground }
        // Every pixel's basin: its root (no merge happens any more, so the path
        // to it needs no compression).
        var basin = [Int32](repeating: -1, count: pixels.count)
        for p in order {
            var r = p
            while Int(parent[r]) != r { r = Int(parent[r]) }
            basin[p] = Int32(truncatingIfNeeded: r)
        }
        var result = pixels
        for p in order {
            let label = basin[p]
            // Cut the pixels of the later-numbered basin where two basins touch.
            forEachNeighbour(of: p, width: width, height: height) { q in
                guard result[q], basin[q] != label, label > basin[q] else { return true }
                result[p] = false
                return false
            }
        }
        return BinaryImage(width: width, height: height, pixels: result)
    }

    /// Calls `body` with each 8-neighbour of pixel `p` inside a `width` ×
    /// `height` frame, in row-major order, until it returns false.
    @inline(__always)
    private static func forEachNeighbour(of p: Int, width: Int, height: Int, _ body: (Int) -> Bool) {
        let row = p / width, col = p % width
        for r in max(0, row - 1)...min(height - 1, row + 1) {
            for c in max(0, col - 1)...min(width - 1, col + 1) where r != row || c != col {
                if !body(r * width + c) { return }
            }
        }
    }
}
