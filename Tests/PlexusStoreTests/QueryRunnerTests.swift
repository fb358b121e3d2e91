import Foundation
import PlexusNumerics
import PlexusStore
import XCTest

final class QueryRunnerTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("plexus-query-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A database with a few rows, written through the store and then closed.
    func makeDatabase() throws -> String {
        let path = directory.appendingPathComponent("q.sqlite").path
        let store = try ExperimentStore(path: path)
        _ = try store.beginRun(toolVersion: "test", parametersJSON: "{}", commandLine: "test")
        return path
    }

    func collect(_ runner: QueryRunner, _ sql: String, _ parameters: [String: SQLValue] = [:]) throws -> [[String]: [[SQLValue]]] {
        var results: [[String]: [[SQLValue]]] = [:]
        var current: [String] = []
        try runner.run(sql, parameters: parameters, columns: { current = $0.names; results[current] = [] },
                       row: { results[current, default: []].append($0) })
        return results
    }

    func testWritesAreRefusedAndTheFileIsUnchanged() throws {
        let path = try makeDatabase()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let runner = try QueryRunner(path: path)
        for sql in ["DELETE FROM ingest_run", "INSERT INTO ingest_run (started_at, tool_version, parameters_json, status, command_line) VALUES ('', '', '', 'running', '')",
                    "DROP TABLE frame", "CREATE TABLE x (a)", "UPDATE ingest_run SET status = 'failed'",
                    "SELECT 1; DELETE FROM ingest_run", "PRAGMA user_version = 7", "CREATE TEMP TABLE y (a)"] {
            XCTAssertThrowsError(try collect(runner, sql), sql) { error in
                XCTAssertTrue("\(error)".contains("would modify the database"), "\(error)")
            }
        }
        XCTAssertEqual(try collect(runner, "SELECT count(*) AS n FROM ingest_run")[["n"]], [[.integer(1)]])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
    }

    func testParametersAndErrors() throws {
        let runner = try QueryRunner(path: try makeDatabase())
        XCTAssertEqual(try collect(runner, "SELECT :a + 1 AS b, :c AS c", ["a": .integer(41), "c": .text("x")])[["b", "c"]],
                       [[.integer(42), .text("x")]])
        XCTAssertThrowsError(try collect(runner, "SELECT :missing")) { XCTAssertTrue("\($0)".contains("missing parameter :missing")) }
        XCTAssertThrowsError(try collect(runner, "SELECT ?")) { XCTAssertTrue("\($0)".contains("positional parameter")) }
        XCTAssertThrowsError(try collect(runner, "SELECT nope FROM frame")) { XCTAssertTrue("\($0)".contains("no such column: nope")) }
        XCTAssertThrowsError(try collect(runner, "SELECT * FROM missing_table")) { XCTAssertTrue("\($0)".contains("no such table: missing_table")) }
        XCTAssertEqual(try runner.parameterNames("SELECT :x, :y; SELECT :x"), ["x", "y"])
        XCTAssertEqual(QueryRunner.value(parsing: "3"), .integer(3))
        XCTAssertEqual(QueryRunner.value(parsing: "2.5"), .real(2.5))
        XCTAssertEqual(QueryRunner.value(parsing: "NULL"), .null)
        XCTAssertEqual(QueryRunner.value(parsing: "'7'"), .text("7"))
        XCTAssertEqual(QueryRunner.value(parsing: "control"), .text("control"))
        XCTAssertThrowsError(try QueryRunner(path: directory.appendingPathComponent("none.sqlite").path)) {
            XCTAssertTrue("\($0)".contains("no such database"))
        }
    }

    func testFormats() throws {
        let runner = try QueryRunner(path: try makeDatabase())
        let sql = "SELECT 1 AS n, 'a,\"b\"' AS text, NULL AS empty, 0.5 AS x UNION ALL SELECT 22, 'line\nbreak', NULL, 1e300"
        func render(_ format: ResultFormat) throws -> String {
            var out = ""
            let writer = ResultWriter(format: format) { out += $0 }
            try runner.run(sql, columns: { writer.begin($0.names) }, row: { writer.row($0.map(\.json)) })
            writer.finish()
            return out
        }
        XCTAssertEqual(try render(.csv), "n,text,empty,x\n1,\"a,\"\"b\"\"\",,0.5\n22,\"line\nbreak\",,1e+300\n")
        let json = try render(.json)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        XCTAssertEqual(parsed?.count, 2)
        XCTAssertEqual(parsed?[0]["text"] as? String, "a,\"b\"")
        XCTAssertTrue(parsed?[0]["empty"] is NSNull)
        XCTAssertEqual(parsed?[1]["text"] as? String, "line\nbreak")
        let table = try render(.table).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(table[0], "n   text         empty  x")
        XCTAssertEqual(table[1], "--  -----------  -----  ------")
        XCTAssertEqual(table[2], "1   a,\"b\"               0.5")
        XCTAssertEqual(table[3], "22  line\\nbreak         1e+300")
        // Two statements: two result sets.
        var csv = ""
        let writer = ResultWriter(format: .csv) { csv += $0 }
        try runner.run("SELECT 1 AS a; SELECT 2 AS b", columns: { writer.begin($0.names) }, row: { writer.row($0.map(\.json)) })
        writer.finish()
        XCTAssertEqual(csv, "a\n1\n\nb\n2\n")
    }

    func testNamedQueryHeader() throws {
        let path = directory.appendingPathComponent("demo_query.sql").path
        try """
            -- title: A demo
            -- description: First line,
            --   second line.
            -- param: cell_id = NULL  (one cell)
            -- param: kind = a [a, b]  (which)
            -- param: needed  (no default)
            SELECT :cell_id, :kind, :needed;
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let query = try NamedQuery(path: path)
        XCTAssertEqual(query.name, "demo_query")
        XCTAssertEqual(query.title, "A demo")
        XCTAssertEqual(query.description, "First line, second line.")
        XCTAssertEqual(query.parameters.map(\.name), ["cell_id", "kind", "needed"])
        XCTAssertEqual(query.parameters[1].choices, ["a", "b"])
        XCTAssertNil(query.parameters[2].defaultValue)
        XCTAssertThrowsError(try query.values([:])) { XCTAssertTrue("\($0)".contains("needs --param needed")) }
        XCTAssertThrowsError(try query.values(["needed": "1", "kind": "c"])) { XCTAssertTrue("\($0)".contains("must be one of a, b")) }
        XCTAssertThrowsError(try query.values(["needed": "1", "other": "2"])) { XCTAssertTrue("\($0)".contains("has no parameter other")) }
        let values = try query.values(["needed": "5"])
        XCTAssertEqual(values, ["cell_id": .null, "kind": .text("a"), "needed": .integer(5)])
        try "SELECT 1;".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try NamedQuery(path: path)) { XCTAssertTrue("\($0)".contains("title")) }
    }

    /// `-- uses:` makes one query a common table expression of another, with its
    /// parameters, whatever comments and terminators either file has.
    func testQueriesUsingOthers() throws {
        let folder = directory.appendingPathComponent("uses").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        func write(_ name: String, _ text: String) throws {
            try text.write(toFile: folder + "/\(name).sql", atomically: true, encoding: .utf8)
        }
        try write("base", """
            -- title: Base
            -- description: Numbers up to :top; a ';' in a string and a comment.
            -- param: top = 3  (the last number)
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :top)
            SELECT i, 'a;b' AS text FROM n;  -- one row a number
            """)
        try write("doubled", """
            -- title: Doubled
            -- description: The base numbers doubled, with a WITH clause of its own after a comment.
            -- uses: base
            /* a block comment */
            -- and a line comment
            WITH d AS (SELECT i * 2 AS j, text FROM base)
            SELECT SUM(j) AS total, MIN(text) AS text FROM d;
            """)
        try write("plain", """
            -- title: Plain
            -- description: Uses two queries, no WITH of its own.
            -- uses: base, doubled
            SELECT (SELECT COUNT(*) FROM base) AS n, (SELECT total FROM doubled) AS total
            """)
        let catalog = try NamedQuery.catalog(folders: [folder])
        XCTAssertEqual(catalog["doubled"]?.parameters.map(\.name), ["top"])
        let runner = try QueryRunner(path: try makeDatabase())
        let doubled = try collect(runner, catalog["doubled"]!.sql, try catalog["doubled"]!.values(["top": "4"]))
        XCTAssertEqual(doubled[["total", "text"]], [[.integer(20), .text("a;b")]])
        let plain = try collect(runner, catalog["plain"]!.sql, try catalog["plain"]!.values([:]))
        XCTAssertEqual(plain[["n", "total"]], [[.integer(3), .integer(12)]])

        // Materialised: `base` read from a TEMP table gives the same rows; the file
        // is untouched and the connection is read-only again afterwards.
        let database = try makeDatabase()
        let before = try Data(contentsOf: URL(fileURLWithPath: database))
        let reader = try QueryRunner(path: database)
        try reader.materialize("base", query: catalog["base"]!.sql, parameters: ["top": .integer(4)])
        let fromTable = try catalog["doubled"]!.reading(tables: ["base"], in: catalog)
        XCTAssertFalse(fromTable.sql.contains("base AS ("))
        XCTAssertEqual(fromTable.parameters.map(\.name), [])
        XCTAssertEqual(try collect(reader, fromTable.sql)[["total", "text"]], [[.integer(20), .text("a;b")]])
        XCTAssertThrowsError(try collect(reader, "CREATE TEMP TABLE t (x)")) { XCTAssertTrue("\($0)".contains("would modify")) }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: database)), before)

        try write("loop_a", "-- title: A\n-- description: a\n-- uses: loop_b\nSELECT 1\n")
        try write("loop_b", "-- title: B\n-- description: b\n-- uses: loop_a\nSELECT 1\n")
        XCTAssertThrowsError(try NamedQuery.catalog(folders: [folder])) { XCTAssertTrue("\($0)".contains("in a circle"), "\($0)") }
        try FileManager.default.removeItem(atPath: folder + "/loop_b.sql")
        XCTAssertThrowsError(try NamedQuery.catalog(folders: [folder])) {
            XCTAssertTrue("\($0)".contains("uses loop_b, but there is no query named loop_b"), "\($0)")
        }
    }

    func testEveryShippedQueryHasAHeaderAndOnlyReads() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("queries").path
        let catalog = try NamedQuery.catalog(folders: [folder])
        XCTAssertGreaterThanOrEqual(catalog.count, 7)
        let runner = try QueryRunner(path: try makeDatabase())
        for query in catalog.values {
            XCTAssertFalse(query.description.isEmpty, query.name)
            // Runs (on an empty experiment) with its defaults, required parameters set to 1:
            // valid, read-only SQL.
            var given: [String: String] = [:]
            for parameter in query.parameters where parameter.defaultValue == nil { given[parameter.name] = "1" }
            XCTAssertNoThrow(try collect(runner, query.sql, try query.values(given)), query.name)
        }
    }
}
