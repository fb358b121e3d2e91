/// The maximum over the (2·radius + 1)² window centred on each pixel of a
/// row-major grid, computed separably (rows, then columns) with the van Herk /
/// Gil–Werman running maximum: three comparisons per pixel and pass whatever
/// the radius, where scanning each window costs 2·radius + 1. The maximum is
/// exact, so the result is the scan's to the bit.
///
/// Outside the grid a window sees `padding` when one is given (scipy's
/// `mode="constant"`), and nothing otherwise (the window is clipped to the grid).
///
/// Doubles only (a Float grid converts exactly): a generic version is not
/// specialised across modules and runs ten times slower.
package enum MaximumFilter {
    package static func apply(_ values: [Double], width: Int, height: Int, radius: Int,
                              padding: Double?) -> [Double] {
        var rows = alongRows(values, width: width, height: height, radius: radius, padding: padding)
        guard width > 0, height > 0, radius > 0 else { return rows }
        var column = RunningMaximum(length: height, radius: radius, padding: padding)
        rows.withUnsafeMutableBufferPointer { grid in
            for c in 0..<width { column.filter(grid.baseAddress! + c, stride: width) }
        }
        return rows
    }

    /// The first, horizontal pass alone: the maximum over the 2·radius + 1
    /// pixels of each row centred on each pixel. Rows for which `skip` holds
    /// are left as they are.
    package static func alongRows(_ values: [Double], width: Int, height: Int, radius: Int, padding: Double?,
                                  skip: (Int) -> Bool = { _ in false }) -> [Double] {
        precondition(values.count == width * height && radius >= 0, "grid size or radius")
        guard width > 0, height > 0, radius > 0 else { return values }
        var rows = values
        var line = RunningMaximum(length: width, radius: radius, padding: padding)
        rows.withUnsafeMutableBufferPointer { grid in
            for r in 0..<height where !skip(r) { line.filter(grid.baseAddress! + r * width, stride: 1) }
        }
        return rows
    }
}

/// The running maximum of one line of `length` values, in place.
private struct RunningMaximum {
    let length: Int, radius: Int
    /// The line with `radius` pad values on each side, and its maxima from the
    /// start of each block of 2·radius + 1 (`prefix`) and to its end (`suffix`).
    var padded: [Double], prefix: [Double], suffix: [Double]

    init(length: Int, radius: Int, padding: Double?) {
        self.length = length
        self.radius = radius
        let window = 2 * radius + 1
        // Whole blocks, so that every block has its last element.
        let count = ((length + 2 * radius + window - 1) / window) * window
        padded = [Double](repeating: padding ?? -.infinity, count: count)
        prefix = padded
        suffix = padded
    }

    mutating func filter(_ line: UnsafeMutablePointer<Double>, stride: Int) {
        let window = 2 * radius + 1, count = padded.count, length = length, radius = radius
        padded.withUnsafeMutableBufferPointer { padded in
        prefix.withUnsafeMutableBufferPointer { prefix in
        suffix.withUnsafeMutableBufferPointer { suffix in
            // Indices below stay inside the buffers (count is a multiple of the
            // window and holds the line and both pads), so they wrap unchecked.
            for i in 0..<length { padded[radius &+ i] = line[i &* stride] }
            var start = 0
            while start < count {
                let end = start &+ window
                prefix[start] = padded[start]
                for i in (start &+ 1)..<end { prefix[i] = Swift.max(prefix[i &- 1], padded[i]) }
                suffix[end &- 1] = padded[end &- 1]
                var i = end &- 2
                while i >= start {
                    suffix[i] = Swift.max(suffix[i &+ 1], padded[i])
                    i &-= 1
                }
                start = end
            }
            // The window of pixel i is padded[i ... i + 2·radius]: it spans at most
            // two blocks, the end of one (suffix) and the start of the next (prefix).
            for i in 0..<length { line[i &* stride] = Swift.max(suffix[i], prefix[i &+ window &- 1]) }
        }}}
    }
}
