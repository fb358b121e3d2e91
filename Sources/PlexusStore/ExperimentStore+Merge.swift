import CSQLite
import Foundation

/// `plexus merge`: other Plexus databases (the shards of a batch, or any
/// experiments) copied into this one, table by table in SQL over an ATTACHed
/// file, so that memory stays flat whatever their size.
///
/// Ids are remapped by offsets: a merged run, video or cell gets its id in the
/// source plus the largest id of its table here before the merge, so ids stay
/// unique and every reference (video.ingest_run_id, cell.video_id, the cell_id
/// of every per-cell table) moves with what it references. A video already
/// stored (`storedVideo`, the rule ingest skips by) is skipped with its cells
/// and rows; a run already stored (merged before) is not copied again, so
/// merging the same database twice changes nothing.
///
/// The rows are copied with foreign keys off: checked row by row they cost a
/// third of the time. Their rule is checked after the copy, inside the same
/// transaction, once per distinct key of each per-cell table (a frame per
/// (cell, t), a component per node metric), so a damaged source is refused and
/// rolled back all the same.
extension ExperimentStore {
    /// What merging one database did.
    package struct MergeOutcome: Sendable {
        package let path: String
        package var videosMerged = 0
        package var videosSkipped = 0
        /// Merged videos whose file (same SHA-256) was already stored with other
        /// parameters: both are kept, as ingest keeps them (paths, in merge order).
        package var videosWithOtherParameters: [String] = []
        package var runsMerged = 0
        package var runsAlreadyPresent = 0
        /// The schema version of the source when it was older than this plexus's (merged from a migrated copy).
        package var migratedFrom: Int?
        /// The source's sharded runs.
        package var shards: [Shard] = []
        package var seconds = 0.0
    }

    /// A batch of shards some of which are not in the database.
    package struct MissingShards: Sendable, Equatable {
        package let batchSHA256: String
        package let count: Int
        package let present: [Int]
        package var missing: [Int] { (0..<count).filter { !present.contains($0) } }

        package init(batchSHA256: String, count: Int, present: [Int]) {
            self.batchSHA256 = batchSHA256
            self.count = count
            self.present = present
        }
    }

