import Foundation

/// A frame-0 label image: 0 is background, every other value marks the pixels
/// of one cell. Read from a TIFF (`TIFFLabelImage`) or from the legacy VTK file
/// ITK-SNAP saves (`VTKLabelImage`); `read(path:)` tells them apart by content.
public struct LabelImage: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// Row-major: `labels[row * width + col]`.
    public var labels: [UInt32]

    public init(width: Int, height: Int, labels: [UInt32]) {
        precondition(labels.count == width * height, "label count must be width × height")
        self.width = width
        self.height = height
        self.labels = labels
    }

    /// The distinct non-zero labels, ascending: one per cell.
    public var cellLabels: [UInt32] {
        var seen = Set<UInt32>()
        for label in labels where label != 0 { seen.insert(label) }
        return seen.sorted()
    }

    /// The pixels of one label.
    public func mask(of label: UInt32) -> CellMask {
        CellMask(width: width, height: height, pixels: labels.map { $0 == label })
    }

    /// One mask per non-zero label, in label order.
    public func cellMasks() -> [(label: UInt32, mask: CellMask)] {
        cellLabels.map { ($0, mask(of: $0)) }
    }

    /// Reads a label image: a legacy VTK file when it starts with "# vtk", a TIFF otherwise.
    public static func read(path: String) throws -> LabelImage {
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
public struct LabelImageError: Error, CustomStringConvertible, Equatable {
    public let path: String
    public let message: String

    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
