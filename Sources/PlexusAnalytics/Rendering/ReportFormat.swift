import Foundation
import PlexusNumerics
import PlexusRender
import PlexusStore

/// The forms a report is written in.
package enum ReportFormat: String, CaseIterable, Codable, Sendable {
    /// One self-contained page: tables, inline SVG plots, parameters.
    case html
    /// The tables as Markdown.
    case md
    /// The comparison tables (cell and replicate level) as one CSV table.
    case csv
    /// Everything the report holds, as JSON.
    case json
    /// The HTML page printed by headless Chromium (`PDFPrinter`).
    case pdf

    /// The extensions of each format, the first the usual one.
    package var extensions: [String] {
        switch self {
        case .html: return ["html", "htm"]
        case .md: return ["md", "markdown"]
        case .csv: return ["csv"]
        case .json: return ["json"]
        case .pdf: return ["pdf"]
        }
    }

    /// "html/htm, md/markdown, csv, json, pdf", for messages.
    package static var supportedExtensions: String {
        allCases.map { $0.extensions.joined(separator: "/") }.joined(separator: ", ")
    }

    /// The format a file name's extension implies (.html/.htm, .md/.markdown,
    /// .csv, .json, .pdf; any case); nil for any other extension or none.
    package init?(path: String) {
        let suffix = URL(fileURLWithPath: path).pathExtension.lowercased()
        guard let format = Self.allCases.first(where: { $0.extensions.contains(suffix) }) else { return nil }
        self = format
    }

    /// The format to write `out` in: its extension's, which an explicit
    /// `format` must agree with; for standard output ("-") `format`, else HTML.
    /// An extension that is not a report format is refused, since writing
    /// HTML into report.xlsx or report.pdf would only look like success.
    package static func resolve(out: String, format: ReportFormat?) throws -> ReportFormat {
        if out == "-" {
            guard format != .pdf else {
                throw ReportError("--format pdf cannot be written to standard output: give --out a file name ending in .pdf")
            }
            return format ?? .html
        }
        let suffix = URL(fileURLWithPath: out).pathExtension
        guard let implied = ReportFormat(path: out) else {
            let what = suffix.isEmpty ? "has no extension" : "ends in .\(suffix), which is not a report format"
            throw ReportError("--out \(out) \(what); the supported extensions are \(supportedExtensions)")
        }
        if let format, format != implied {
            throw ReportError("--format \(format.rawValue) contradicts --out \(out), whose extension means \(implied.rawValue); drop --format or name the file .\(format.extensions[0])")
        }
        return implied
    }
}

extension ConditionReport {
    /// The report as text in `format`; an HTML report draws `figures` (the
    /// cells on their videos) when given. A PDF is the HTML form printed
    /// (`PDFPrinter.print`), so `.pdf` is refused here rather than given as HTML.
    package func rendered(as format: ReportFormat, figures: CellFigures? = nil) throws -> String {
        switch format {
        case .pdf: throw ReportError("a PDF report is the HTML form printed by PDFPrinter, not text")
        case .html: return HTMLReport(self, figures: figures).render()
        case .md: return MarkdownReport(self).render()
        case .csv: return try csv()
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            // snake_case like the database and the queries (comparisons use condition_compare's columns).
            encoder.keyEncodingStrategy = .convertToSnakeCase
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
        }
    }

    /// Both comparison tables (cells, then replicate means) as one CSV table
    /// with the columns of the query condition_compare (`Comparison.CodingKeys`).
    func csv() throws -> String {
        var text = ""
        let writer = ResultWriter(format: .csv) { text += $0 }
        let columns = Comparison.CodingKeys.allCases.map(\.rawValue)
        writer.begin(columns)
        for comparison in comparisons + replicateComparisons {
            let fields = try FieldEncoder.fields(of: comparison)
            writer.row(columns.map { fields[$0] ?? .null })
        }
        writer.finish()
        return text
    }
}
