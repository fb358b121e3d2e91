import Foundation
import PlexusAnalytics
import PlexusStore
import PlexusTestSupport
import XCTest

/// The report depends on the videos and the options, not on the order in which
/// ingest happened to number the cells.
final class ReportDeterminismTests: TemporaryDirectoryTestCase {
    func testReportIsTheSameWhateverOrderTheCellsWereIngestedIn() throws {
        // Ten control cells, half of them called control_b: conditions that differ only by chance,
        // where the folds and the bootstrap's draws depend on the order of the cells.
        let simulate = try runPlexus(["simulate", "--out", "videos", "--conditions", "control", "--cells", "10",
                                      "--frames", "6", "--size", "96", "--seed", "4"])
        XCTAssertEqual(simulate.status, 0, simulate.stderr)
        let sheet = try String(contentsOfFile: path("videos/samples.csv"), encoding: .utf8)
        var lines = sheet.split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        for i in lines.indices where i % 2 == 1 { lines[i] = lines[i].replacingOccurrences(of: ",control,", with: ",control_b,") }
        try ([header] + lines).joined(separator: "\n").appending("\n").write(toFile: path("videos/samples.csv"), atomically: true, encoding: .utf8)
        // The same sheet with its rows reversed: the cells get other ids.
        try ([header] + lines.reversed()).joined(separator: "\n").appending("\n")
            .write(toFile: path("videos/reversed.csv"), atomically: true, encoding: .utf8)
        for (sheet, database) in [("videos/samples.csv", "forward.sqlite"), ("videos/reversed.csv", "reversed.sqlite")] {
            let ingest = try runPlexus(["ingest", sheet, "--db", database, "--jobs", "1", "--quiet"])
            XCTAssertEqual(ingest.status, 0, ingest.stderr)
        }
        let queries = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("queries").path
        let catalog = try NamedQuery.catalog(folders: [queries])
        let reports = try ["forward.sqlite", "reversed.sqlite"].map {
            try ConditionReport.build(database: path($0), catalog: catalog, options: ReportOptions(baseline: "control", resamples: 200),
                                      toolVersion: "test")
        }
        let ids = reports.map { $0.cells.map(\.id) }
        XCTAssertNotEqual(ids[0], ids[1], "the two ingests should number the cells differently")
        // Every per-cell query lists the cells by condition, video and label, whatever their ids:
        // the folds of the cross-validation and the bootstrap's draws follow that order.
        for name in ["cell_features", "feature_values", "period_feature_values"] {
            let query = try XCTUnwrap(catalog[name])
            let orders = try ["forward.sqlite", "reversed.sqlite"].map { database -> [String] in
                let connection = try SQLiteConnection(path: path(database), mode: .readOnly)
                let videos = Dictionary(uniqueKeysWithValues: try connection.rows("SELECT c.id, v.path FROM cell c JOIN video v ON v.id = c.video_id")
                    .compactMap { row -> (Int64, String)? in
                        guard case let .integer(id) = row[0], case let .text(video) = row[1] else { return nil }
                        return (id, URL(fileURLWithPath: video).lastPathComponent)
                    })
                var names: [String] = [], order: [String] = []
                try QueryRunner(path: path(database)).run(query.sql, parameters: try query.values([:]), columns: { names = $0.names }) { row in
                    guard let column = names.firstIndex(of: "cell_id"), case let .integer(id) = row[column] else { return }
                    let video = videos[id] ?? "?"
                    if order.last != video { order.append(video) }
                }
                return order
            }
            XCTAssertEqual(orders[0], orders[1], name)
            XCTAssertEqual(orders[0].count, 10, name)
        }
        XCTAssertEqual(reports[0].classification.accuracy, reports[1].classification.accuracy)
        XCTAssertEqual(reports[0].classification.confusion, reports[1].classification.confusion)
        XCTAssertEqual(reports[0].comparisons.map(\.cliffsDeltaLow), reports[1].comparisons.map(\.cliffsDeltaLow))
        XCTAssertEqual(reports[0].comparisons.map(\.mannWhitneyP), reports[1].comparisons.map(\.mannWhitneyP))
        XCTAssertEqual(reports[0].comparisons.map(\.cohensDHigh), reports[1].comparisons.map(\.cohensDHigh))
        // Not degenerate: the intervals are open, the accuracy not perfect.
        XCTAssertTrue(reports[0].comparisons.contains { ($0.cliffsDeltaLow ?? -1) > -1 && ($0.cliffsDeltaHigh ?? 1) < 1 })
        XCTAssertLessThan(try XCTUnwrap(reports[0].classification.accuracy), 1)
    }
}
