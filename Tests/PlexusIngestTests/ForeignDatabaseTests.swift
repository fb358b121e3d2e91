import Foundation
import PlexusImaging
import PlexusIngest
import PlexusStore
import PlexusTestSupport
import XCTest

/// Plexus writes only to its own databases: another application's SQLite file
/// is refused unchanged, and what users add to a Plexus database survives.
final class ForeignDatabaseTests: TemporaryDirectoryTestCase {
    private func value(_ connection: SQLiteConnection, _ sql: String) throws -> SQLValue? {
        try connection.rows(sql).first?.first
    }

    private func ingest(_ database: String, video: String) throws -> BatchSummary {
        try BatchIngest(store: try ExperimentStore(path: database), parameters: IngestParameters())
            .run([VideoSpec(path: video, condition: "c")], commandLine: "plexus ingest (test)")
    }

    func testAnotherApplicationsDatabaseIsRefusedByteForByte() throws {
        for (name, setup) in [
            ("notes.sqlite", "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('keep me'); PRAGMA user_version = 7"),
            ("video.sqlite", "CREATE TABLE video (id INTEGER PRIMARY KEY, title TEXT)"),
            ("other-id.sqlite", "PRAGMA application_id = 42; PRAGMA user_version = 3"),
        ] {
            let file = path(name)
            try SQLiteConnection(path: file, mode: .readWriteCreate).execute(setup)
            let before = try Data(contentsOf: URL(fileURLWithPath: file))
            XCTAssertThrowsError(try ExperimentStore(path: file), name) { error in
                let text = "\(error)"
                XCTAssertTrue(text.contains("an SQLite database of another application"), text)
                XCTAssertTrue(text.contains("has left this one unchanged"), text)
                XCTAssertFalse(text.contains("newer than this plexus"), text)
            }
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: file)), before, "\(name) changed")
            let journal = try value(try SQLiteConnection(path: file, mode: .readOnly), "PRAGMA journal_mode")
            XCTAssertEqual(journal, .text("delete"), "\(name) was switched to WAL")
        }
    }

    func testNewAndOlderPlexusDatabasesCarryTheApplicationID() throws {
        let fresh = path("fresh.sqlite")
        _ = try ExperimentStore(path: fresh)
        XCTAssertEqual(try SQLiteConnection(path: fresh, mode: .readOnly).scalarInt("PRAGMA application_id"),
                       ExperimentStore.applicationID)
        // A Plexus database written before migration 8 (id 0, version 7) is taken and marked.
        let older = path("older.sqlite")
        let connection = try SQLiteConnection(path: older, mode: .readWriteCreate)
        for migration in Schema.migrations where migration.version <= 7 { try connection.execute(migration.sql) }
        try connection.execute("PRAGMA user_version = 7")
        try connection.execute("""
            INSERT INTO ingest_run (started_at, tool_version, parameters_json, status, command_line)
            VALUES ('2026-01-01T00:00:00Z', '0.1.0', '{}', 'running', 'plexus ingest old')
            """)
        XCTAssertEqual(try connection.scalarInt("PRAGMA application_id"), 0)
        _ = try ExperimentStore(path: older)
        XCTAssertEqual(try connection.scalarInt("PRAGMA application_id"), ExperimentStore.applicationID)
        XCTAssertEqual(try connection.scalarInt("PRAGMA user_version"), Int64(Schema.currentVersion))
        // Migration 9 rebuilt ingest_run: the old run is kept, without a process to check.
        XCTAssertEqual(try connection.rows("SELECT status, command_line, pid FROM ingest_run"),
                       [[.text("running"), .text("plexus ingest old"), .null]])
        XCTAssertEqual(try connection.rows("PRAGMA foreign_key_check"), [])
    }

    /// A table and a column added in DBeaver or Datasette neither break ingest nor are touched by it.
    func testUserTablesAndColumnsAreLeftAlone() throws {
        let database = path("experiment.sqlite")
        let video = try DrawnCellVideo.threeCells.writeVideo(to: path("cells.tif"), frames: 2)
        _ = try ExperimentStore(path: database)
        let connection = try SQLiteConnection(path: database, mode: .readWrite)
        try connection.execute("""
            CREATE TABLE my_notes (cell_id INTEGER, note TEXT);
            INSERT INTO my_notes VALUES (1, 'looks fragmented');
            ALTER TABLE video ADD COLUMN my_rating INTEGER;
            ALTER TABLE frame ADD COLUMN my_flag TEXT DEFAULT 'unchecked';
            """)
        let summary = try ingest(database, video: video)
        XCTAssertEqual(summary.failed.map { $0.message ?? "" }, [])
        XCTAssertEqual(summary.ingested.count, 1)
        XCTAssertEqual(try connection.scalarInt("SELECT count(*) FROM my_notes"), 1)
        XCTAssertEqual(try value(connection, "SELECT note FROM my_notes"), .text("looks fragmented"))
        XCTAssertEqual(try value(connection, "SELECT my_rating FROM video"), .null)
        XCTAssertEqual(try connection.scalarInt("SELECT count(*) FROM frame WHERE my_flag = 'unchecked'"),
                       try connection.scalarInt("SELECT count(*) FROM frame"))
        XCTAssertGreaterThan(try connection.scalarInt("SELECT count(*) FROM frame") ?? 0, 0)
    }
}
