import Foundation
import PlexusStore
import PlexusTestSupport
import XCTest

/// A merged database opened unchanged in DuckDB through its SQLite scanner,
/// for cross-experiment queries: the same SQL gives the same rows in DuckDB as
/// in SQLite. DuckDB and the scanner come from the Python package registry
/// (installed when missing), since DuckDB's own download of the extension
/// needs a network these machines do not have.
final class DuckDBTests: TemporaryDirectoryTestCase {
    static let packages = ["duckdb==1.5.5", "duckdb-extensions==1.5.5", "duckdb-extension-sqlite-scanner==1.5.5"]

    /// A query across experiments: per condition, videos, cells, frames, and mean network size and mask area.
    static let query = """
        SELECT v.condition, count(DISTINCT v.id) AS videos, count(DISTINCT c.id) AS cells, count(*) AS frames,
               avg(f.component_count) AS mean_components, avg(f.mask_area_px) AS mean_mask_area_px,
               (SELECT count(*) FROM component AS k JOIN cell AS kc ON kc.id = k.cell_id
                    JOIN video AS kv ON kv.id = kc.video_id WHERE kv.condition = v.condition) AS components
        FROM video AS v JOIN cell AS c ON c.video_id = v.id JOIN frame AS f ON f.cell_id = c.id
        GROUP BY v.condition ORDER BY v.condition
        """

    func testAMergedDatabaseGivesTheSameRowsInDuckDB() throws {
        let python = "/usr/bin/env"
        var environment = ProcessInfo.processInfo.environment
        environment["PIP_BREAK_SYSTEM_PACKAGES"] = "1"
        let probe = try runBounded(python, ["python3", "-c", "import duckdb, duckdb_extensions"], environment: environment,
                                   timeout: .seconds(60))
        if probe.status != 0 {
            let install = try runBounded(python, ["python3", "-m", "pip", "install", "-q"] + Self.packages,
                                         environment: environment, timeout: .seconds(600))
            XCTAssertEqual(install.status, 0, "pip install \(Self.packages.joined(separator: " ")):\n\(install.output)")
        }

        // Two shards of a simulated sheet, merged.
        XCTAssertEqual(try runPlexus(["simulate", "--out", "videos", "--cells", "2", "--conditions", "control,llo",
                                      "--frames", "4", "--size", "96", "--seed", "5"]).status, 0)
        for shard in 0..<2 {
            let result = try runPlexus(["ingest", "videos/samples.csv", "--db", "shard-\(shard).sqlite", "--shard", "\(shard)/2", "--quiet"])
            XCTAssertEqual(result.status, 0, result.stderr)
        }
        let merged = path("experiment.sqlite")
        let merge = try runPlexus(["merge", "--db", merged, "shard-0.sqlite", "shard-1.sqlite"])
        XCTAssertEqual(merge.status, 0, merge.stderr + merge.stdout)
        let before = try Data(contentsOf: URL(fileURLWithPath: merged))

        let program = """
            import json, sys, duckdb, duckdb_extensions
            duckdb_extensions.import_extension('sqlite_scanner')
            connection = duckdb.connect()
            connection.execute("ATTACH '" + sys.argv[1].replace("'", "''") + "' AS p (TYPE sqlite, READ_ONLY)")
            connection.execute('USE p')
            print(json.dumps(connection.execute(sys.argv[2]).fetchall()))
            """
        let duck = try runBounded(python, ["python3", "-c", program, merged, Self.query], environment: environment,
                                  in: directory.path, timeout: .seconds(120))
        XCTAssertEqual(duck.status, 0, duck.output)
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(duck.output.utf8)) as? [[Any]], duck.output)

        let expected = try SQLiteConnection.reading(merged).rows(Self.query)
        XCTAssertEqual(expected.count, 2, "two conditions")
        XCTAssertEqual(rows.count, expected.count)
        for (row, sqlite) in zip(rows, expected) {
            XCTAssertEqual(row.count, sqlite.count)
            for (value, truth) in zip(row, sqlite) {
                switch truth {
                case let .text(text): XCTAssertEqual(value as? String, text)
                case let .integer(integer): XCTAssertEqual((value as? NSNumber)?.int64Value, integer, "\(row)")
                case let .real(real):
                    let number = try XCTUnwrap((value as? NSNumber)?.doubleValue, "\(row)")
                    XCTAssertEqual(number, real, accuracy: 1e-12 * max(1, abs(real)), "\(row)")
                default: XCTFail("unexpected \(truth) in \(sqlite)")
                }
            }
        }
        XCTAssertEqual(rows.map { $0[0] as? String }, ["control", "llo"])
        XCTAssertEqual(rows.map { ($0[1] as? NSNumber)?.intValue }, [2, 2])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: merged)), before, "DuckDB read the file without changing it")
    }
}
