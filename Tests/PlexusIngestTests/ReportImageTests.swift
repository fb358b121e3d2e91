import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PlexusAnalytics
import PlexusRender
import PlexusStore
import PlexusTestSupport
import XCTest

/// The report's microscopy figures: representative cells on their videos, the
/// gallery, and the fallback when the videos cannot be read. Uses the
/// experiment of ReportTests (control, llo, mdivi, control_b × 6 cells).
final class ReportImageTests: TemporaryDirectoryTestCase {
    func report(database: String) throws -> ConditionReport {
        let queries = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("queries").path
        return try ConditionReport.build(database: database, catalog: try NamedQuery.catalog(folders: [queries]),
                                         options: ReportOptions(), toolVersion: "test")
    }

    func figures(_ report: ConditionReport, database: String) -> CellFigures {
        CellFigures.load(database: database,
                         requests: report.snapshots.map { (Int64($0.cellID), CellFigures.Frames.firstMiddleLast) }
                             + report.cells.map { (Int64($0.id), CellFigures.Frames.last) })
    }

    /// An element of the page: its name, attributes and the index of the `svg` it lies in.
    struct Element {
        let name: String
        let attributes: [String: String]
        let svg: Int?
        subscript(_ key: String) -> String? { attributes[key] }
    }

    /// Every element of the page, in document order.
    func elements(_ html: String) throws -> [Element] {
        final class Collector: NSObject, XMLParserDelegate {
            var elements: [Element] = []
            var svgs: [Int] = []
            var svgCount = 0
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                        attributes: [String: String] = [:]) {
                if name == "svg" {
                    svgs.append(svgCount)
                    svgCount += 1
                }
                elements.append(Element(name: name, attributes: attributes, svg: svgs.last))
            }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                if name == "svg" { svgs.removeLast() }
            }
        }
        let collector = Collector()
        let parser = XMLParser(data: Data(html.utf8))
        parser.delegate = collector
        XCTAssertTrue(parser.parse(), "the report is not well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
        return collector.elements
    }

    func testRepresentativeCellsAreDrawnOnTheirVideos() throws {
        let database = try ReportTests.experiment.get()
        let report = try report(database: database)
        let figures = figures(report, database: database)
        XCTAssertEqual(figures.problems, [:])
        let html = try report.rendered(as: .html, figures: figures)
        XCTAssertLessThan(html.utf8.count, 15_000_000)
        XCTAssertNil(html.range(of: #"(href|src)="(?!data:|#)"#, options: .regularExpression), "an external reference")

        let all = try elements(html)
        let svgs = all.filter { $0.name == "svg" && $0["class"] == "plot cell-image" }
        // Four conditions' representative cells at frames 0, 15 and 29, and all 24 cells at frame 29.
        XCTAssertEqual(svgs.count, 4 * 3 + 24)
        XCTAssertEqual(svgs.prefix(3).compactMap { $0["data-t"] }, ["0", "15", "29"])
        let connection = try SQLiteConnection(path: database, mode: .readOnly)
        let svgIndices = all.filter { $0.name == "svg" }.enumerated().filter { $0.element["class"] == "plot cell-image" }.map(\.offset)
        for (svg, index) in zip(svgs.prefix(12), svgIndices) {
            func inside(_ name: String) -> [Element] { all.filter { $0.svg == index && $0.name == name } }
            let cell = try XCTUnwrap(Int64(svg["data-cell"] ?? ""))
            let t = try XCTUnwrap(Int64(svg["data-t"] ?? ""))
            let figure = try XCTUnwrap(figures.figures[cell]?.first { $0.t == t })
            // The raster is a PNG of the drawn region.
            let image = try XCTUnwrap(inside("image").first)
            let href = try XCTUnwrap(image["href"])
            XCTAssertTrue(href.hasPrefix("data:image/png;base64,"))
            let png = try XCTUnwrap(Data(base64Encoded: String(href.dropFirst("data:image/png;base64,".count))))
            XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            func bigEndian(_ offset: Int) -> Int { png[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
            XCTAssertEqual([bigEndian(16), bigEndian(20)], [figure.region.width, figure.region.height], "IHDR of cell \(cell) t \(t)")
            XCTAssertEqual(svg["viewBox"], "0 0 \(figure.region.width) \(figure.region.height)")
            // An ellipse per live component, at its stored mean in the region's pixels.
            let statement = try connection.prepare("SELECT k, mean_row, mean_col FROM component WHERE cell_id = ?1 AND t = ?2 AND collapsed = 0")
            try statement.bind([.integer(cell), .integer(t)])
            var means: [String: (Double, Double)] = [:]
            while try statement.step() { means[String(statement.int(0))] = (statement.double(1), statement.double(2)) }
            let ellipses = inside("ellipse")
            XCTAssertEqual(ellipses.count, means.count, "cell \(cell) t \(t)")
            for ellipse in ellipses {
                let k = try XCTUnwrap(ellipse["data-k"])
                let (row, col) = try XCTUnwrap(means[k])
                XCTAssertEqual(Double(ellipse["cx"] ?? "") ?? .nan, col - Double(figure.region.left) + 0.5, accuracy: 0.01)
                XCTAssertEqual(Double(ellipse["cy"] ?? "") ?? .nan, row - Double(figure.region.top) + 0.5, accuracy: 0.01)
            }
            // The mask outline and a scale bar (the simulation gives the pixel size).
            XCTAssertEqual(inside("path").filter { $0["class"] == "mask" }.count, 1)
            XCTAssertEqual(inside("rect").filter { $0["class"] == "scale-bar" }.count, 1)
        }
        XCTAssertTrue(html.contains("<details class=\"gallery\" id=\"gallery\"><summary>All 24 cells at their last frame</summary>"))
    }

    /// Videos that moved: the report says so and draws the networks on their own.
    func testUnreadableVideosFallBackToTheNetworkDrawing() throws {
        let copy = path("moved.sqlite")
        // VACUUM INTO copies what the write-ahead log holds too (a file copy would miss it while
        // another connection keeps the database open).
        try SQLiteConnection(path: try ReportTests.experiment.get(), mode: .readOnly).prepare("VACUUM INTO ?1").run([.text(copy)])
        try SQLiteConnection(path: copy, mode: .readWrite).execute("UPDATE video SET path = '/gone/' || id || '.tif'")
        let report = try report(database: copy)
        let figures = figures(report, database: copy)
        XCTAssertEqual(figures.figures.count, 0)
        XCTAssertEqual(figures.problems.count, 24)
        XCTAssertTrue(figures.problems.values.allSatisfy { $0.contains("which does not exist") && $0.contains("--video") })
        let html = try report.rendered(as: .html, figures: figures)
        XCTAssertTrue(html.contains("The videos of 4 representative cells could not be read, so they are drawn without the images"), html)
        XCTAssertEqual(try elements(html).filter { $0.name == "svg" && $0["class"] == "plot network" }.count, 8)
        XCTAssertTrue(html.contains("All 0 cells at their last frame (24 more whose videos could not be read)"))
    }

    func testCommandLineReportHasImagesUnlessAskedNot() throws {
        let database = try ReportTests.experiment.get()
        let with = try runPlexus(["report", "--db", database, "--baseline", "control", "--conditions", "llo", "--resamples", "200", "--out", "with.html"])
        XCTAssertEqual(with.status, 0, with.stderr)
        XCTAssertTrue(try String(contentsOfFile: path("with.html"), encoding: .utf8).contains("class=\"plot cell-image\""))
        let without = try runPlexus(["report", "--db", database, "--baseline", "control", "--conditions", "llo", "--resamples", "200", "--no-images", "--out", "without.html"])
        XCTAssertEqual(without.status, 0, without.stderr)
        let text = try String(contentsOfFile: path("without.html"), encoding: .utf8)
        XCTAssertFalse(text.contains("class=\"plot cell-image\""))
        XCTAssertTrue(text.contains("class=\"plot network\""))
    }
}
