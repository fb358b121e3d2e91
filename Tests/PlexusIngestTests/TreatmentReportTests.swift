import Foundation
import PlexusAnalytics
import PlexusNumerics
import PlexusStore
import PlexusTestSupport
import XCTest

/// Reports of an experiment with one condition: with a treatment frame (the
/// sample sheet's treatment_frame, which `plexus simulate` writes), each cell
/// after it against before it; without one, a report with no comparison at all.
final class TreatmentReportTests: TemporaryDirectoryTestCase {
    /// Five llo cells, 12 frames, treated at frame 2 (simulated and ingested once, ≈ 30 s in a debug build).
    static let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plexus-treatment-tests-\(UUID().uuidString)")

    override class func tearDown() {
        try? FileManager.default.removeItem(at: folder)
        super.tearDown()
    }

    static let experiment: Result<(treated: String, untreated: String), Error> = Result {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func plexus(_ arguments: [String]) throws {
            let result = try runPlexus(arguments, in: folder)
            guard result.status == 0 else { throw StoreError("plexus \(arguments.joined(separator: " ")): \(result.stderr)") }
        }
        let videos = folder.appendingPathComponent("videos").path
        try plexus(["simulate", "--out", videos, "--conditions", "llo", "--cells", "5", "--frames", "12", "--seed", "5"])
        let treated = folder.appendingPathComponent("treated.sqlite").path
        try plexus(["ingest", videos + "/samples.csv", "--db", treated, "--jobs", "2"])
        // The same cells as if the sample sheet gave no treatment frame.
        let untreated = folder.appendingPathComponent("untreated.sqlite").path
        // VACUUM INTO copies the write-ahead log's pages too (a file copy could miss them).
        try SQLiteConnection(path: treated, mode: .readOnly).prepare("VACUUM INTO ?1").run([.text(untreated)])
        try SQLiteConnection(path: untreated, mode: .readWrite).execute("UPDATE video SET treatment_frame = NULL")
        return (treated, untreated)
    }

    var catalog: [String: NamedQuery] {
        get throws {
            try NamedQuery.catalog(folders: [URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("queries").path])
        }
    }

    /// A named query's rows, by column name.
    func run(_ name: String, database: String) throws -> [[String: SQLValue]] {
        let query = try XCTUnwrap(try catalog[name], name)
        var names: [String] = [], rows: [[String: SQLValue]] = []
        try QueryRunner(path: database).run(query.sql, parameters: try query.values([:]), columns: { names = $0.names },
                                            row: { rows.append(Dictionary(uniqueKeysWithValues: zip(names, $0))) })
        return rows
    }

    func testOneConditionWithoutTreatmentHasNoComparisonAndSaysWhy() throws {
        let database = try Self.experiment.get().untreated
        let report = try ConditionReport.build(database: database, catalog: try catalog, options: ReportOptions(), toolVersion: "test")
        XCTAssertEqual(report.baseline, "llo")
        XCTAssertEqual(report.compared, [])
        XCTAssertEqual(report.cells.count, 5)
        XCTAssertTrue(report.comparisons.isEmpty)
        XCTAssertTrue(report.treatmentComparisons.isEmpty)
        XCTAssertTrue(try XCTUnwrap(report.noComparison).contains("one condition, llo"))

        let result = try runPlexus(["report", "--db", database, "--out", path("one.html")])
        XCTAssertEqual(result.status, 0, result.stderr)
        let html = try String(contentsOfFile: path("one.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("No comparison between conditions: \(database) has one condition, llo"))
        XCTAssertTrue(html.contains("no before-and-after comparison"))
        XCTAssertFalse(html.contains("<table class=\"comparison\""))
        XCTAssertFalse(html.contains("<table class=\"treatment\""))
        // Still time courses and per-cell distributions, in the experiment's units (µm with the simulated pixel size).
        XCTAssertTrue(html.contains("class=\"plot time-course\""))
        XCTAssertTrue(html.contains("class=\"plot distribution\""))
        XCTAssertTrue(html.contains("mean branch length (µm)"))
        XCTAssertTrue(html.contains("mean λ₂ (px⁻²)"))
        XCTAssertFalse(html.contains("or px"))
        XCTAssertFalse(html.contains("<line class=\"treatment\""), "no treatment frame, no treatment line")

        // A baseline that is not there is still an error naming the conditions.
        let missing = try runPlexus(["report", "--db", database, "--baseline", "control", "--out", path("r.html")])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("its conditions are: llo"), missing.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("r.html")))
    }