    /// Checks, without changing a byte of it, that `path` is a Plexus database
    /// this plexus can merge: an SQLite file with Plexus's application id (or a
    /// Plexus database from before it was set), of this schema version or an
    /// older one, and without a run still marked running (unless `force`).
    /// Returns its schema version.
    @discardableResult
    package static func checkMergeSource(_ path: String, into target: String? = nil, force: Bool = false) throws -> Int {
        if let target, sameFile(path, target) {
            throw StoreError("\(path): the merged database itself (give another --db, or leave it out of the databases to merge)")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw StoreError("\(path): no such file")
        }
        guard !isDirectory.boolValue else { throw StoreError("\(path): a folder, not a database file") }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw StoreError("\(path): not readable (check its permissions)")
        }
        let connection = try SQLiteConnection(path: uri(path, readOnly: true), mode: .readOnly)
        do {
            try checkOwnership(connection, path: path,
                               refusal: "plexus merges only Plexus databases, and has left this one unchanged")
        } catch let failure as SQLiteFailure {
            if failure.code & 0xff == SQLITE_NOTADB {
                throw StoreError("\(path): not a Plexus database, or not an SQLite file (\(failure))")
            }
            throw StoreError("\(path): cannot read the database (\(failure))")
        } catch let foreign as ForeignDatabase {
            throw StoreError(foreign.description)
        }
        let version = Int(try connection.scalarInt("PRAGMA user_version") ?? 0)
        guard version >= 1 else {
            throw StoreError("\(path): an empty database (no Plexus tables): nothing to merge")
        }
        try Schema.refuseNewer(version, path: path)
        if !force {
            let statement = try connection.prepare("SELECT id, started_at FROM ingest_run WHERE status = 'running' ORDER BY id")
            var running: [String] = []
            while try statement.step() { running.append("run \(statement.int(0)) started \(statement.text(1))") }
            if !running.isEmpty {
                throw StoreError("\(path): its ingest is still running, or was killed before it ended (\(running.joined(separator: ", ")) has no end): wait for it, or run the same ingest again to complete it; --force merges what it has stored")
            }
        }
        return version
    }

    /// Merges the Plexus database at `path` into this one, in one transaction.
    /// A source of an older schema is migrated on a temporary copy (`VACUUM
    /// INTO` beside this database); the source file itself is only read.
    ///
    /// `progress`, when given, is called with the rows of per-cell tables
    /// copied so far and their total, after each chunk of `chunkFrames` frames.
    package func merge(from path: String, force: Bool = false,
                      progress: ((_ rowsDone: Int64, _ rowsTotal: Int64) -> Void)? = nil) throws -> MergeOutcome {
        let clock = ContinuousClock.now
        var outcome = MergeOutcome(path: path)
        let version = try Self.checkMergeSource(path, into: self.path, force: force)
        var source = path
        var copy: String?
        defer {
            if let copy {
                for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: copy + suffix) }
            }
        }
        if version < Schema.currentVersion {
            let temporary = "\(self.path).staging-\(getpid())-merge-\(UUID().uuidString)"
            copy = temporary
            try SQLiteConnection(path: Self.uri(path, readOnly: true), mode: .readOnly)
                .prepare("VACUUM INTO ?1").run([.text(temporary)])
            try Schema.migrate(try SQLiteConnection(path: temporary, mode: .readWrite))
            outcome.migratedFrom = version
            source = temporary
        }
        let tables = try Self.mergedTables()
        try locked {
            try connection.prepare("ATTACH DATABASE ?1 AS shard").run([.text(Self.uri(source, readOnly: true))])
            defer { try? connection.execute("DETACH DATABASE shard") }
            try connection.execute("PRAGMA foreign_keys = OFF")
            defer { try? connection.execute("PRAGMA foreign_keys = ON") }
            let origin = URL(fileURLWithPath: path).standardizedFileURL.path
            try connection.transaction {
                try mergeAttached(tables: tables, origin: origin, into: &outcome, progress: progress)
            }
            try connection.execute("DROP TABLE IF EXISTS temp.merge_run")
        }
        outcome.seconds = (ContinuousClock.now - clock).seconds
        return outcome
    }

    /// The copy, inside the open transaction, of the attached `shard`.
    private func mergeAttached(tables: MergedTables, origin: String, into outcome: inout MergeOutcome,
                               progress: ((Int64, Int64) -> Void)?) throws {
        func maxID(_ table: String) throws -> Int64 { try connection.scalarInt("SELECT coalesce(max(id), 0) FROM main.\(table)") ?? 0 }
        let runOffset = try maxID("ingest_run"), videoOffset = try maxID("video"), cellOffset = try maxID("cell")

        // Runs: those already here (merged before) keep their id; the others get id + offset.
        try connection.execute("DROP TABLE IF EXISTS temp.merge_run")
        try connection.execute("CREATE TEMP TABLE merge_run (shard_id INTEGER PRIMARY KEY, main_id INTEGER NOT NULL, new INTEGER NOT NULL)")
        let sameRun = ExperimentStore.runIdentity.map { "m.\($0) IS s.\($0)" }.joined(separator: " AND ")
        try connection.prepare("""
            INSERT INTO temp.merge_run (shard_id, main_id, new)
            SELECT id, coalesce(existing, id + ?1), existing IS NULL FROM (
                SELECT s.id, (SELECT m.id FROM main.ingest_run AS m WHERE \(sameRun) ORDER BY m.id LIMIT 1) AS existing
                FROM shard.ingest_run AS s)
            """).run([.integer(runOffset)])
        let runColumns = tables.columns["ingest_run"]!.filter { $0 != "id" && $0 != "merged_from" }
        try connection.prepare("""
            INSERT INTO main.ingest_run (id, merged_from, \(runColumns.joined(separator: ", ")))
            SELECT r.main_id, coalesce(s.merged_from, ?1), \(runColumns.map { "s.\($0)" }.joined(separator: ", "))
            FROM shard.ingest_run AS s JOIN temp.merge_run AS r ON r.shard_id = s.id
            WHERE r.new ORDER BY s.id
            """).run([.text(origin)])
        outcome.runsMerged = Int(sqlite3_changes64(connection.handle))
        outcome.runsAlreadyPresent = Int(try connection.scalarInt("SELECT count(*) FROM temp.merge_run WHERE NOT new") ?? 0)

        // Videos not stored yet, by the rule ingest skips by; those whose file is stored with other parameters are named.
        let other = try connection.prepare("""
            SELECT s.path FROM shard.video AS s
            WHERE NOT EXISTS (\(Self.storedVideo(sha256: "s.sha256", parametersSHA256: "s.parameters_sha256")))
              AND EXISTS (SELECT 1 FROM main.video AS m WHERE m.sha256 = s.sha256 AND m.parameters_sha256 <> s.parameters_sha256)
            ORDER BY s.id
            """)
        while try other.step() { outcome.videosWithOtherParameters.append(other.text(0)) }
        let videoColumns = tables.columns["video"]!.filter { $0 != "id" && $0 != "ingest_run_id" }
        try connection.prepare("""
            INSERT INTO main.video (id, ingest_run_id, \(videoColumns.joined(separator: ", ")))
            SELECT s.id + ?1, r.main_id, \(videoColumns.map { "s.\($0)" }.joined(separator: ", "))
            FROM shard.video AS s JOIN temp.merge_run AS r ON r.shard_id = s.ingest_run_id
            WHERE NOT EXISTS (\(Self.storedVideo(sha256: "s.sha256", parametersSHA256: "s.parameters_sha256")))
            ORDER BY s.id
            """).run([.integer(videoOffset)])
        outcome.videosMerged = Int(sqlite3_changes64(connection.handle))
        outcome.videosSkipped = Int(try connection.scalarInt("SELECT count(*) FROM shard.video") ?? 0) - outcome.videosMerged

        // The cells of the videos merged (their ids are above the offset; every earlier one is at or below it).
        let cellColumns = tables.columns["cell"]!.filter { $0 != "id" && $0 != "video_id" }
        try connection.prepare("""
            INSERT INTO main.cell (id, video_id, \(cellColumns.joined(separator: ", ")))
            SELECT s.id + ?1, s.video_id + ?2, \(cellColumns.map { "s.\($0)" }.joined(separator: ", "))
            FROM shard.cell AS s WHERE EXISTS (SELECT 1 FROM main.video AS v WHERE v.id = s.video_id + ?2)
            ORDER BY s.id
            """).run([.integer(cellOffset), .integer(videoOffset)])

        // Every per-cell table, referenced tables first, rows of the cells merged, in chunks of about
        // `chunkFrames` frames of one cell (a range of the primary key's (cell_id, t) prefix: no lookup per
        // row, and progress can be told).
        let shardCells = try connection.scalarInt("SELECT count(*) FROM shard.cell") ?? 0
        var mergedCells: [Int64] = []
        let merged = try connection.prepare("SELECT id - ?1 FROM main.cell WHERE id > ?1 ORDER BY id")
        try merged.bind([.integer(cellOffset)])
        while try merged.step() { mergedCells.append(merged.int(0)) }
        let everyCell = Int64(mergedCells.count) == shardCells
        let chunks = try mergeChunks(cells: mergedCells)
        var rows: [String: Int64] = [:]
        for table in tables.perCell {
            if everyCell {
                rows[table] = try connection.scalarInt("SELECT count(*) FROM shard.\(table)") ?? 0
            } else {
                rows[table] = try mergedCells.reduce(0) {
                    $0 + (try connection.scalarInt("SELECT count(*) FROM shard.\(table) WHERE cell_id = ?1", [.integer($1)]) ?? 0)
                }
            }
        }
        let total = rows.values.reduce(0, +)
        var done: Int64 = 0
        progress?(done, total)
        for table in tables.perCell {
            let others = tables.columns[table]!.filter { $0 != "cell_id" }
            let copy = """
                INSERT INTO main.\(table) (cell_id, \(others.joined(separator: ", ")))
                SELECT s.cell_id + ?1, \(others.map { "s.\($0)" }.joined(separator: ", "))
                FROM shard.\(table) AS s WHERE s.cell_id = ?2 AND s.t >= ?3
                """
            let bounded = try connection.prepare(copy + " AND s.t < ?4"), tail = try connection.prepare(copy)
            var copied: Int64 = 0
            for chunk in chunks {
                if let end = chunk.end {
                    try bounded.run([.integer(cellOffset), .integer(chunk.cell), .integer(chunk.start), .integer(end)])
                } else {
                    try tail.run([.integer(cellOffset), .integer(chunk.cell), .integer(chunk.start)])
                }
                copied += sqlite3_changes64(connection.handle)
                progress?(done + copied, total)
            }
            // Rows of no cell of the shard (a damaged database) are the only ones a copy by cells leaves out.
            if everyCell && copied != rows[table] {
                throw StoreError("\(origin): \(rows[table]! - copied) rows of its \(table) table belong to no cell it holds: a damaged database, not merged")
            }
            done += copied
        }

        // The copy runs with foreign keys off (checked row by row they cost a third of the merge); their
        // rule is checked here instead, once per distinct key of each table's rows merged.
        for reference in tables.references {
            let children = reference.columns.map(\.0), parents = reference.columns.map(\.1)
            let orphan = try connection.scalarInt("""
                SELECT count(*) FROM (
                    SELECT 1 FROM (SELECT DISTINCT \(children.joined(separator: ", ")) FROM main.\(reference.table) WHERE cell_id > ?1) AS g
                    WHERE NOT EXISTS (SELECT 1 FROM main.\(reference.parent) AS p
                                      WHERE \(zip(children, parents).map { "p.\($1) = g.\($0)" }.joined(separator: " AND ")))
                    LIMIT 1)
                """, [.integer(cellOffset)]) ?? 0
            if orphan > 0 {
                throw StoreError("\(origin): rows of its \(reference.table) table refer to \(reference.parent) rows it does not hold (\(children.joined(separator: ", "))): a damaged database, not merged")
            }
        }

        let statement = try connection.prepare(
            "SELECT DISTINCT shard_index, shard_count, batch_sha256 FROM shard.ingest_run WHERE shard_count IS NOT NULL ORDER BY batch_sha256, shard_index")
        while try statement.step() {
            outcome.shards.append(Shard(index: Int(statement.int(0)), count: Int(statement.int(1)),
                                        batchSHA256: statement.isNull(2) ? "" : statement.text(2)))
        }
    }

    /// Frames `start` (included) to `end` (excluded; nil: to the last) of one cell.
    struct MergeChunk {
        let cell: Int64
        let start: Int64
        let end: Int64?
    }

    /// Frames per chunk of a merge's copy.
    static let chunkFrames = 256

    /// The attached shard's frames of `cells`, in chunks of `chunkFrames` frames;
    /// each cell's first chunk starts at the lowest t and its last has no end.
    private func mergeChunks(cells: [Int64]) throws -> [MergeChunk] {
        let frames = try connection.prepare("SELECT t FROM shard.frame WHERE cell_id = ?1 ORDER BY t")
        var chunks: [MergeChunk] = []
        for cell in cells {
            try frames.bind([.integer(cell)])
            var starts: [Int64] = [Int64.min], row = 0
            while try frames.step() {
                if row > 0 && row % Self.chunkFrames == 0 { starts.append(frames.int(0)) }
                row += 1
            }
            frames.reset()
            for (i, start) in starts.enumerated() {
                chunks.append(MergeChunk(cell: cell, start: start, end: i + 1 < starts.count ? starts[i + 1] : nil))
            }
        }
        return chunks
    }

    /// The columns by which a run merged before is recognised (with `IS`, so NULLs match).
    static let runIdentity = ["started_at", "command_line", "tool_version", "parameters_json", "pid", "host",
                              "shard_index", "shard_count", "batch_sha256"]

    /// The sharded batches of this database with shards missing: for each batch
    /// (the same sheet, number of shards and parameters), the shard indices no run records.
    package func missingShards() throws -> [MissingShards] {
        try locked {
            let statement = try connection.prepare("""
                SELECT batch_sha256, shard_count, group_concat(DISTINCT shard_index)
                FROM ingest_run WHERE shard_count IS NOT NULL AND batch_sha256 IS NOT NULL
                GROUP BY batch_sha256, shard_count, parameters_json ORDER BY min(id)
                """)
            var result: [MissingShards] = []
            while try statement.step() {
                let present = statement.text(2).split(separator: ",").compactMap { Int($0) }.sorted()
                let batch = MissingShards(batchSHA256: statement.text(0), count: Int(statement.int(1)), present: present)
                if !batch.missing.isEmpty { result.append(batch) }
            }
            return result
        }
    }

    /// Plexus's own tables (those its schema creates; tables users add are left
    /// alone) with their columns, and the per-cell ones in creation order.
    struct MergedTables {
        var columns: [String: [String]] = [:]
        var perCell: [String] = []
        /// The foreign keys of the per-cell tables: table, parent table, and (child, parent) column pairs.
        var references: [(table: String, parent: String, columns: [(String, String)])] = []
    }

    /// Reads Plexus's tables from a fresh in-memory database of the current
    /// schema, and checks that merge knows how to remap every id column in them.
    static func mergedTables() throws -> MergedTables {
        let fresh = try SQLiteConnection(path: ":memory:", mode: .readWriteCreate)
        try Schema.migrate(fresh)
        var result = MergedTables()
        let statement = try fresh.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid")
        var names: [String] = []
        while try statement.step() { names.append(statement.text(0)) }
        let remapped: Set<String> = ["ingest_run.id", "video.id", "video.ingest_run_id", "cell.id", "cell.video_id"]
        for name in names {
            let info = try fresh.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")
            try info.bind([.text(name)])
            var columns: [String] = []
            while try info.step() { columns.append(info.text(0)) }
            result.columns[name] = columns
            let isPerCell = !["ingest_run", "video", "cell"].contains(name) && columns.contains("cell_id")
            if isPerCell {
                guard columns.contains("t") else {
                    throw StoreError("plexus merge copies per-cell tables in ranges of (cell_id, t), and \(name) has no t column; it must be taught before it can merge this schema")
                }
                result.perCell.append(name)
                let keys = try fresh.prepare("SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?1) ORDER BY id, seq")
                try keys.bind([.text(name)])
                var pairs: [Int64: (parent: String, columns: [(String, String)])] = [:]
                while try keys.step() {
                    pairs[keys.int(0), default: (keys.text(1), [])].columns.append((keys.text(2), keys.text(3)))
                }
                for id in pairs.keys.sorted() { result.references.append((name, pairs[id]!.parent, pairs[id]!.columns)) }
            }
            for column in columns where column == "id" || column.hasSuffix("_id") {
                guard remapped.contains("\(name).\(column)") || (isPerCell && column == "cell_id") else {
                    throw StoreError("plexus merge does not know how to remap \(name).\(column); it must be taught before it can merge this schema")
                }
            }
            guard isPerCell || ["ingest_run", "video", "cell"].contains(name) else {
                throw StoreError("plexus merge does not know how to merge table \(name) (it has no cell_id)")
            }
        }
        return result
    }

    /// An SQLite URI for `path` (read-only: never written, not even by a checkpoint).
    static func uri(_ path: String, readOnly: Bool) -> String {
        var escaped = ""
        for character in path {
            switch character {
            case "%": escaped += "%25"
            case "?": escaped += "%3f"
            case "#": escaped += "%23"
            default: escaped.append(character)
            }
        }
        return "file:\(escaped)\(readOnly ? "?mode=ro" : "")"
    }

    /// Whether two paths name the same file (device and inode), or the same path when one does not exist.
    static func sameFile(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        if stat(a, &sa) == 0 && stat(b, &sb) == 0 { return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino }
        return URL(fileURLWithPath: a).standardizedFileURL.path == URL(fileURLWithPath: b).standardizedFileURL.path
    }
}
