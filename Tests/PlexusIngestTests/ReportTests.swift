import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PlexusAnalytics
import PlexusStore
import PlexusTestSupport
import XCTest

/// `plexus report` end to end on a simulated experiment: control, llo and mdivi
/// (6 cells each), plus 6 more control cells under the name control_b, so that
/// the report can be asked both for differences the simulation put there and
/// for one that is not there.
final class ReportTests: TemporaryDirectoryTestCase {
    /// The experiment is simulated and ingested once for all tests (≈ 1 minute in a debug build).
    static let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plexus-report-tests-\(UUID().uuidString)")

    override class func tearDown() {
        try? FileManager.default.removeItem(at: folder)
        super.tearDown()
    }

    static let experiment: Result<String, Error> = Result {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func plexus(_ arguments: [String]) throws {
            let result = try runPlexus(arguments, in: folder)
            guard result.status == 0 else { throw StoreError("plexus \(arguments.joined(separator: " ")): \(result.stderr)") }
        }
        let videos = folder.appendingPathComponent("videos").path, more = folder.appendingPathComponent("more").path
        try plexus(["simulate", "--out", videos, "--conditions", "control,llo,mdivi", "--cells", "6", "--frames", "30", "--seed", "3"])
        try plexus(["simulate", "--out", more, "--conditions", "control", "--cells", "6", "--frames", "30", "--seed", "11"])
        // The second batch of control cells becomes condition control_b.
        let sheet = more + "/samples.csv"
        var text = try String(contentsOfFile: sheet, encoding: .utf8)
        text = text.replacingOccurrences(of: ",control,", with: ",control_b,")
        try text.write(toFile: sheet, atomically: true, encoding: .utf8)
        XCTAssertTrue(text.contains("control_b"), "the sample sheet's condition column was not rewritten")
        let database = folder.appendingPathComponent("experiment.sqlite").path
        try plexus(["ingest", videos + "/samples.csv", "--db", database, "--jobs", "2"])
        try plexus(["ingest", more + "/samples.csv", "--db", database, "--jobs", "2"])
        return database
    }

    var database: String { get throws { try Self.experiment.get() } }

    var catalog: [String: NamedQuery] {
        get throws {
            try NamedQuery.catalog(folders: [URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("queries").path])
        }
    }

    func report(_ options: ReportOptions) throws -> ConditionReport {
        try ConditionReport.build(database: try database, catalog: try catalog, options: options, toolVersion: "test")
    }

    func row(_ report: ConditionReport, _ condition: String, _ feature: String, level: String = "cell") throws -> ConditionReport.Comparison {
        let rows = level == "cell" ? report.comparisons : report.replicateComparisons
        return try XCTUnwrap(rows.first { $0.condition == condition && $0.feature == feature }, "\(condition) \(feature)")
    }

