import Foundation
import PlexusNumerics

extension BinaryImage {
    /// A binary raster of one rectangle of the frame, one byte (0 or 1) per
    /// pixel: the working form of the mask operations, which only ever touch
    /// the neighbourhood of a cell.
    ///
    /// Structuring elements are discs {(dy, dx) : dx² + dy² ≤ r²} (scikit-image's
    /// `disk(r)`). Dilation by r is exact at the cost of 2r + 1 byte passes per
    /// pixel (a per-row distance to the nearest set pixel, then one comparison
    /// per disc row), loops that vectorise; it stays cheap for the radii used.
    struct Raster: Equatable {
        let rectangle: Rectangle
        var bits: [UInt8]

        var width: Int { rectangle.width }
        var height: Int { rectangle.height }

        init(rectangle: Rectangle, bits: [UInt8]) {
            precondition(bits.count == rectangle.width * rectangle.height, "bit count must match the rectangle")
            self.rectangle = rectangle
            self.bits = bits
        }

        /// The part of `mask` inside `rectangle`.
        init(_ mask: BinaryImage, in rectangle: Rectangle) {
            precondition(rectangle.top >= 0 && rectangle.left >= 0 && rectangle.bottom <= mask.height
                         && rectangle.right <= mask.width, "rectangle outside the mask")
            var bits = [UInt8](repeating: 0, count: rectangle.width * rectangle.height)
            mask.pixels.withUnsafeBufferPointer { source in
                bits.withUnsafeMutableBufferPointer { target in
                    for r in 0..<rectangle.height {
                        let from = (rectangle.top + r) * mask.width + rectangle.left
                        let to = r * rectangle.width
                        for c in 0..<rectangle.width { target[to &+ c] = source[from &+ c] ? 1 : 0 }
                    }
                }
            }
            self.init(rectangle: rectangle, bits: bits)
        }

        func inverted() -> Raster {
            // A loop over the buffer, which vectorises (`map` goes a byte at a time).
            var flipped = bits
            flipped.withUnsafeMutableBufferPointer { bits in
                for i in 0..<bits.count { bits[i] ^= 1 }
            }
            return Raster(rectangle: rectangle, bits: flipped)
        }

        static func & (a: Raster, b: Raster) -> Raster {
            precondition(a.rectangle == b.rectangle, "rasters of different rectangles")
            var bits = a.bits
            bits.withUnsafeMutableBufferPointer { target in
                b.bits.withUnsafeBufferPointer { other in
                    for i in 0..<target.count { target[i] &= other[i] }
                }
            }
            return Raster(rectangle: a.rectangle, bits: bits)
        }

        /// The largest dx with dx² + dy² ≤ r², for dy = 0...r: the disc's half-widths.
        static func halfWidths(radius: Int) -> [UInt8] {
            (0...radius).map { dy in
                var dx = Int(Double(radius * radius - dy * dy).squareRoot())
                while dx * dx + dy * dy > radius * radius { dx -= 1 }
                while (dx + 1) * (dx + 1) + dy * dy <= radius * radius { dx += 1 }
                return UInt8(dx)
            }
        }

        /// Dilation by a disc; pixels outside the rectangle count as unset.
        ///
        /// Per column, the distance to the nearest set pixel of that column
        /// (capped at radius + 1) is swept down and up a row at a time; then a
        /// pixel is covered when, for some column offset dx, that distance is
        /// within the disc's half-height at dx. Both steps run along rows, so
        /// every inner loop is contiguous and independent (it vectorises).
        func dilated(by radius: Int) -> Raster {
            guard radius > 0, !bits.isEmpty else { return self }
            precondition(radius < 255, "radius must be below 255")
            let width = self.width, height = self.height
            let cap = UInt8(radius + 1)
            var distance = [UInt8](repeating: cap, count: bits.count)
            bits.withUnsafeBufferPointer { b in
                distance.withUnsafeMutableBufferPointer { d in
                    for c in 0..<width { d[c] = b[c] != 0 ? 0 : cap }
                    for r in 1..<max(1, height) {
                        let line = r * width, above = line - width
                        for c in 0..<width {
                            let next = min(d[above &+ c] &+ 1, cap)
                            d[line &+ c] = b[line &+ c] != 0 ? 0 : next
                        }
                    }
                    for r in stride(from: height - 2, through: 0, by: -1) {
                        let line = r * width, below = line + width
                        for c in 0..<width { d[line &+ c] = min(d[line &+ c], min(d[below &+ c] &+ 1, cap)) }
                    }
                }
            }
            let halfWidths = Self.halfWidths(radius: radius)
            var output = [UInt8](repeating: 0, count: bits.count)
            distance.withUnsafeBufferPointer { d in
                output.withUnsafeMutableBufferPointer { o in
                    for dx in -radius...radius {
                        let reach = halfWidths[abs(dx)]
                        // Columns c whose neighbour c + dx is inside the rectangle.
                        let first = max(0, -dx), last = min(width, width - dx)
                        guard first < last else { continue }
                        for r in 0..<height {
                            let line = r * width
                            // Wrapping arithmetic: first..<last keeps every index inside, and
                            // an overflow check per pixel would stop the loop vectorising.
                            let shifted = line &+ dx
                            for c in first..<last { o[line &+ c] |= d[shifted &+ c] <= reach ? 1 : 0 }
                        }
                    }
                }
            }
            return Raster(rectangle: rectangle, bits: output)
        }

