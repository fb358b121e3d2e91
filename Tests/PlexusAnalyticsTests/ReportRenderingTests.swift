import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import PlexusAnalytics

final class ReportRenderingTests: XCTestCase {
    func testNumbersForAxesAndTables() {
        XCTAssertEqual(SVG.number(0), "0")
        XCTAssertEqual(SVG.number(0.0123456), "0.0123")
        XCTAssertEqual(SVG.number(12.5), "12.5")
        XCTAssertEqual(SVG.number(20), "20")
        XCTAssertEqual(SVG.number(-0.5), "−0.5")
        XCTAssertEqual(SVG.number(1.2e-5), "1.2e−5")
        XCTAssertEqual(SVG.number(-3.456e7), "−3.46e7")
        XCTAssertEqual(SVG.number(.nan), "NaN")
        XCTAssertEqual(ReportPlots.pText(0.0123), "0.012")
        XCTAssertEqual(ReportPlots.pText(0.00041), "4.1e−4")
        XCTAssertEqual(ReportPlots.pText(1e-7), "< 0.0001")
    }

    /// A y label longer than its axis is set as name and unit on two lines, smaller; a short one stays whole.
    func testLongAxisLabelsWrapBeforeTheirUnit() {
        let short = ReportPlots.verticalLabel("edge density (fraction)", centre: 100, length: 228)
        XCTAssertTrue(short.hasSuffix(">edge density (fraction)</text>"), short)
        XCTAssertTrue(short.contains("font-size=\"12\""), short)
        let long = ReportPlots.verticalLabel("mean Laplacian gradient (px⁻² per frame)", centre: 100, length: 198)
        XCTAssertTrue(long.contains(">mean Laplacian gradient</tspan>") && long.contains(">(px⁻² per frame)</tspan>"), long)
        // 23 characters at 0.56 em must fit 198 px: 11 px at most.
        XCTAssertTrue(long.contains("font-size=\"11.00\"") || long.contains("font-size=\"11\""), long)
        let unsplittable = ReportPlots.verticalLabel(String(repeating: "x", count: 80), centre: 100, length: 198)
        XCTAssertEqual(unsplittable.components(separatedBy: "<tspan").count - 1, 1)
        XCTAssertTrue(unsplittable.contains("font-size=\"7.00\"") || unsplittable.contains("font-size=\"7\""), unsplittable)
    }

    func testTicksAreRoundAndInsideTheDomain() {
        let scale = SVG.Scale(domain: (0.13, 0.91), range: (0, 100))
        XCTAssertEqual(scale.ticks(4), [0.2, 0.4, 0.6, 0.8])
        let tiny = SVG.Scale(domain: (-2e-7, 1.3e-7), range: (0, 100)).ticks(5)
        XCTAssertTrue(tiny.contains(0))
        XCTAssertTrue(tiny.allSatisfy { $0 >= -2e-7 && $0 <= 1.3e-7 })
        // One value: the domain is widened around it, not divided by zero.
        let flat = SVG.Scale(domain: (5, 5), range: (0, 100))
        XCTAssertEqual(flat(5), 50, accuracy: 1e-12)
        // Values a few ulps apart are one value too (ticks would otherwise never end).
        let ulps = SVG.Scale(domain: (27.5, 27.5.nextUp.nextUp), range: (0, 100))
        XCTAssertLessThan(ulps.ticks(5).count, 50)
        XCTAssertGreaterThan(ulps.ticks(5).count, 1)
    }

    func testSmallestMannWhitneyP() {
        XCTAssertEqual(ReportText.smallestMannWhitneyP(2, 2), 1.0 / 3, accuracy: 1e-15)
        XCTAssertEqual(ReportText.smallestMannWhitneyP(4, 4), 2.0 / 70, accuracy: 1e-15)
        XCTAssertEqual(ReportText.smallestMannWhitneyP(6, 6), 2.0 / 924, accuracy: 1e-15)
        XCTAssertEqual(ReportText.smallestMannWhitneyP(1, 1), 1)
    }

