import Foundation
import PlexusNumerics

/// A frame-0 label image: 0 is background, every other value marks the pixels
/// of one cell. Read from a TIFF (`TIFFLabelImage`) or from the legacy VTK file
/// ITK-SNAP saves (`VTKLabelImage`); `read(path:)` tells them apart by content.
package struct LabelImage: Equatable, Sendable {
    package let width: Int
    package let height: Int
    /// Row-major: `labels[row * width + col]`.
    package var labels: [UInt32]

    package init(width: Int, height: Int, labels: [UInt32]) {
        precondition(labels.count == width * height, "label count must be width × height")
        self.width = width
        self.height = height
        self.labels = labels
    }

    /// The distinct non-zero labels, ascending: one per cell.
    package var cellLabels: [UInt32] {
        var seen = Set<UInt32>()
        for label in labels where label != 0 { seen.insert(label) }
        return seen.sorted()
    }

    /// The pixels of one label.
    package func mask(of label: UInt32) -> BinaryImage {
        BinaryImage(width: width, height: height, pixels: labels.map { $0 == label })
    }

    /// One mask per non-zero label, in label order.
    package func cellMasks() -> [(label: UInt32, mask: BinaryImage)] {
        cellLabels.map { ($0, mask(of: $0)) }
    }

    /// Reads a label image: a legacy VTK file when it starts with "# vtk", a TIFF otherwise.
    package static func read(path: String) throws -> LabelImage {
        guard FileManager.default.fileExists(atPath: path) else {
            throw LabelImageError(path: path, "file not found")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LabelImageError(path: path, "file is not readable (check its permissions)")
        }
        let head = (try? handle.read(upToCount: 5)) ?? Data()
        try? handle.close()
        if head.elementsEqual("# vtk".utf8) { return try VTKLabelImage.read(path: path) }
        return try TIFFLabelImage.read(path: path)
    }
}

/// A label image that cannot be used, naming the file.
package struct LabelImageError: Error, CustomStringConvertible, Equatable {
    package let path: String
    package let message: String

    package init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    package var description: String { "\(path): \(message)" }
}