        /// Erosion by a disc. Pixels outside the rectangle count as set, so the
        /// frame's border does not erode a cell that touches it; callers keep a
        /// margin of radius + 1 unset pixels elsewhere.
        func eroded(by radius: Int) -> Raster {
            guard radius > 0 else { return self }
            return inverted().dilated(by: radius).inverted()
        }

        /// Opening: erosion, then dilation, by the same disc (removes specks and
        /// threads thinner than the disc, keeps the rest).
        func opened(by radius: Int) -> Raster {
            eroded(by: radius).dilated(by: radius)
        }

        /// With its holes filled: unset pixels that no 4-connected path of unset
        /// pixels joins to the rectangle's edge are set (a nucleus without
        /// organelles is still part of its cell).
        func filledHoles() -> Raster {
            let width = self.width, height = self.height
            guard width > 2 && height > 2 else { return self }
            // 0: unset, not reached; 1: set; 2: unset, reached from the edge.
            var state = bits
            state.withUnsafeMutableBufferPointer { s in
                // A scanline fill: each seed is widened to its whole run of unset
                // pixels in its row, and the rows above and below get one seed per
                // unset run beside it (4-connected). The stack lives inside the
                // closure: captured from outside, every append would pay a
                // dynamic exclusivity check. Indices stay inside the raster.
                var seeds: [Int] = []
                func seedRuns(row: Int, from left: Int, to right: Int) {
                    let line = row &* width
                    var c = left
                    while c <= right {
                        if s[line &+ c] == 0 {
                            seeds.append(line &+ c)
                            while c <= right && s[line &+ c] == 0 { c &+= 1 }
                        } else {
                            c &+= 1
                        }
                    }
                }
                seedRuns(row: 0, from: 0, to: width - 1)
                seedRuns(row: height - 1, from: 0, to: width - 1)
                for r in 1..<(height - 1) {
                    if s[r &* width] == 0 { seeds.append(r &* width) }
                    if s[r &* width &+ width &- 1] == 0 { seeds.append(r &* width &+ width &- 1) }
                }
                while let i = seeds.popLast() {
                    guard s[i] == 0 else { continue }
                    let r = i / width, line = r &* width
                    var left = i &- line, right = left
                    while left > 0 && s[line &+ left &- 1] == 0 { left &-= 1 }
                    while right < width &- 1 && s[line &+ right &+ 1] == 0 { right &+= 1 }
                    for c in left...right { s[line &+ c] = 2 }
                    if r > 0 { seedRuns(row: r &- 1, from: left, to: right) }
                    if r < height &- 1 { seedRuns(row: r &+ 1, from: left, to: right) }
                }
                for i in 0..<s.count { s[i] = s[i] == 2 ? 0 : 1 }
            }
            return Raster(rectangle: rectangle, bits: state)
        }

        /// The full-frame mask with this raster's pixels set.
        func mask(width frameWidth: Int, height frameHeight: Int) -> BinaryImage {
            precondition(rectangle.top >= 0 && rectangle.left >= 0 && rectangle.bottom <= frameHeight
                         && rectangle.right <= frameWidth, "rectangle outside the frame")
            var pixels = [Bool](repeating: false, count: frameWidth * frameHeight)
            bits.withUnsafeBufferPointer { source in
                pixels.withUnsafeMutableBufferPointer { target in
                    for r in 0..<height {
                        let from = r * width, to = (rectangle.top + r) * frameWidth + rectangle.left
                        for c in 0..<width where source[from &+ c] != 0 { target[to &+ c] = true }
                    }
                }
            }
            return BinaryImage(width: frameWidth, height: frameHeight, pixels: pixels, extent: rectangle)
        }
    }