    func testFormatFromTheFileName() {
        XCTAssertEqual(ReportFormat(path: "out/report.HTML"), .html)
        XCTAssertEqual(ReportFormat(path: "r.htm"), .html)
        XCTAssertEqual(ReportFormat(path: "r.markdown"), .md)
        XCTAssertEqual(ReportFormat(path: "r.csv"), .csv)
        XCTAssertEqual(ReportFormat(path: "r.json"), .json)
        XCTAssertNil(ReportFormat(path: "report"))
    }

    func testEscapingKeepsMarkupWellFormed() {
        XCTAssertEqual(SVG.escape("a<b & \"c\" > 'd'"), "a&lt;b &amp; &quot;c&quot; &gt; &#39;d&#39;")
    }

    func cell(_ id: Int, _ values: [String: Double?]) -> ConditionReport.Cell {
        ConditionReport.Cell(id: id, videoID: id, condition: "c", replicate: nil, frames: 10, firstT: 0, lastT: 9,
                             frameIntervalSeconds: nil, treatmentFrame: nil, features: values)
    }

    func testRepresentativeCellIsNearestTheMedians() {
        let cells = [
            cell(1, ["a": 1, "b": 10]), cell(2, ["a": 2, "b": 20]), cell(3, ["a": 3, "b": 30]),
            cell(4, ["a": 4, "b": 40]), cell(5, ["a": 100, "b": 25]),
        ]
        // Quartiles as condition_compare gives them: a 2, 3, 4 and b 20, 25, 30.
        let quartiles: [String: (q1: Double, median: Double, q3: Double)] = ["a": (2, 3, 4), "b": (20, 25, 30)]
        // Cell 3 is at 0/2 + 5/10 and beats cell 5's 97/2 + 0 and cell 2's 1/2 + 5/10.
        XCTAssertEqual(ConditionReport.representative(of: cells, quartiles: quartiles)?.id, 3)
        // A missing value counts as one IQR away; ties go to the lower id.
        let gaps = [cell(1, ["a": 3, "b": nil]), cell(2, ["a": 3, "b": 25]), cell(3, ["a": 3, "b": 25])]
        XCTAssertEqual(ConditionReport.representative(of: gaps, quartiles: quartiles)?.id, 2)
        XCTAssertNil(ConditionReport.representative(of: [], quartiles: quartiles))
    }

    /// The snapshot is framed on the components, and the dark frame area never
    /// reaches past the frame (here a wide, short frame and a cell at its edge).
    func testNetworkSnapshotStaysInsideTheFrame() throws {
        typealias Network = ConditionReport.Network
        let network = Network(cellID: 1, t: 0, width: 200, height: 40, components: [
            .init(k: 0, weight: 0.6, x: 10, y: 20, semiMajor: 4, semiMinor: 2, angleDegrees: 30),
            .init(k: 1, weight: 0.4, x: 30, y: 25, semiMajor: 3, semiMinor: 3, angleDegrees: 0),
        ], edges: [.init(a: 0, b: 1, weight: 1e-3, x1: 10, y1: 20, x2: 30, y2: 25)])
        let svg = ReportPlots.network(network, colour: "#0072B2", caption: "a <cell>")
        final class Rects: NSObject, XMLParserDelegate {
            var rects: [[String: String]] = [], root: [String: String] = [:]
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                        attributes: [String: String] = [:]) {
                if name == "rect" { rects.append(attributes) }
                if name == "svg" { root = attributes }
            }
        }
        let collector = Rects()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = collector
        XCTAssertTrue(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        let view = try XCTUnwrap(collector.root["viewBox"]).split(separator: " ").compactMap { Double($0) }
        XCTAssertEqual(view.count, 4)
        XCTAssertLessThan(view[2], 60, "framed on the two components, not the 200 px frame")
        let dark = try XCTUnwrap(collector.rects.first { $0["fill"] == "#101418" })
        let y = try XCTUnwrap(Double(dark["y"] ?? "")), height = try XCTUnwrap(Double(dark["height"] ?? ""))
        XCTAssertGreaterThanOrEqual(y, 0)
        XCTAssertLessThanOrEqual(y + height, 40 + 1e-9)
        XCTAssertTrue(svg.contains("a &lt;cell&gt;"))
        XCTAssertEqual(svg.components(separatedBy: "<ellipse").count - 1, 2)
        XCTAssertEqual(svg.components(separatedBy: "<line class=\"edge\"").count - 1, 1)
    }
}
