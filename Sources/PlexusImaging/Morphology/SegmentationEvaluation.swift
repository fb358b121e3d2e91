import PlexusNumerics

/// A failure comparing a segmentation with its ground truth, naming the files.
package struct SegmentationError: Error, CustomStringConvertible, Equatable {
    package let message: String

    package init(_ message: String) { self.message = message }

    package var description: String { message }
}

/// Thresholds every page of a TIFF and scores it against a ground-truth mask
/// TIFF (`SegmentationScore`): what `plexus segment` reports.
package struct SegmentationEvaluation: Sendable {
    package struct Page: Equatable, Sendable {
        /// 0-based page of the image.
        package let index: Int
        /// Nil only for an image page with no pixels, which cannot occur in a TIFF.
        package let threshold: Double?
        package let score: SegmentationScore
    }

    package let pages: [Page]

    /// All pages' pixels pooled.
    package var overall: SegmentationScore { pages.reduce(SegmentationScore()) { $0 + $1.score } }

    /// Reads `imagePath` time point by time point (on the 8-bit scale; a
    /// hyperstack or OME-TIFF by its metadata, see `MicroscopyVideo`), equalises each page's
    /// histogram if asked (`Image.equalized`), thresholds it with `method` over
    /// the whole page, and compares the pixels above the threshold with the
    /// non-zero pixels of the truth. The truth has the image's width and height
    /// and either one page, used for every image page, or as many pages as the
    /// image.
    package static func evaluate(imagePath: String, truthPath: String, method: ThresholdMethod,
                                equalize: Bool) throws -> SegmentationEvaluation {
        let video = try MicroscopyVideo(path: imagePath)
        let truth = try TIFFVideo(path: truthPath)
        guard truth.width == video.width && truth.height == video.height else {
            throw SegmentationError("\(truthPath) is \(truth.width)×\(truth.height) but \(imagePath) is \(video.width)×\(video.height); the truth mask must have the image's size")
        }
        guard truth.pageCount == 1 || truth.pageCount == video.frameCount else {
            throw SegmentationError("\(truthPath) has \(truth.pageCount) pages but \(imagePath) has \(video.frameCount); give a truth mask of one page (used for every page) or of \(video.frameCount)")
        }
        var pages: [Page] = []
        var truthMask: BinaryImage?
        for index in 0..<video.frameCount {
            if truthMask == nil || truth.pageCount > 1 {
                let frame = try truth.readPage(index)
                truthMask = BinaryImage(width: frame.width, height: frame.height, pixels: frame.samples.map { $0 != 0 })
            }
            var image = try video.readFrame(index)
            if equalize { image = image.equalized() }
            let threshold = image.threshold(method)
            let predicted = threshold.map { image.foreground(above: $0) } ?? BinaryImage(width: image.width, height: image.height)
            pages.append(Page(index: index, threshold: threshold,
                              score: SegmentationScore(predicted: predicted, truth: truthMask!)))
        }
        return SegmentationEvaluation(pages: pages)
    }
}
