import PlexusNumerics

/// A raster with a one-pixel frame of background around the image, so that every
/// image pixel has eight neighbours to read without bounds checks. Index
/// `(row + 1) * stride + col + 1` holds image pixel (row, col).
struct PaddedGrid<Cell: Numeric & Sendable>: Sendable {
    let width: Int
    let height: Int
    let stride: Int
    var cells: [Cell]

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        stride = width + 2
        cells = [Cell](repeating: 0, count: (width + 2) * (height + 2))
    }

    @inline(__always)
    func index(row: Int, col: Int) -> Int { (row + 1) * stride + col + 1 }

    /// Offsets of the eight neighbours, counter-clockwise from east:
    /// E, NE, N, NW, W, SW, S, SE (Guo and Hall's x1 … x8). Even positions are
    /// 4-neighbours.
    var neighbourOffsets: [Int] {
        [1, -stride + 1, -stride, -stride - 1, -1, stride - 1, stride, stride + 1]
    }

    /// Padded indices of the image pixels whose cell is not 0, in row-major order.
    func occupiedIndices() -> [Int] {
        var indices: [Int] = []
        cells.withUnsafeBufferPointer { cells in
            for row in 0..<height {
                let base = (row + 1) * stride + 1
                for i in base..<(base + width) where cells[i] != 0 { indices.append(i) }
            }
        }
        return indices
    }

    /// The image without its frame, row-major.
    func unpadded() -> [Cell] {
        var result = [Cell](repeating: 0, count: width * height)
        result.withUnsafeMutableBufferPointer { target in
            cells.withUnsafeBufferPointer { source in
                for row in 0..<height {
                    let from = (row + 1) * stride + 1, to = row * width
                    for col in 0..<width { target[to + col] = source[from + col] }
                }
            }
        }
        return result
    }
}

extension PaddedGrid where Cell == UInt8 {
    /// 1 on the foreground of `image`, 0 elsewhere.
    init(_ image: BinaryImage) {
        self.init(width: image.width, height: image.height)
        let stride = self.stride
        image.pixels.withUnsafeBufferPointer { source in
            cells.withUnsafeMutableBufferPointer { target in
                for row in 0..<image.height {
                    let from = row * image.width, to = (row + 1) * stride + 1
                    for col in 0..<image.width { target[to + col] = source[from + col] ? 1 : 0 }
                }
            }
        }
    }

    /// The image without its frame.
    func binaryImage() -> BinaryImage {
        BinaryImage(width: width, height: height, pixels: unpadded().map { $0 != 0 })
    }
}