    func testTreatedCellsArePairedBeforeAndAfter() throws {
        let database = try Self.experiment.get().treated
        let report = try ConditionReport.build(database: database, catalog: try catalog, options: ReportOptions(), toolVersion: "test")
        XCTAssertEqual(report.compared, [])
        XCTAssertEqual(Set(report.treatmentComparisons.map(\.condition)), ["llo"])

        // The per-period features straight from the query, paired by cell.
        let periods = try run("cell_period_features", database: database)
        XCTAssertEqual(periods.filter { $0["period"] == .text("all") }.count, 5)
        func value(_ row: [String: SQLValue], _ feature: String) -> Double? {
            switch row[feature] {
            case let .real(v): v
            case let .integer(v): Double(v)
            default: nil
            }
        }
        var checked = 0
        for feature in ["mean_edge_density", "mean_object_count", "algebraic_connectivity_slope", "mean_laplacian_gradient"] {
            var differences: [Double] = []
            for cell in Set(periods.compactMap { row -> Int64? in if case let .integer(id) = row["cell_id"] { id } else { nil } }) {
                let rows = periods.filter { $0["cell_id"] == .integer(cell) }
                guard let before = rows.first(where: { $0["period"] == .text("before") }).flatMap({ value($0, feature) }),
                      let after = rows.first(where: { $0["period"] == .text("after") }).flatMap({ value($0, feature) }) else { continue }
                differences.append(after - before)
            }
            let row = try XCTUnwrap(report.treatmentComparisons.first { $0.feature == feature }, feature)
            XCTAssertEqual(row.n, differences.count, feature)
            XCTAssertEqual(row.treatedCells, 5, feature)
            guard differences.count >= 2 else { continue }
            let test = try XCTUnwrap(Statistics.wilcoxonSignedRank(differences))
            XCTAssertEqual(try XCTUnwrap(row.wilcoxonP, feature), test.pValue, accuracy: 1e-12, feature)
            XCTAssertEqual(try XCTUnwrap(row.rankBiserial, feature), try XCTUnwrap(test.rankBiserial), accuracy: 1e-12, feature)
            let sorted = differences.sorted()
            let middle = sorted.count / 2
            let median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
            XCTAssertEqual(try XCTUnwrap(row.medianDifference), median, accuracy: 1e-12 * max(1, abs(median)), feature)
            if row.n >= 4 {
                let low = try XCTUnwrap(row.medianDifferenceLow), high = try XCTUnwrap(row.medianDifferenceHigh)
                XCTAssertLessThanOrEqual(low, high, feature)
            }
            checked += 1
        }
        // Five treated cells with two frames before the treatment: every one of these features is paired.
        XCTAssertEqual(checked, 4)
        XCTAssertEqual(report.treatmentComparisons.first { $0.feature == "mean_edge_density" }?.n, 5)

        let result = try runPlexus(["report", "--db", database, "--out", path("treated.html")])
        XCTAssertEqual(result.status, 0, result.stderr)
        let html = try String(contentsOfFile: path("treated.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("<title>Before and after treatment: llo</title>"))
        XCTAssertTrue(html.contains("<table class=\"treatment\" data-condition=\"llo\""))
        XCTAssertTrue(html.contains("Wilcoxon signed-rank"))
        XCTAssertTrue(html.contains("λ₂, the algebraic connectivity"))
        // Every time course marks the treatment frame (the simulation's: frame 2 of 12).
        let treatment = try XCTUnwrap(report.cells.first?.treatmentFrame)
        XCTAssertTrue(report.cells.allSatisfy { $0.treatmentFrame == treatment })
        XCTAssertEqual(html.components(separatedBy: "<line class=\"treatment\"").count - 1,
                       html.components(separatedBy: "class=\"plot time-course\"").count - 1)
        XCTAssertTrue(html.contains("The dashed red line is the treatment frame"))
        // Bands respect the bounds: λ₂ and counts at 0 from below, edge density at 1 from above.
        let course = try run("condition_timecourse", database: database)
        XCTAssertFalse(course.isEmpty)
        for row in course {
            if let low = value(row, "ci_low") { XCTAssertGreaterThanOrEqual(low, 0, "\(row)") }
            if row["metric"] == .text("edge_density"), let high = value(row, "ci_high") { XCTAssertLessThanOrEqual(high, 1, "\(row)") }
        }
        // The JSON form carries the query's column names.
        let json = try runPlexus(["report", "--db", database, "--format", "json", "--out", "-"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let first = try XCTUnwrap((object?["treatment_comparisons"] as? [[String: Any]])?.first)
        XCTAssertNotNil(first["wilcoxon_p_bh"])
    }
}