    /// Otsu's threshold of log(1 + value), returned on the intensity scale.
    ///
    /// Fluorescence is skewed: a few bright organelles over much dim signal and
    /// background. On raw intensities Otsu's split often falls between dim and
    /// bright organelles, so a cell's mask shrinks onto its brightest spots as
    /// they fade or fragment; on logarithms the split falls between the cell's
    /// signal and the background around it. The logarithms are binned from a
    /// fine linear histogram (2,048 bins), one multiply and one increment per value.
    static func otsuThresholdOfLogarithms<C: Collection>(_ values: C) -> Float? where C.Element == Float {
        guard let minimum = values.min(), let maximum = values.max(), maximum > minimum else { return nil }
        let low = max(0, minimum), high = max(low, maximum)
        guard high > low else { return nil }
        let fineBins = 2048, bins = 256
        var fine = [Double](repeating: 0, count: fineBins)
        let scale = Float(fineBins) / (high - low)
        for value in values { fine[min(fineBins - 1, max(0, Int((value - low) * scale)))] += 1 }
        let logLow = log1p(Double(low)), logHigh = log1p(Double(high))
        let logWidth = (logHigh - logLow) / Double(bins)
        var histogram = [Double](repeating: 0, count: bins)
        let fineWidth = Double(high - low) / Double(fineBins)
        for (i, count) in fine.enumerated() where count > 0 {
            let centre = log1p(Double(low) + fineWidth * (Double(i) + 0.5))
            histogram[min(bins - 1, max(0, Int((centre - logLow) / logWidth)))] += count
        }
        let centres = (0..<bins).map { logLow + logWidth * (Double($0) + 0.5) }
        return Float(expm1(otsuThreshold(histogram: histogram, centres: centres)))
    }

    /// The bin centre that maximises the between-class variance (the first, on ties).
    static func otsuThreshold(histogram: [Double], centres: [Double]) -> Double {
        let bins = histogram.count
        var below = [Double](repeating: 0, count: bins), belowSum = [Double](repeating: 0, count: bins)
        var runningCount = 0.0, runningSum = 0.0
        for i in 0..<bins {
            runningCount += histogram[i]; runningSum += histogram[i] * centres[i]
            below[i] = runningCount; belowSum[i] = runningSum
        }
        let total = runningCount, totalSum = runningSum
        var best = -1.0, bestIndex = 0
        for i in 0..<(bins - 1) {
            let weightBelow = below[i], weightAbove = total - below[i]
            guard weightBelow > 0, weightAbove > 0 else { continue }
            let meanBelow = belowSum[i] / weightBelow
            let meanAbove = (totalSum - belowSum[i]) / weightAbove
            let variance = weightBelow * weightAbove * (meanBelow - meanAbove) * (meanBelow - meanAbove)
            if variance > best {
                best = variance
                bestIndex = i
            }
        }
        return centres[bestIndex]
    }

    /// Full-frame masks from rasters, without the pixels two or more of them
    /// claim: where cells touch, neither keeps the contested pixels.
    static func withoutSharedPixels(_ rasters: [Raster?], width: Int, height: Int) -> [BinaryImage] {
        if rasters.count == 1 {
            return [rasters[0]?.mask(width: width, height: height) ?? BinaryImage(width: width, height: height)]
        }
        var claims = [UInt8](repeating: 0, count: width * height)
        for raster in rasters {
            guard let raster else { continue }
            let rectangle = raster.rectangle
            for r in 0..<rectangle.height {
                let from = r * rectangle.width, to = (rectangle.top + r) * width + rectangle.left
                for c in 0..<rectangle.width where raster.bits[from + c] != 0 {
                    claims[to + c] = min(2, claims[to + c] + 1)
                }
            }
        }
        return rasters.map { raster in
            guard var raster else { return BinaryImage(width: width, height: height) }
            let rectangle = raster.rectangle
            for r in 0..<rectangle.height {
                let from = r * rectangle.width, to = (rectangle.top + r) * width + rectangle.left
                for c in 0..<rectangle.width where claims[to + c] > 1 { raster.bits[from + c] = 0 }
            }
            return raster.mask(width: width, height: height)
        }
    }
}
