import ArgumentParser
import Foundation
import PlexusAnalytics
import PlexusGraph
import PlexusIngest
import PlexusRender
import PlexusStore

extension ReportFormat: ExpressibleByArgument {}

extension Plexus {
    struct ReportCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Write a condition comparison report (HTML with plots, Markdown, CSV, JSON or PDF).",
            discussion: """
                Compares every condition (or those of --conditions) with the baseline on the per-cell \
                features of the named query cell_features: medians and quartiles, Mann–Whitney and \
                Welch p-values with Benjamini–Hochberg adjustment, Cohen's d and Cliff's delta with \
                seeded bootstrap intervals, the same on replicate means when the sample sheet has \
                replicates, and a cross-validated logistic regression. The HTML form adds time \
                courses, per-cell distributions, and each condition's representative cell drawn on its video \
                (first, middle and last frame: the image with its mask, components and edges) with a \
                gallery of every cell at its last frame; when a video cannot be read (moved or changed), \
                its network is drawn on its own and the report says why (--no-images leaves the images \
                out). Every number comes from the named queries (plexus query --list).

                The format follows the extension of --out: .html/.htm, .md/.markdown, .csv, .json or \
                .pdf; any other extension is refused, and --format, when given, must agree with it \
                (it chooses the format only for --out -). A PDF is the HTML page printed by headless \
                Chromium (chromium, chromium-browser or google-chrome on PATH, or the executable \
                named by PLEXUS_BROWSER); without one, .pdf is refused: install chromium, or write \
                .html and print it from a browser. The file is written whole or not at all. Examples:
                  plexus report --db experiment.sqlite --out report.html
                  plexus report --db experiment.sqlite --baseline control --conditions llo --out llo.md
                  plexus report --db experiment.sqlite --features object_count_slope,mean_branch_length --out stats.csv
                  plexus report --db experiment.sqlite --out report.pdf
                """
        )

        @OptionGroup var database: DatabaseOptions

        @OptionGroup var comparison: ComparisonOptions

        @Option(help: "Comma-separated conditions to compare with the baseline (default: all others).")
        var conditions: String?

        @Option(help: "The file to write; '-' writes to standard output.")
        var out: String

        @Option(help: "html, md, csv, json or pdf; must agree with the extension of --out (needed only with --out -, default html).")
        var format: ReportFormat?

        @Option(parsing: .unconditional, help: "Cross-validation folds (at least 2; fewer when a condition has fewer cells).")
        var folds = 5

        @OptionGroup var queryFolders: QueryFolderOptions

        @Flag(help: "Leave the microscopy images out of an HTML report (draw the networks on their own).")
        var noImages = false

        func validate() throws {
            try database.validateExisting()
            guard folds >= 2 else { throw ValidationError("--folds must be at least 2, not \(folds)") }
            if let conditions, ComparisonOptions.list(conditions)!.isEmpty { throw ValidationError("--conditions lists no condition") }
            if out != "-" {
                let folder = URL(fileURLWithPath: out).deletingLastPathComponent().path
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
                    throw ValidationError("--out \(out): the folder \(folder) does not exist")
                }
            }
            do {
                // Refused before any work: an unknown extension, a contradicting --format, no browser for a PDF.
                if try ReportFormat.resolve(out: out, format: format) == .pdf { _ = try PDFPrinter.find() }
            } catch let error as ReportError {
                throw ValidationError(error.message)
            }
        }

        func run() throws {
            let catalog = try queryFolders.catalog()
            let options = ReportOptions(baseline: comparison.baseline, conditions: ComparisonOptions.list(conditions),
                                        features: comparison.featureList, confidence: comparison.confidence,
                                        resamples: comparison.resamples, seed: comparison.seed, folds: folds)
            let report = try ConditionReport.build(database: database.db, catalog: catalog, options: options,
                                                   toolVersion: PlexusVersion.current)
            let format = try ReportFormat.resolve(out: out, format: self.format)
            // The cells on their videos: the representative cells at three frames, every cell at its last.
            var figures: CellFigures?
            if (format == .html || format == .pdf) && !noImages {
                let requests = report.snapshots.map { (cellID: Int64($0.cellID), frames: CellFigures.Frames.firstMiddleLast) }
                    + report.cells.map { (cellID: Int64($0.id), frames: CellFigures.Frames.last) }
                figures = CellFigures.load(database: database.db, requests: requests)
            }
            if out == "-" {
                FileHandle.standardOutput.write(Data(try report.rendered(as: format, figures: figures).utf8))
            } else {
                try AtomicOutput.write(out, what: "the report") { temporary in
                    if format == .pdf {
                        try PDFPrinter.find().print(html: try report.rendered(as: .html, figures: figures), to: temporary)
                    } else {
                        try Data(try report.rendered(as: format, figures: figures).utf8).write(to: temporary)
                    }
                }
                let significant = report.significantComparisons.count
                FileHandle.standardError.write(Data("""
                    wrote \(out) (\(format.rawValue)): \(report.compared.isEmpty ? "\(report.baseline) (no other condition)" : "\(report.compared.joined(separator: ", ")) against \(report.baseline)"), \
                    \(report.cells.count) cells, \(report.features.count) features; \(significant) of \(report.comparisons.count) \
                    cell-level comparisons with BH-adjusted Mann–Whitney p < \(ConditionReport.significanceLevel)

                    """.utf8))
            }
        }
    }
}