    /// What the simulation put there: llo fragments the network (objects rise
    /// over time, branches shorten) and mdivi fuses it (objects fall faster
    /// than in control; its longer tubules need more than these 30 frames to
    /// show in the skeleton's branch length).
    func testFindsTheSimulatedDifferences() throws {
        let report = try report(ReportOptions(baseline: "control", conditions: ["llo", "mdivi"]))
        XCTAssertEqual(report.compared, ["llo", "mdivi"])
        XCTAssertEqual(Set(report.cells.map(\.condition)), ["control", "llo", "mdivi"])
        XCTAssertEqual(report.cells.count, 18)

        let lloObjects = try row(report, "llo", "object_count_slope")
        XCTAssertEqual(lloObjects.n, 6)
        XCTAssertEqual(lloObjects.baselineN, 6)
        XCTAssertLessThan(try XCTUnwrap(lloObjects.mannWhitneyPBH), 0.05)
        XCTAssertGreaterThan(try XCTUnwrap(lloObjects.cliffsDelta), 0.8)
        XCTAssertGreaterThan(try XCTUnwrap(lloObjects.cliffsDeltaLow), 0, "the interval excludes no effect")

        let lloLength = try row(report, "llo", "mean_branch_length")
        XCTAssertLessThan(try XCTUnwrap(lloLength.mannWhitneyPBH), 0.05)
        XCTAssertLessThan(try XCTUnwrap(lloLength.cohensD), 0)
        XCTAssertLessThan(try XCTUnwrap(lloLength.cohensDHigh), 0, "the interval excludes no effect")
        let mdiviObjects = try row(report, "mdivi", "object_count_slope")
        XCTAssertLessThan(try XCTUnwrap(mdiviObjects.mannWhitneyPBH), 0.05)
        XCTAssertLessThan(try XCTUnwrap(mdiviObjects.cliffsDelta), -0.8)
        XCTAssertLessThan(try XCTUnwrap(mdiviObjects.cliffsDeltaHigh), 0)

        // Every computable row: intervals around their estimate, adjusted p ≥ raw p, medians inside the quartiles.
        for comparison in report.comparisons where comparison.note == nil {
            let p = try XCTUnwrap(comparison.mannWhitneyP), adjusted = try XCTUnwrap(comparison.mannWhitneyPBH)
            XCTAssertGreaterThanOrEqual(adjusted, p)
            XCTAssertLessThanOrEqual(adjusted, 1)
            if let d = comparison.cohensD {
                XCTAssertLessThanOrEqual(try XCTUnwrap(comparison.cohensDLow), try XCTUnwrap(comparison.cohensDHigh))
                _ = d
            }
            XCTAssertLessThanOrEqual(try XCTUnwrap(comparison.cliffsDeltaLow), try XCTUnwrap(comparison.cliffsDeltaHigh))
            XCTAssertLessThanOrEqual(try XCTUnwrap(comparison.q1), try XCTUnwrap(comparison.median))
            XCTAssertLessThanOrEqual(try XCTUnwrap(comparison.median), try XCTUnwrap(comparison.q3))
        }

        // The features tell the three conditions apart well above chance (1/3):
        // 11 or more of 18 right by guessing has probability 0.005.
        let accuracy = try XCTUnwrap(report.classification.accuracy, report.classification.notComputable ?? "")
        XCTAssertGreaterThan(accuracy, 0.6)
        XCTAssertEqual(report.classification.confusion?.flatMap { $0 }.reduce(0, +), 18)
        XCTAssertEqual(report.classification.folds, 5)
    }

    /// Two groups of control cells: no feature differs after adjustment.
    func testFindsNoDifferenceBetweenTwoControlGroups() throws {
        let report = try report(ReportOptions(baseline: "control", conditions: ["control_b"]))
        XCTAssertEqual(report.comparisons.count, report.features.count)
        for comparison in report.comparisons {
            XCTAssertEqual(comparison.n, 6)
            XCTAssertGreaterThanOrEqual(try XCTUnwrap(comparison.mannWhitneyPBH), 0.05, comparison.feature)
            if let welch = comparison.welchTPBH {
                XCTAssertGreaterThanOrEqual(welch, 0.05, comparison.feature)
            } else {
                // Welch's t is undefined only when both groups are constant (a rate that is 0 in every cell).
                XCTAssertEqual(comparison.q1, comparison.q3, comparison.feature)
                XCTAssertEqual(comparison.baselineQ1, comparison.baselineQ3, comparison.feature)
            }
        }
    }

    /// The adjusted p-values are Benjamini–Hochberg's, recomputed here from the
    /// raw ones (this implementation is itself checked against scipy's
    /// false_discovery_control in StatisticsFunctionTests).
    func testAdjustedPValuesAreBenjaminiHochberg() throws {
        let report = try report(ReportOptions(baseline: "control"))
        for condition in report.compared {
            let rows = report.comparisons.filter { $0.condition == condition }
            let adjusted = Self.benjaminiHochberg(rows.map(\.mannWhitneyP))
            for (row, expected) in zip(rows, adjusted) {
                XCTAssertEqual(row.mannWhitneyPBH ?? -1, expected ?? -1, accuracy: 1e-12, "\(condition) \(row.feature)")
            }
            let welch = Self.benjaminiHochberg(rows.map(\.welchTP))
            for (row, expected) in zip(rows, welch) {
                XCTAssertEqual(row.welchTPBH ?? -1, expected ?? -1, accuracy: 1e-12, "\(condition) \(row.feature)")
            }
        }
    }

