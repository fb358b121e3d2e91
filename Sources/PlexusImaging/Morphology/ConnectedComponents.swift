import PlexusNumerics

/// The 8-connected objects of a binary image.
///
/// Objects are numbered 1, 2, … in the row-major order of their first pixel, as
/// `scipy.ndimage.label` and `skimage.measure.label` number them, so object k
/// here is label k there.
package struct ConnectedComponents: Sendable {
    package let width: Int
    package let height: Int
    package let count: Int
    /// The labels with a frame of 0, for neighbourhood reads.
    let padded: PaddedGrid<Int32>

    package init(_ image: BinaryImage) {
        self.init(PaddedGrid<UInt8>(image))
    }

    /// Labels the non-zero cells of `grid`.
    init(_ grid: PaddedGrid<UInt8>) {
        width = grid.width
        height = grid.height
        var padded = PaddedGrid<Int32>(width: grid.width, height: grid.height)
        let offsets = grid.neighbourOffsets
        let occupied = grid.occupiedIndices()
        var stack: [Int] = []
        var next: Int32 = 0
        padded.cells.withUnsafeMutableBufferPointer { labels in
            for start in occupied where labels[start] == 0 {
                // Flood fill; a pixel is labelled when pushed, so it is pushed once.
                next += 1
                labels[start] = next
                stack.append(start)
                grid.cells.withUnsafeBufferPointer { cells in
                    while let pixel = stack.popLast() {
                        for offset in offsets {
                            let neighbour = pixel + offset
                            if cells[neighbour] != 0 && labels[neighbour] == 0 {
                                labels[neighbour] = next
                                stack.append(neighbour)
                            }
                        }
                    }
                }
            }
        }
        count = Int(next)
        self.padded = padded
    }

    /// 0 on the background, else the object's number; row-major, one per pixel
    /// (computed on each access).
    package var labels: [Int32] { padded.unpadded() }
}
