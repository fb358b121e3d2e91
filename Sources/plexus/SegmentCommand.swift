import ArgumentParser
import Foundation
import PlexusImaging
import PlexusNumerics

extension ThresholdMethod: ExpressibleByArgument {}

extension Plexus {
    struct SegmentCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "segment",
            abstract: "Score the threshold segmentation of an image against a ground-truth mask (Jaccard, Dice, matched objects).",
            discussion: """
                Each page of IMAGE (a TIFF, 8- or 16-bit) is thresholded over the whole page, optionally \
                after histogram equalisation, and its pixels above the threshold are compared with the \
                non-zero pixels of the truth mask: Jaccard = |P ∩ T| / |P ∪ T|, Dice = 2|P ∩ T| / (|P| + |T|). \
                Objects (8-connected pieces) are matched one to one at intersection over union ≥ 0.5: \
                precision = matched / objects, recall = matched / truth objects, count error = objects − \
                truth objects (negative when touching pieces merge). One row per page, then "all": the pages' pixels pooled. A truth of one page is used for \
                every page. Scores are empty (null in JSON) when both masks are empty. Example:
                  plexus segment cells.tif --truth cells-truth.tif --threshold isodata
                """
        )

        @Argument(help: ArgumentHelp("The image or video to segment (multi-page TIFF).", valueName: "image.tif"))
        var image: String
        @Option(help: ArgumentHelp("The ground-truth mask (TIFF; non-zero pixels are foreground), one page or one per image page.",
                                   valueName: "truth.tif"))
        var truth: String
        @Option(help: "Threshold method: otsu, isodata (ImageJ's Default, as MiNA), li, triangle or kmeans.")
        var threshold: ThresholdMethod = .otsu
        @Flag(help: "Equalise each page's histogram before thresholding.")
        var equalize = false
        @OptionGroup var output: FormatOptions

        func run() throws {
            let evaluation = try SegmentationEvaluation.evaluate(imagePath: image, truthPath: truth,
                                                                 method: threshold, equalize: equalize)
            let writer = ResultWriter(format: output.format) { print($0, terminator: "") }
            writer.begin(["page", "threshold", "foreground_px", "truth_px", "jaccard", "dice", "objects", "truth_objects",
                          "matched", "precision", "recall", "count_error"])
            func row(_ page: JSONText, _ threshold: Double?, _ score: SegmentationScore) {
                func real(_ value: Double?) -> JSONText { value.map(JSONText.real) ?? .null }
                writer.row([page, real(threshold), .integer(Int64(score.predictedCount)), .integer(Int64(score.truthCount)),
                            real(score.jaccard), real(score.dice), .integer(Int64(score.predictedObjects)),
                            .integer(Int64(score.truthObjects)), .integer(Int64(score.matchedObjects)),
                            real(score.objectPrecision), real(score.objectRecall), .integer(Int64(score.objectCountError))])
            }
            for page in evaluation.pages { row(.integer(Int64(page.index)), page.threshold, page.score) }
            row(.string("all"), nil, evaluation.overall)
            writer.finish()
        }
    }
}
