import Foundation
import PlexusImaging
import PlexusNumerics
import PlexusStore

/// Writes the masks stored for a cell as a multi-page 8-bit TIFF, one page per
/// stored frame in frame order, 255 inside the cell and 0 outside: a stack to
/// lay over the video in Fiji or napari and check that the masks follow the cell.
package enum MaskExport {
    package struct Summary: Sendable {
        package let masks: StoredCellMasks
        package var pages: Int { masks.masks.count }
        package var frames: [Int] { masks.masks.map(\.t) }
    }

    package static func writeTIFF(database: String, cellID: Int64, to path: String) throws -> Summary {
        let stored = try StoredCellMasks.load(database: database, cellID: cellID)
        let writer = try TIFFWriter(path: path)
        defer { writer.close() }
        for mask in stored.masks {
            let decoded: BinaryImage
            do {
                decoded = try BinaryImage(runLength: mask.runLength, width: stored.width, height: stored.height)
            } catch {
                throw IngestError(path: database, "cell \(cellID), t = \(mask.t): the stored mask is damaged (\(error))")
            }
            try writer.writePage(width: stored.width, height: stored.height, bitDepth: 8,
                                 samples: decoded.pixels.map { $0 ? 255 : 0 }, compression: .deflate)
        }
        return Summary(masks: stored)
    }
}
