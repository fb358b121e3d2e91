import ArgumentParser
import Foundation
import PlexusImaging
import PlexusStore  // ResultFormat

extension ThresholdMethod: ExpressibleByArgument {}

extension Plexus {
    struct SegmentCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "segment",
            abstract: "Score the threshold segmentation of an image against a ground-truth mask (Jaccard and Dice).",
            discussion: """
                Each page of IMAGE (a TIFF, 8- or 16-bit) is thresholded over the whole page, optionally \
                after histogram equalisation, and its pixels above the threshold are compared with the \
                non-zero pixels of the truth mask: Jaccard = |P ∩ T| / |P ∪ T|, Dice = 2|P ∩ T| / (|P| + |T|). \
                One row per page, then "all": the pages' pixels pooled. A truth of one page is used for \
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
        @Option(help: "Output format: table, csv or json.")
        var format: ResultFormat = .table

        func run() throws {
            let evaluation = try SegmentationEvaluation.evaluate(imagePath: image, truthPath: truth,
                                                                 method: threshold, equalize: equalize)
            func number(_ value: Double?) -> String? { value.map { "\($0)" } }
            func row(_ page: String, _ threshold: Double?, _ score: SegmentationScore) -> [String?] {
                [page, number(threshold), "\(score.predictedCount)", "\(score.truthCount)",
                 number(score.jaccard), number(score.dice)]
            }
            let rows = evaluation.pages.map { row("\($0.index)", $0.threshold, $0.score) }
                + [row("all", nil, evaluation.overall)]
            print(Self.render(rows, format: format), terminator: "")
        }

        static let columns = ["page", "threshold", "foreground_px", "truth_px", "jaccard", "dice"]

        /// The rows as an aligned table, CSV or a JSON array of objects (nil: empty, or null).
        static func render(_ rows: [[String?]], format: ResultFormat) -> String {
            switch format {
            case .table:
                let cells = [columns] + rows.map { $0.map { $0 ?? "" } }
                let widths = columns.indices.map { i in cells.map { $0[i].count }.max() ?? 0 }
                func line(_ row: [String]) -> String {
                    zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
                        .joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
                }
                return ([line(columns), line(widths.map { String(repeating: "-", count: $0) })]
                        + rows.map { line($0.map { $0 ?? "" }) }).joined(separator: "\n") + "\n"
            case .csv:
                return ([columns] + rows.map { $0.map { $0 ?? "" } }).map { $0.joined(separator: ",") }
                    .joined(separator: "\n") + "\n"
            case .json:
                let objects = rows.map { row in
                    "  {" + zip(columns, row).enumerated().map { i, pair in
                        // Column 0 is "all" or a page number: a string only for "all".
                        let value = pair.1.map { i == 0 && $0 == "all" ? "\"all\"" : $0 } ?? "null"
                        return "\"\(pair.0)\": \(value)"
                    }.joined(separator: ", ") + "}"
                }
                return "[\n" + objects.joined(separator: ",\n") + "\n]\n"
            }
        }
    }
}
