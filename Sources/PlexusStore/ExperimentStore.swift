import CSQLite
import Foundation
import PlexusNumerics

/// The experiment database: opened (created and migrated when needed) in WAL
/// mode so that readers can query while an ingest writes.
///
/// Shared by an ingest's workers: after `init`, every use of the connection
/// holds `lock` (through `locked`).
package final class ExperimentStore: @unchecked Sendable {
    package let path: String
    let connection: SQLiteConnection
    private let lock = NSLock()
    /// The definitions of Plexus's tables as this database holds them, for
    /// each video's staging file (`StagedVideo`): read once, when it is opened.
    package private(set) var stagingSchema: [String] = []

    /// The outcome of committing a staged video.
    package enum CommitResult: Equatable, Sendable {
        case inserted(videoID: Int64)
        /// The same file with the same parameters was already present.
        case alreadyPresent(videoID: Int64)
    }

    package init(path: String) throws {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        let folder = directory.isEmpty ? "." : directory
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw StoreError("\(path): cannot create the database: folder \(folder) does not exist")
        }
        if FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.isWritableFile(atPath: path) else {
                throw StoreError("\(path): the database is not writable (check its permissions)")
            }
        } else if !FileManager.default.isWritableFile(atPath: folder) {
            throw StoreError("\(path): cannot create the database: folder \(folder) is not writable")
        }
        connection = try SQLiteConnection(path: path, mode: .readWriteCreate)
        var attempts = 0
        while true {
            do {
                // Whose file it is, read before anything is written (WAL mode is a write).
                try Self.checkOwnership(connection, path: path)
                try connection.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON")
                break
            } catch {
                let code = ((error as? SQLiteFailure)?.code ?? sqlite3_errcode(connection.handle)) & 0xff
                // Two ingests opening a new database at once: switching it to WAL needs an
                // exclusive lock, and SQLite reports the conflict at once instead of waiting.
                if code == SQLITE_BUSY && attempts < 500 {
                    attempts += 1
                    usleep(10_000)
                    continue
                }
                if error is ForeignDatabase { throw StoreError("\(error)") }
                if code == SQLITE_NOTADB {
                    throw StoreError("\(path): not a Plexus database, or not an SQLite file (\(error))")
                }
                throw StoreError("\(path): cannot open the database (\(error))")
            }
        }
        try Schema.migrate(connection)
        stagingSchema = try Schema.definitions(in: connection)
    }

    /// `PRAGMA application_id` of a Plexus database ("PLXS"), set by migration 8.
    package static let applicationID: Int64 = 0x504C_5853

    struct ForeignDatabase: Error, CustomStringConvertible {
        let description: String
    }

    /// An SQLite error with the result code it had when it happened.
    struct SQLiteFailure: Error, CustomStringConvertible {
        let code: Int32
        let underlying: Error
        var description: String { "\(underlying)" }
    }

    /// Plexus writes to a database only if it is new (no tables, no version,
    /// no application id), carries Plexus's application id, or is a Plexus
    /// database from before the id was set (application id 0, a schema
    /// version, and Plexus's tables). Anything else is another application's
    /// file, refused before a byte of it changes.
    /// `refusal` ends the message for another application's file.
    static func checkOwnership(_ connection: SQLiteConnection, path: String,
                               refusal: String = "plexus writes only to its own databases or to a new file, and has left this one unchanged: give another --db") throws {
        // One read transaction: a second ingest may be creating the schema meanwhile, and
        // the id, the version and the tables must come from the same moment.
        var tables: [String] = []
        var application: Int64 = 0, version: Int64 = 0
        try connection.execute("BEGIN")
        do {
            let statement = try connection.prepare(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            while try statement.step() { tables.append(statement.text(0)) }
            application = try connection.scalarInt("PRAGMA application_id") ?? 0
            version = try connection.scalarInt("PRAGMA user_version") ?? 0
        } catch {
            // The caller decides by SQLite's code (busy: retry; not a database: say so).
            let code = sqlite3_errcode(connection.handle)
            try? connection.execute("ROLLBACK")
            throw SQLiteFailure(code: code, underlying: error)
        }
        try connection.execute("COMMIT")
        if application == applicationID { return }
        if application == 0 && version == 0 && tables.isEmpty { return }
        if application == 0 && version >= 1 && Set(["ingest_run", "video", "cell", "frame", "component"]).isSubset(of: tables) {
            return
        }
        let shown = tables.prefix(8).joined(separator: ", ") + (tables.count > 8 ? ", …" : "")
        throw ForeignDatabase(description: "\(path): an SQLite database of another application (application_id \(application), user_version \(version), tables: \(tables.isEmpty ? "none" : shown)); \(refusal)")
    }

    /// Records the start of an ingest run and returns its id.
    /// With `shard`, the run is shard I of N of a batch (ingest_run.shard_index,
    /// shard_count, batch_sha256).
    package func beginRun(toolVersion: String, parametersJSON: String, commandLine: String,
                         shard: Shard? = nil) throws -> Int64 {
        try locked {
            try connection.prepare("""
                INSERT INTO ingest_run (started_at, tool_version, parameters_json, status, command_line, pid, host,
                                        shard_index, shard_count, batch_sha256)
                VALUES (?1, ?2, ?3, 'running', ?4, ?5, ?6, ?7, ?8, ?9)
                """).run([.text(Self.timestamp()), .text(toolVersion), .text(parametersJSON), .text(commandLine),
                         .integer(Int64(getpid())), .text(Self.hostName),
                         shard.map { .integer(Int64($0.index)) } ?? .null, shard.map { .integer(Int64($0.count)) } ?? .null,
                         shard.map { .text($0.batchSHA256) } ?? .null])
            return connection.lastInsertedRowID
        }
    }

    /// How a run ended (ingest_run.status).
    package enum RunEnd: String, Sendable {
        case finished, failed, interrupted
    }

    package func finishRun(_ id: Int64, succeeded: Bool) throws {
        try finishRun(id, as: succeeded ? .finished : .failed)
    }

    package func finishRun(_ id: Int64, as end: RunEnd) throws {
        try locked {
            try connection.prepare("UPDATE ingest_run SET finished_at = ?1, status = ?2 WHERE id = ?3")
                .run([.text(Self.timestamp()), .text(end.rawValue), .integer(id)])
        }
    }

    /// Marks 'interrupted' the runs still 'running' whose process is gone: run
    /// on this host by a process id that no longer exists (killed, or crashed).
    /// Runs of other hosts, and runs recorded before their process was (NULL
    /// pid), cannot be told apart from live ones and are left. Returns their ids.
    @discardableResult
    package func markAbandonedRuns() throws -> [Int64] {
        try locked {
            let statement = try connection.prepare("SELECT id, pid FROM ingest_run WHERE status = 'running' AND host = ?1 AND pid IS NOT NULL")
            try statement.bind([.text(Self.hostName)])
            var gone: [Int64] = []
            while try statement.step() {
                let pid = pid_t(truncatingIfNeeded: statement.int(1))
                if pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH { gone.append(statement.int(0)) }
            }
            for id in gone {
                try connection.prepare("UPDATE ingest_run SET status = 'interrupted' WHERE id = ?1 AND status = 'running'")
                    .run([.integer(id)])
            }
            return gone
        }
    }

    /// This machine's name, as runs record it.
    static let hostName: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "unknown" }
        return String(nulTerminated: buffer)
    }()

    /// The id of the video with this file content and parameters, if stored.
    package func videoID(sha256: String, parametersSHA256: String) throws -> Int64? {
        try locked {
            try connection.scalarInt(Self.storedVideo(sha256: "?1", parametersSHA256: "?2"),
                                     [.text(sha256), .text(parametersSHA256)])
        }
    }

    /// The one rule by which a video is already stored, for ingest (skip or
    /// `alreadyPresent`) and merge (skip) alike: the same file content
    /// (sha256) analysed with the same parameters and mask (parameters_sha256).
    /// A query for the id of such a video in main, given SQL expressions for
    /// the two hashes (bound parameters, or a shard's columns).
    static func storedVideo(sha256: String, parametersSHA256: String) -> String {
        "SELECT id FROM main.video WHERE sha256 = \(sha256) AND parameters_sha256 = \(parametersSHA256)"
    }

    /// Copies a finished staged video into the experiment in one transaction.
    /// With `replace`, every earlier ingest of the same file (same SHA-256,
    /// whatever its parameters) is deleted in that same transaction.
    package func commit(_ staged: StagedVideo, runID: Int64, replace: Bool) throws -> CommitResult {
        try locked {
            let sha256 = staged.sha256, parametersSHA256 = staged.parametersSHA256
            try connection.prepare("ATTACH DATABASE ?1 AS staged").run([.text(staged.path)])
            defer { try? connection.execute("DETACH DATABASE staged") }
            return try connection.transaction {
                if replace {
                    try connection.prepare("DELETE FROM video WHERE sha256 = ?1").run([.text(sha256)])
                } else if let existing = try connection.scalarInt(
                    Self.storedVideo(sha256: "?1", parametersSHA256: "?2"),
                    [.text(sha256), .text(parametersSHA256)]) {
                    return .alreadyPresent(videoID: existing)
                }
                let videoColumns = try columns(of: "video", in: "staged").filter { $0 != "id" && $0 != "ingest_run_id" }
                let list = videoColumns.joined(separator: ", ")
                try connection.prepare("INSERT INTO main.video (ingest_run_id, \(list)) SELECT ?1, \(list) FROM staged.video")
                    .run([.integer(runID)])
                let videoID = connection.lastInsertedRowID
                let cellColumns = try columns(of: "cell", in: "staged").filter { $0 != "id" && $0 != "video_id" }.joined(separator: ", ")
                try connection.prepare("INSERT INTO main.cell (video_id, \(cellColumns)) SELECT ?1, \(cellColumns) FROM staged.cell ORDER BY label")
                    .run([.integer(videoID)])
                for table in try perCellTables() {
                    let others = try columns(of: table, in: "staged").filter { $0 != "cell_id" }
                    let selected = others.map { "s.\($0)" }.joined(separator: ", ")
                    try connection.prepare("""
                        INSERT INTO main.\(table) (cell_id, \(others.joined(separator: ", ")))
                        SELECT c.id, \(selected) FROM staged.\(table) AS s
                        JOIN main.cell AS c ON c.video_id = ?1 AND c.label = s.cell_id
                        """).run([.integer(videoID)])
                }
                return .inserted(videoID: videoID)
            }
        }
    }

    /// Plexus's tables keyed by cell, in creation order (so referenced tables
    /// come first): those of the staged database, which has Plexus's schema
    /// alone. Tables and columns a user added to the experiment (in DBeaver or
    /// Datasette, say) are not Plexus's: they are left alone, and their columns
    /// take their defaults in new rows.
    func perCellTables() throws -> [String] {
        let statement = try connection.prepare(
            "SELECT name FROM staged.sqlite_schema WHERE type = 'table' AND name NOT IN ('cell', 'video', 'ingest_run') AND name NOT LIKE 'sqlite_%' ORDER BY rowid")
        var names: [String] = []
        while try statement.step() { names.append(statement.text(0)) }
        return try names.filter { try columns(of: $0, in: "staged").contains("cell_id") }
    }

    func columns(of table: String, in schema: String = "main") throws -> [String] {
        let statement = try connection.prepare("SELECT name FROM pragma_table_info(?1, ?2) ORDER BY cid")
        try statement.bind([.text(table), .text(schema)])
        var names: [String] = []
        while try statement.step() { names.append(statement.text(0)) }
        return names
    }

    /// A staging path for one video, beside the database (same file system, so
    /// the copy is local), unique per process and video.
    package func stagingPath(for index: Int) -> String {
        "\(path).staging-\(ProcessInfo.processInfo.processIdentifier)-\(index)"
    }

    /// Removes staging files left by ingests that were killed.
    package func removeAbandonedStagingFiles() {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let prefix = url.lastPathComponent + ".staging-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) {
            let pidText = name.dropFirst(prefix.count).prefix { $0.isNumber }
            guard let pid = Int32(pidText) else { continue }
            // kill(pid, 0) fails with ESRCH when no such process exists.
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(name))
            }
        }
    }

    func locked<T>(_ body: () throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Now in UTC as ISO 8601 ("2026-12-04T20:15:00Z", ISO8601DateFormatter's
    /// default form), from the C library: creating a Foundation date formatter
    /// costs about 2 ms of a process's start.
    static func timestamp() -> String {
        var seconds = time(nil)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