    /// The reference above agrees with scipy.stats.false_discovery_control
    /// (fixture of Benchmarks/scipy_fixtures.py, kept with the statistics tests).
    func testBenjaminiHochbergReferenceAgreesWithScipy() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("PlexusStoreTests/Fixtures/statistics.json")
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: fixture)) as? [String: Any])
        let cases = try XCTUnwrap(json["benjamini_hochberg"] as? [[String: [Double]]])
        XCTAssertGreaterThanOrEqual(cases.count, 4)
        for entry in cases {
            let p = try XCTUnwrap(entry["p"]), expected = try XCTUnwrap(entry["adjusted"])
            let adjusted = Self.benjaminiHochberg(p.map { $0 })
            for (value, reference) in zip(adjusted, expected) {
                XCTAssertEqual(try XCTUnwrap(value), reference, accuracy: 1e-15 + 1e-12 * reference, "\(p)")
            }
        }
    }

    /// Step-up BH: p_(i) · m / i, made monotone from the largest down, capped at 1; nil stays nil.
    static func benjaminiHochberg(_ p: [Double?]) -> [Double?] {
        let present = p.enumerated().compactMap { i, value in value.map { (i, $0) } }.sorted { $0.1 < $1.1 }
        let m = Double(present.count)
        var result = [Double?](repeating: nil, count: p.count)
        var running = 1.0
        for (rank, entry) in present.enumerated().reversed() {
            running = min(running, entry.1 * m / Double(rank + 1))
            result[entry.0] = running
        }
        return result
    }

    /// Replicates of the sample sheet: the comparison is repeated on replicate means.
    func testReplicateMeansAreCompared() throws {
        let report = try report(ReportOptions(baseline: "control", conditions: ["llo"]))
        XCTAssertFalse(report.replicateComparisons.isEmpty)
        let cells = report.cells.filter { $0.condition == "llo" }
        let replicates = Set(cells.compactMap(\.replicate))
        let feature = "mean_edge_density"
        let comparison = try row(report, "llo", feature, level: "replicate")
        XCTAssertEqual(comparison.n, replicates.count)
        XCTAssertEqual(comparison.cells, cells.count)
        // The replicate-level median is the median of the replicate means.
        let means = replicates.sorted().map { replicate -> Double in
            let values = cells.filter { $0.replicate == replicate }.map { $0.features[feature]!! }
            return values.reduce(0, +) / Double(values.count)
        }.sorted()
        let median = means.count % 2 == 1 ? means[means.count / 2] : (means[means.count / 2 - 1] + means[means.count / 2]) / 2
        XCTAssertEqual(try XCTUnwrap(comparison.median), median, accuracy: 1e-12 * abs(median))
    }

    func testHTMLReportIsOneWellFormedPageWithEverySectionAndPlot() throws {
        let out = path("report.html")
        let result = try runPlexus(["report", "--db", try database, "--out", out])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("wrote \(out) (html)"), result.stderr)
        let html = try String(contentsOfFile: out, encoding: .utf8)
        let page = try XHTMLOutline(html)
        XCTAssertEqual(page.sectionIDs, ["summary", "data", "treatment", "comparisons", "replicates", "classification",
                                         "phenotypes", "time-courses", "distributions", "networks", "parameters", "methods"])
        // Time courses for the main network metrics and morphology, one distribution per feature,
        // each condition's representative cell on its video at three frames, and every cell in the gallery.
        for metric in ["algebraic_connectivity", "edge_density", "laplacian_gradient", "component_count", "split_rate",
                       "merge_rate", "object_count"] {
            XCTAssertTrue(page.figureIDs.contains("time-course-\(metric)"), metric)
        }
        XCTAssertTrue(html.contains(">live components (components)</text>"), "the component count's axis says what it counts")
        // The simulated videos have a pixel size and a frame interval: units are exact, not "µm, or px".
        XCTAssertTrue(html.contains(">mean branch length (µm)</text>"))
        XCTAssertTrue(html.contains(">Laplacian gradient (px⁻²/s)</text>"))
        XCTAssertFalse(html.contains("or px"))
        XCTAssertEqual(page.svgClasses.filter { $0 == "plot distribution" }.count, 17)
        XCTAssertEqual(page.svgClasses.filter { $0 == "plot cell-image" }.count, 3 * 4 + 24)
        XCTAssertEqual(page.svgClasses.filter { $0 == "plot time-course" }.count, 9)
        XCTAssertGreaterThan(page.elementCounts["ellipse", default: 0], 8 * 5)
        XCTAssertGreaterThan(page.elementCounts["polygon", default: 0], 4, "confidence bands")
        // Self-contained: nothing is fetched.
        for needle in ["<script", "src=\"http", "href=\"http", "<link", "@import", "url("] {
            XCTAssertFalse(html.contains(needle), needle)
        }
        XCTAssertTrue(html.contains(try database))
        XCTAssertTrue(html.contains("plexus"))
        XCTAssertTrue(html.contains("<th>min_distance</th>"), "the ingest parameters")
    }

    func testOtherFormats() throws {
        for (name, format) in [("report.md", "md"), ("report.csv", "csv"), ("report.json", "json")] {
            let result = try runPlexus(["report", "--db", try database, "--conditions", "llo", "--out", path(name)])
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertTrue(result.stderr.contains("(\(format))"), result.stderr)
        }
        // Writing again replaces the file (and leaves no temporary file behind).
        let again = try runPlexus(["report", "--db", try database, "--conditions", "llo", "--out", path("report.md")])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".tmp") }, [])
        let markdown = try String(contentsOfFile: path("report.md"), encoding: .utf8)
        XCTAssertTrue(markdown.hasPrefix("# Condition comparison: llo against control"))
        for heading in ["## Summary", "## Cells against the baseline", "## Replicate means against the baseline",
                        "## Classification", "## Parameters", "## Methods"] {
            XCTAssertTrue(markdown.contains(heading), heading)
        }
        let csv = try String(contentsOfFile: path("report.csv"), encoding: .utf8).split(separator: "\n")
        XCTAssertTrue(csv[0].hasPrefix("level,condition,baseline,feature,baseline_n,n,"))
        XCTAssertEqual(csv.filter { $0.hasPrefix("cell,llo,control,") }.count, 17)
        XCTAssertEqual(csv.filter { $0.hasPrefix("replicate,llo,control,") }.count, 17)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path("report.json")))) as? [String: Any]
        XCTAssertEqual(json?["baseline"] as? String, "control")
        XCTAssertEqual((json?["cells"] as? [Any])?.count, 12)
        // Its comparisons carry condition_compare's column names, like the CSV.
        let first = try XCTUnwrap((json?["comparisons"] as? [[String: Any]])?.first)
        XCTAssertTrue(Set(first.keys).isSubset(of: Set(csv[0].split(separator: ",").map(String.init))), "\(first.keys.sorted())")
        XCTAssertNotNil(first["mann_whitney_p_bh"])
        // The CSV holds the numbers of the query condition_compare, unchanged.
        let query = try runPlexus(["query", "--db", try database, "condition_compare", "--param", "conditions=llo", "--format", "csv"])
        XCTAssertEqual(query.status, 0, query.stderr)
        XCTAssertEqual(Array(query.stdout.split(separator: "\n")), Array(csv.prefix(18)))
        // --format wins over the extension; '-' is standard output.
        let stdout = try runPlexus(["report", "--db", try database, "--conditions", "llo", "--format", "csv", "--out", "-"])
        XCTAssertEqual(stdout.stdout.split(separator: "\n"), csv)
    }

    func testUnknownExtensionsAndMissingBrowserAreRefusedAndWriteNothing() throws {
        for name in ["report.xlsx", "report.txt"] {
            let result = try runPlexus(["report", "--db", try database, "--conditions", "llo", "--out", path(name)])
            XCTAssertNotEqual(result.status, 0)
            XCTAssertTrue(result.stderr.contains("html/htm, md/markdown, csv, json, pdf"), result.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: path(name)))
        }
        let contradiction = try runPlexus(["report", "--db", try database, "--conditions", "llo", "--format", "md",
                                           "--out", path("report.html")])
        XCTAssertNotEqual(contradiction.status, 0)
        XCTAssertTrue(contradiction.stderr.contains("--format md contradicts --out"), contradiction.stderr)
        // No browser on PATH (and none named): a PDF is refused with a hint, and no file appears.
        let empty = path("no-browser")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let pdf = try runPlexus(["report", "--db", try database, "--conditions", "llo", "--out", path("report.pdf")],
                                environment: ["PATH": empty])
        XCTAssertNotEqual(pdf.status, 0)
        XCTAssertTrue(pdf.stderr.contains("install chromium"), pdf.stderr)
        XCTAssertTrue(pdf.stderr.contains("print it from a browser"), pdf.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("report.pdf")))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".tmp") }, [])
    }

    func testPDFIsPrintedByChromiumWhenPresent() throws {
        guard (try? PDFPrinter.find()) != nil else { throw XCTSkip("no chromium, chromium-browser or google-chrome on PATH") }
        let result = try runPlexus(["report", "--db", try database, "--conditions", "llo", "--out", path("report.pdf")])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("(pdf)"), result.stderr)
        let data = try Data(contentsOf: URL(fileURLWithPath: path("report.pdf")))
        XCTAssertTrue(data.starts(with: Data("%PDF".utf8)))
        XCTAssertGreaterThan(data.count, 10_000)
        XCTAssertNil(data.range(of: Data("<!DOCTYPE html>".utf8)))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".tmp") }, [])
    }

    func testSeededBootstrapIsReproducible() throws {
        let a = try report(ReportOptions(baseline: "control", conditions: ["llo"], features: ["mean_edge_density"], seed: 5))
        let b = try report(ReportOptions(baseline: "control", conditions: ["llo"], features: ["mean_edge_density"], seed: 5))
        let c = try report(ReportOptions(baseline: "control", conditions: ["llo"], features: ["mean_edge_density"], seed: 6))
        XCTAssertEqual(a.comparisons[0].cohensDLow, b.comparisons[0].cohensDLow)
        XCTAssertEqual(a.classification.confusion, b.classification.confusion)
        XCTAssertNotEqual(a.comparisons[0].cohensDLow, c.comparisons[0].cohensDLow)
        XCTAssertEqual(a.features, ["mean_edge_density"])
    }

    // MARK: Bad input

    func testBaselineAbsentListsTheConditions() throws {
        let result = try runPlexus(["report", "--db", try database, "--baseline", "ctrl", "--out", path("r.html")])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("the baseline condition 'ctrl' is not in"), result.stderr)
        XCTAssertTrue(result.stderr.contains("control, control_b, llo, mdivi"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("r.html")))
    }

    /// A query of one's own (--queries) that renames a column the report reads
    /// fails the report, naming the query and the column, instead of turning
    /// the column's numbers into zeros.
    func testARenamedColumnIsAnErrorNamingIt() throws {
        let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("queries/conditions.sql")
        let text = try String(contentsOf: shipped, encoding: .utf8)
        XCTAssertTrue(text.contains("AS fitted_frames"))
        let folder = path("my-queries")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try text.replacingOccurrences(of: "AS fitted_frames", with: "AS fitted")
            .write(toFile: folder + "/conditions.sql", atomically: true, encoding: .utf8)
        let result = try runPlexus(["report", "--db", try database, "--queries", folder, "--out", path("r.json")])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("the query conditions has no column fitted_frames (its columns: condition, videos, cells, replicates, calibrated_videos, fitted)"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("r.json")))
    }

    func testUnknownConditionAndFeatureAreNamed() throws {
        let condition = try runPlexus(["report", "--db", try database, "--conditions", "llo,taxol", "--out", path("r.html")])
        XCTAssertNotEqual(condition.status, 0)
        XCTAssertTrue(condition.stderr.contains("'taxol' is not a condition"), condition.stderr)
        let feature = try runPlexus(["report", "--db", try database, "--features", "branchiness", "--out", path("r.html")])
        XCTAssertNotEqual(feature.status, 0)
        XCTAssertTrue(feature.stderr.contains("no feature named 'branchiness'"), feature.stderr)
        XCTAssertTrue(feature.stderr.contains("mean_laplacian_gradient"), feature.stderr)
        let resamples = try runPlexus(["report", "--db", try database, "--resamples", "5", "--out", path("r.html")])
        XCTAssertNotEqual(resamples.status, 0)
        XCTAssertTrue(resamples.stderr.contains("--resamples"), resamples.stderr)
    }

    func testEmptyAndForeignDatabases() throws {
        let empty = path("empty.sqlite")
        do { _ = try ExperimentStore(path: empty) }
        let result = try runPlexus(["report", "--db", empty, "--out", path("r.html")])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("holds no analysed cells"), result.stderr)

        let foreign = path("foreign.sqlite")
        do { try SQLiteConnection(path: foreign, mode: .readWriteCreate).execute("CREATE TABLE notes (text TEXT)") }
        let other = try runPlexus(["report", "--db", foreign, "--out", path("r.html")])
        XCTAssertNotEqual(other.status, 0)
        XCTAssertTrue(other.stderr.contains("is not a Plexus experiment database"), other.stderr)

        let missing = try runPlexus(["report", "--db", path("missing.sqlite"), "--out", path("r.html")])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("no such database"), missing.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("missing.sqlite")))
    }

    /// A copy of the experiment, changed by `sql`.
    func copy(_ name: String, changedBy sql: String) throws -> String {
        let copy = path(name)
        try FileManager.default.copyItem(atPath: try database, toPath: copy)
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: try database + suffix) {
            try FileManager.default.copyItem(atPath: try database + suffix, toPath: copy + suffix)
        }
        do { try SQLiteConnection(path: copy, mode: .readWrite).execute(sql) }
        return copy
    }

    /// Condition names are data: spaces, commas, quotes and names that look like
    /// numbers or NULL reach the queries as they are.
    func testConditionNamesAreTakenLiterally() throws {
        let copy = try copy("names.sqlite", changedBy: """
            UPDATE video SET condition = 'drug A, 10 µM "x"' WHERE condition = 'mdivi';
            UPDATE video SET condition = '007' WHERE condition = 'llo';
            UPDATE video SET condition = 'NULL' WHERE condition = 'control';
            """)
        let report = try ConditionReport.build(database: copy, catalog: try catalog,
                                               options: ReportOptions(baseline: "NULL", conditions: ["007", "drug A, 10 µM \"x\"", "007"]),
                                               toolVersion: "test")
        XCTAssertEqual(report.compared, ["007", "drug A, 10 µM \"x\""], "duplicates dropped, order kept")
        for condition in report.compared {
            let rows = report.comparisons.filter { $0.condition == condition }
            XCTAssertEqual(rows.count, report.features.count, condition)
            XCTAssertTrue(rows.allSatisfy { $0.n == 6 && $0.baselineN == 6 && $0.mannWhitneyP != nil }, condition)
        }
        XCTAssertEqual(report.classification.classes, ["NULL", "007", "drug A, 10 µM \"x\""])
        XCTAssertNotNil(report.classification.accuracy)
        XCTAssertNoThrow(try XHTMLOutline(try report.rendered(as: .html)))
    }

    /// A condition whose videos gave no analysed frames is reported as not
    /// computable (0 cells), not dropped; a baseline like that is an error.
    func testConditionWithoutAnalysedCells() throws {
        let copy = try copy("no-cells.sqlite", changedBy: """
            UPDATE frame SET status = 'empty' WHERE cell_id IN
                (SELECT c.id FROM cell c JOIN video v ON v.id = c.video_id WHERE v.condition = 'mdivi')
            """)
        let report = try ConditionReport.build(database: copy, catalog: try catalog,
                                               options: ReportOptions(conditions: ["llo", "mdivi"]), toolVersion: "test")
        let mdivi = report.comparisons.filter { $0.condition == "mdivi" }
        XCTAssertEqual(mdivi.count, report.features.count)
        XCTAssertTrue(mdivi.allSatisfy { $0.n == 0 && $0.baselineN == 6 && $0.mannWhitneyP == nil && $0.note == "not computable: 0 cells in mdivi" })
        XCTAssertEqual(report.classification.classes, ["control", "llo"], "a condition without cells is no class")
        XCTAssertNotNil(report.classification.accuracy)
        XCTAssertThrowsError(try ConditionReport.build(database: copy, catalog: try catalog,
                                                       options: ReportOptions(baseline: "mdivi"), toolVersion: "test")) {
            XCTAssertTrue("\($0)".contains("the baseline condition 'mdivi' has no analysed cells"), "\($0)")
        }
    }

    /// Slopes of cells with and without a frame interval are in different units: the report says so.
    func testMixedFrameIntervalsAreFlagged() throws {
        let copy = try copy("intervals.sqlite", changedBy: """
            UPDATE video SET frame_interval_s = NULL WHERE condition = 'llo';
            UPDATE frame SET time_s = NULL WHERE cell_id IN
                (SELECT c.id FROM cell c JOIN video v ON v.id = c.video_id WHERE v.condition = 'llo')
            """)
        let report = try ConditionReport.build(database: copy, catalog: try catalog,
                                               options: ReportOptions(conditions: ["llo"]), toolVersion: "test")
        XCTAssertEqual(report.warnings.count, 1)
        XCTAssertTrue(report.warnings[0].contains("6 of 12 cells have no frame interval"), report.warnings[0])
        // The time courses fall back to frame indices.
        XCTAssertTrue(report.timeCourses.contains { $0.condition == "llo" && $0.timeSeconds == nil })
        let html = try report.rendered(as: .html)
        XCTAssertTrue(html.contains("class=\"warning\""))
        XCTAssertTrue(html.contains(">frame</text>"))
    }

    /// A condition with one cell: its tests are not computable (NULL, with a
    /// note), never p = 1, and the report still renders.
    func testConditionWithOneCellIsNotComputable() throws {
        let copy = try copy("one-cell.sqlite", changedBy:
            "UPDATE video SET condition = 'single' WHERE id = (SELECT MIN(id) FROM video WHERE condition = 'mdivi')")
        let report = try ConditionReport.build(database: copy, catalog: try catalog,
                                               options: ReportOptions(conditions: ["single", "llo"]), toolVersion: "test")
        let single = report.comparisons.filter { $0.condition == "single" }
        XCTAssertEqual(single.count, report.features.count)
        for comparison in single {
            XCTAssertEqual(comparison.n, 1)
            XCTAssertNil(comparison.mannWhitneyP)
            XCTAssertNil(comparison.mannWhitneyPBH)
            XCTAssertNil(comparison.welchTP)
            XCTAssertNil(comparison.cohensD)
            XCTAssertNil(comparison.cliffsDeltaLow)
            XCTAssertEqual(comparison.note, "not computable: 1 cell in single")
        }
        // The other condition's adjustment is unaffected by the missing tests.
        XCTAssertTrue(report.comparisons.filter { $0.condition == "llo" }.allSatisfy { $0.mannWhitneyPBH != nil })
        // One cell cannot be cross-validated.
        XCTAssertNil(report.classification.accuracy)
        XCTAssertNotNil(report.classification.notComputable)
        let html = try report.rendered(as: .html)
        XCTAssertNoThrow(try XHTMLOutline(html))
        XCTAssertTrue(html.contains("not computable: 1 cell in single"))
        XCTAssertTrue(html.contains("Classification not computable") || html.contains("class=\"not-computable\""))
    }
}

/// What a test needs to know of an XHTML page, parsed as XML (a parse error throws).
struct XHTMLOutline {
    var sectionIDs: [String] = []
    var figureIDs: [String] = []
    var svgClasses: [String] = []
    var elementCounts: [String: Int] = [:]

    init(_ html: String) throws {
        // XML knows no HTML doctype beyond this line; everything after it must be well formed.
        let delegate = Collector()
        let parser = XMLParser(data: Data(html.utf8))
        parser.delegate = delegate
        guard parser.parse() else {
            throw StoreError("the HTML is not well formed: \(parser.parserError.map { "\($0)" } ?? "?") at line \(parser.lineNumber)")
        }
        self = delegate.outline
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var outline = XHTMLOutline(empty: ())
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            outline.elementCounts[name, default: 0] += 1
            if name == "section", let id = attributes["id"] { outline.sectionIDs.append(id) }
            if name == "figure", let id = attributes["id"] { outline.figureIDs.append(id) }
            if name == "svg" { outline.svgClasses.append(attributes["class"] ?? "") }
        }
    }

    private init(empty: ()) {}
}
