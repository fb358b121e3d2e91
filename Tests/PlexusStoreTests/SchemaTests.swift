import Foundation
import PlexusTestSupport
import XCTest
@testable import PlexusStore

/// schema.sql, its embedded copy, and the migrations built from it.
final class SchemaTests: TemporaryDirectoryTestCase {
    /// The repository's schema.sql, found from this file's location.
    static var schemaFile: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent() // PlexusStoreTests
            .deletingLastPathComponent() // Tests
            .deletingLastPathComponent() // repository
            .appendingPathComponent("schema.sql")
    }

    func testEmbeddedSchemaIsSchemaSQL() throws {
        let text = try String(contentsOf: Self.schemaFile, encoding: .utf8)
        // `make schema` wraps the file in a multi-line literal, which drops the final newline.
        let expected = text.hasSuffix("\n") ? String(text.dropLast()) : text
        XCTAssertTrue(Schema.sql == expected,
                      "Sources/PlexusStore/Schema+SQL.swift is out of date with schema.sql: run make schema")
    }

    /// The named queries compiled into plexus are queries/*.sql, every one and
    /// nothing else, byte for byte.
    func testShippedQueriesAreTheQueriesFolder() throws {
        let folder = Self.schemaFile.deletingLastPathComponent().appendingPathComponent("queries")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sql") }.sorted()
        XCTAssertEqual(ShippedQueries.files.map(\.key), files,
                       "Sources/PlexusStore/ShippedQueries.swift is out of date with queries/: run make schema")
        for (file, text) in ShippedQueries.files {
            XCTAssertTrue(text == (try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)),
                          "\(file) differs from its compiled copy: run make schema")
        }
        // Shipped queries need no folder: the catalogue of no folder has them all.
        XCTAssertEqual(try NamedQuery.catalog(folders: []).keys.sorted(), files.map { String($0.dropLast(4)) })
    }

    /// A staging file made from an experiment's table definitions has the
    /// tables, and the version, of one made by running every migration; what a
    /// user added to the experiment is not copied; only an empty file is made so.
    func testTablesFromAnExperimentsDefinitionsAreThoseOfTheMigrations() throws {
        func tables(_ connection: SQLiteConnection) throws -> [[String]] {
            let statement = try connection.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' ORDER BY name")
            var rows: [[String]] = []
            while try statement.step() { rows.append([statement.text(0), statement.text(1)]) }
            return rows
        }
        let experiment = try SQLiteConnection(path: directory.appendingPathComponent("experiment.sqlite").path, mode: .readWriteCreate)
        try Schema.migrate(experiment)
        try experiment.execute("CREATE TABLE my_notes (cell_id INTEGER, note TEXT); CREATE VIEW my_view AS SELECT * FROM frame")
        let definitions = try Schema.definitions(in: experiment)
        XCTAssertEqual(definitions.count, Schema.tableNames.intersection(try tables(experiment).map { $0[0] }).count)
        XCTAssertFalse(definitions.contains { $0.contains("my_notes") || $0.contains("my_view") })

        let staged = try SQLiteConnection(path: directory.appendingPathComponent("staged.sqlite").path, mode: .readWriteCreate)
        try Schema.create(staged, from: definitions)
        let migrated = try SQLiteConnection(path: directory.appendingPathComponent("migrated.sqlite").path, mode: .readWriteCreate)
        try Schema.migrate(migrated)
        XCTAssertEqual(try tables(staged), try tables(migrated))
        XCTAssertGreaterThan(try tables(staged).count, 10)
        XCTAssertEqual(try staged.scalarInt("PRAGMA user_version"), Int64(Schema.currentVersion))
        // Columns in the same order: rows copy from one into the other by position.
        for table in try tables(migrated).map({ $0[0] }) {
            let columns = { (connection: SQLiteConnection) throws -> [String] in
                let statement = try connection.prepare("SELECT name FROM pragma_table_info(?)")
                try statement.bind([.text(table)])
                var names: [String] = []
                while try statement.step() { names.append(statement.text(0)) }
                return names
            }
            XCTAssertEqual(try columns(staged), try columns(migrated), table)
        }
        XCTAssertThrowsError(try Schema.create(migrated, from: definitions))
    }

    func testMigrationsAreNumberedInOrder() {
        let migrations = Schema.migrations
        XCTAssertFalse(migrations.isEmpty)
        XCTAssertEqual(migrations.map(\.version), Array(1...max(1, migrations.count)),
                       "the -- migration N sections must be numbered 1, 2, 3, … in file order")
        XCTAssertEqual(Schema.currentVersion, migrations.count)
        for migration in migrations {
            XCTAssertTrue(migration.sql.contains("CREATE TABLE") || migration.sql.contains("ALTER TABLE")
                          || migration.sql.contains("PRAGMA application_id"),
                          "migration \(migration.version) is empty")
            XCTAssertFalse(migration.sql.contains("-- migration "), "migration \(migration.version) swallowed another")
        }
        // The text before the first section is a comment, not a migration.
        XCTAssertFalse(migrations[0].sql.contains("single source of truth"))
    }

    func testNewDatabaseIsAtTheCurrentVersion() throws {
        let file = path("new.sqlite")
        _ = try ExperimentStore(path: file)
        let db = try SQLiteConnection(path: file, mode: .readOnly)
        XCTAssertEqual(try db.scalarInt("PRAGMA user_version"), Int64(Schema.currentVersion))
        XCTAssertEqual(try db.scalar("PRAGMA journal_mode"), .text("wal"))
        XCTAssertEqual(try db.scalarInt("PRAGMA foreign_key_check"), nil)
        // Opening again does not re-run migrations (they would fail on existing tables).
        XCTAssertNoThrow(try ExperimentStore(path: file))
    }

    func testEveryTableIsStrictAndPerFrameTablesAreWithoutRowID() throws {
        let file = path("tables.sqlite")
        _ = try ExperimentStore(path: file)
        let db = try SQLiteConnection(path: file, mode: .readOnly)
        let tables = try db.rows("""
            SELECT name, strict, wr FROM pragma_table_list
            WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name
            """)
        let names = tables.compactMap { row -> String? in if case let .text(name) = row[0] { name } else { nil } }
        for required in ["ingest_run", "video", "cell", "frame", "component"] {
            XCTAssertTrue(names.contains(required), "table \(required) is missing (tables: \(names))")
        }
        for row in tables {
            XCTAssertEqual(row[1], .integer(1), "table \(row[0]) is not STRICT")
        }
        for name in ["frame", "component"] {
            let row = tables.first { $0[0] == .text(name) }
            XCTAssertEqual(row?[2], .integer(1), "table \(name) is not WITHOUT ROWID")
            let sql = try db.scalar("SELECT sql FROM sqlite_schema WHERE name = ?1", [.text(name)])
            guard case let .text(text) = sql else { return XCTFail("no sql for \(name)") }
            XCTAssertTrue(text.hasSuffix("STRICT, WITHOUT ROWID"), text)
        }
        // STRICT rejects a value of the wrong type instead of storing it.
        let writable = try SQLiteConnection(path: file, mode: .readWrite)
        XCTAssertThrowsError(try writable.execute("INSERT INTO cell (video_id, label) VALUES (1, 'one')")) { error in
            XCTAssertTrue("\(error)".contains("cannot store TEXT value in INTEGER column"), "\(error)")
        }
    }

    func testNewerDatabaseIsRefused() throws {
        let file = path("future.sqlite")
        _ = try ExperimentStore(path: file)
        let newer = Schema.currentVersion + 1
        try SQLiteConnection(path: file, mode: .readWrite).execute("PRAGMA user_version = \(newer)")
        let error = assertThrows(StoreError.self) { _ = try ExperimentStore(path: file) }
        XCTAssertTrue(error?.message.contains(file) ?? false, error?.message ?? "")
        XCTAssertTrue(error?.message.contains("newer plexus") ?? false, error?.message ?? "")
        XCTAssertTrue(error?.message.contains("\(newer)") ?? false, error?.message ?? "")
        // Refusing did not touch it.
        let db = try SQLiteConnection(path: file, mode: .readOnly)
        XCTAssertEqual(try db.scalarInt("PRAGMA user_version"), Int64(newer))
    }

    func testOlderDatabaseIsMigrated() throws {
        // An empty file (`touch experiment.sqlite`) is an SQLite database at version 0: it gets every migration.
        let file = path("empty.sqlite")
        XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: Data()))
        _ = try ExperimentStore(path: file)
        let db = try SQLiteConnection(path: file, mode: .readOnly)
        XCTAssertEqual(try db.scalarInt("PRAGMA user_version"), Int64(Schema.currentVersion))
        XCTAssertEqual(try db.count("sqlite_schema", where: "name = 'component'"), 1)
    }

    /// Migration 10 adds the shard of a run: NULL for runs recorded before it, and only I/N with 0 ≤ I < N.
    func testMigration10AddsTheShardOfARun() throws {
        let file = path("v9.sqlite")
        let connection = try SQLiteConnection(path: file, mode: .readWriteCreate)
        for migration in Schema.migrations where migration.version <= 9 { try connection.execute(migration.sql) }
        try connection.execute("""
            PRAGMA user_version = 9;
            INSERT INTO ingest_run (started_at, tool_version, parameters_json, status, command_line)
            VALUES ('2026-01-01T00:00:00Z', '0.1.0', '{}', 'finished', 'plexus ingest old');
            """)
        _ = try ExperimentStore(path: file)
        XCTAssertEqual(try connection.scalarInt("PRAGMA user_version"), Int64(Schema.currentVersion))
        XCTAssertEqual(try connection.rows("SELECT command_line, shard_index, shard_count, batch_sha256, merged_from FROM ingest_run"),
                       [[.text("plexus ingest old"), .null, .null, .null, .null]])
        let insert = "INSERT INTO ingest_run (started_at, tool_version, parameters_json, status, command_line, shard_index, shard_count) VALUES ('t', 'v', '{}', 'finished', 'c', "
        XCTAssertNoThrow(try connection.execute(insert + "2, 3)"))
        for (index, count) in [(3, 3), (-1, 3), (0, 0)] {
            XCTAssertThrowsError(try connection.execute(insert + "\(index), \(count))"), "shard \(index)/\(count)")
        }
        let store = try ExperimentStore(path: file)
        let run = try store.beginRun(toolVersion: "v", parametersJSON: "{}", commandLine: "c",
                                     shard: Shard(index: 1, count: 4, batchSHA256: "ab"))
        XCTAssertEqual(try connection.rows("SELECT shard_index, shard_count, batch_sha256 FROM ingest_run WHERE id = \(run)"),
                       [[.integer(1), .integer(4), .text("ab")]])
    }

    /// Two ingests started at once on a new database: both must open it (the
    /// second must not re-run migrations the first has just applied).
    func testConcurrentOpeningOfANewDatabase() throws {
        for attempt in 0..<20 {
            let file = path("race-\(attempt).sqlite")
            let errors = Locked<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 3) { _ in
                do {
                    _ = try ExperimentStore(path: file)
                } catch {
                    errors.withLock { $0.append("\(error)") }
                }
            }
            let failures = errors.current
            XCTAssertEqual(failures, [], "attempt \(attempt)")
            if !failures.isEmpty { break }
            let db = try SQLiteConnection(path: file, mode: .readOnly)
            XCTAssertEqual(try db.scalarInt("PRAGMA user_version"), Int64(Schema.currentVersion))
        }
    }

    func testTextFileIsRefusedAndKept() throws {
        let file = path("notes.sqlite")
        let text = "video,condition\na.tif,control\n"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let error = assertThrows(StoreError.self) { _ = try ExperimentStore(path: file) }
        XCTAssertTrue(error?.message.hasPrefix(file) ?? false, error?.message ?? "")
        XCTAssertTrue(error?.message.contains("not an SQLite file") ?? false, error?.message ?? "")
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), text, "the file was modified")
    }
}
