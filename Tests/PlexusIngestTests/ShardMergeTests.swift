import Foundation
import PlexusStore
import PlexusTestSupport
import XCTest

/// `plexus ingest --shard I/N` and `plexus merge`, run as a user runs them:
/// a sheet ingested in 3 shards and merged gives what one ingest gives.
final class ShardMergeTests: TemporaryDirectoryTestCase {
    /// A simulated sheet of 6 videos (2 conditions × 3 cells, 5 frames of 96²),
    /// ingested whole and as 3 shards, made once for the class.
    struct Fixture {
        let folder: URL
        let whole: String
        let shards: [String]
        let seconds: (whole: Double, shards: [Double])
    }

    nonisolated(unsafe) private static var shared: Fixture?
    private static let sharedLock = NSLock()

    override class func tearDown() {
        if let folder = shared?.folder { try? FileManager.default.removeItem(at: folder) }
        shared = nil
        super.tearDown()
    }

    private func fixture() throws -> Fixture {
        try Self.sharedLock.withLock {
            if let shared = Self.shared { return shared }
            let folder = FileManager.default.temporaryDirectory
                .appendingPathComponent("plexus-shard-fixture-\(UUID().uuidString)", isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            func run(_ arguments: [String]) throws -> Double {
                let started = ContinuousClock.now
                let result = try Self.runPlexus(arguments, in: folder)
                XCTAssertEqual(result.status, 0, "plexus \(arguments.joined(separator: " ")): \(result.stderr)\(result.stdout)")
                return (ContinuousClock.now - started).seconds
            }
            _ = try run(["simulate", "--out", "videos", "--cells", "3", "--conditions", "control,llo", "--frames", "5",
                         "--size", "96", "--seed", "3"])
            let whole = try run(["ingest", "videos/samples.csv", "--db", "whole.sqlite", "--quiet"])
            var times: [Double] = []
            for i in 0..<3 {
                times.append(try run(["ingest", "videos/samples.csv", "--db", "shard-\(i).sqlite", "--shard", "\(i)/3", "--quiet"]))
            }
            let fixture = Fixture(folder: folder, whole: folder.appendingPathComponent("whole.sqlite").path,
                                  shards: (0..<3).map { folder.appendingPathComponent("shard-\($0).sqlite").path },
                                  seconds: (whole, times))
            Self.shared = fixture
            return fixture
        }
    }

    /// Copies of the fixture's shards in the test's folder (the fixture's stay untouched).
    private func shardCopies() throws -> [String] {
        try fixture().shards.enumerated().map { i, shard in
            let copy = path("shard-\(i).sqlite")
            try FileManager.default.copyItem(atPath: shard, toPath: copy)
            return copy
        }
    }

    private func content(of database: String) throws -> [String: [String]] { try databaseContent(database) }

    /// A named query's rows (JSON), with cell and video ids replaced by the video's path and the cell's label.
    private func query(_ name: String, on database: String) throws -> [String] {
        let result = try runPlexus(["query", "--db", database, name, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let rows = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let connection = try SQLiteConnection.reading(database)
        var cells: [Int: String] = [:], videos: [Int: String] = [:]
        for row in try connection.rows("SELECT c.id, v.id, v.path, c.label FROM cell c JOIN video v ON v.id = c.video_id") {
            guard case let .integer(cell) = row[0], case let .integer(video) = row[1],
                  case let .text(path) = row[2], case let .integer(label) = row[3] else { continue }
            cells[Int(cell)] = "\(path)#\(label)"
            videos[Int(video)] = path
        }
        return try rows.map { row in
            var row = row
            if let id = row["cell_id"] as? Int { row["cell_id"] = cells[id] ?? "unknown cell \(id)" }
            if let id = row["video_id"] as? Int { row["video_id"] = videos[id] ?? "unknown video \(id)" }
            return String(decoding: try JSONSerialization.data(withJSONObject: row, options: [.sortedKeys]), as: UTF8.self)
        }.sorted()
    }

    func testShardedIngestAndMergeGiveWhatOneIngestGives() throws {
        let fixture = try fixture()
        // Each shard holds its rows of the sheet (row index ≡ I mod 3) and records the shard.
        let sheet = ["control-1", "control-2", "control-3", "llo-1", "llo-2", "llo-3"]
        for (i, shard) in fixture.shards.enumerated() {
            let connection = try SQLiteConnection.reading(shard)
            let names = try connection.texts("SELECT path FROM video ORDER BY path").map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }
            XCTAssertEqual(names, [sheet[i], sheet[i + 3]], "shard \(i)")
            XCTAssertEqual(try connection.rows("SELECT shard_index, shard_count, length(batch_sha256) FROM ingest_run"),
                           [[.integer(Int64(i)), .integer(3), .integer(64)]])
        }
        let batches = try Set(fixture.shards.flatMap { try SQLiteConnection.reading($0).texts("SELECT batch_sha256 FROM ingest_run") })
        XCTAssertEqual(batches.count, 1, "the shards of one sheet have one batch identity")

        let merged = path("merged.sqlite")
        let started = ContinuousClock.now
        let result = try runPlexus(["merge", "--db", merged] + fixture.shards)
        let mergeSeconds = (ContinuousClock.now - started).seconds
        XCTAssertEqual(result.status, 0, result.stderr + result.stdout)
        XCTAssertEqual(result.stderr, "", "no warning: every shard is present")
        for shard in fixture.shards {
            XCTAssertTrue(result.stdout.contains("\(shard): 2 videos merged, 0 skipped"), result.stdout)
        }
        XCTAssertTrue(result.stdout.contains("6 videos merged, 0 skipped from 3 databases"), result.stdout)
        print("ShardMergeTests: whole ingest \(String(format: "%.2f", fixture.seconds.whole)) s, shards \(fixture.seconds.shards.map { String(format: "%.2f", $0) }.joined(separator: " + ")) s, merge \(String(format: "%.2f", mergeSeconds)) s (process included)")

        // Every table, row by row, compared by what the ids stand for.
        let whole = try content(of: fixture.whole), combined = try content(of: merged)
        XCTAssertEqual(Set(whole.keys), Set(combined.keys))
        for (table, rows) in whole where table != "ingest_run" {
            XCTAssertEqual(combined[table]?.count, rows.count, "rows of \(table)")
            XCTAssertTrue(combined[table] == rows, "table \(table) differs")
        }
        XCTAssertGreaterThan(whole["component"]?.count ?? 0, 0)
        XCTAssertGreaterThan(whole["cell_mask"]?.count ?? 0, 0)
        XCTAssertEqual(combined["ingest_run"]?.count, 3, "one run per shard, each kept")
        for name in ["cell_features", "feature_values", "conditions"] {
            let a = try query(name, on: fixture.whole), b = try query(name, on: merged)
            XCTAssertFalse(a.isEmpty, name)
            XCTAssertTrue(a == b, "query \(name) differs between the whole ingest and the merged shards")
        }
        let connection = try SQLiteConnection.reading(merged)
        XCTAssertEqual(try connection.inconsistencies(), [])
        XCTAssertEqual(try connection.texts("SELECT merged_from FROM ingest_run ORDER BY id"), fixture.shards)
        // ingest_runs shows the shards.
        let runs = try runPlexus(["query", "--db", merged, "ingest_runs", "--format", "csv"])
        XCTAssertEqual(runs.status, 0, runs.stderr)
        let header = runs.stdout.split(separator: "\n").first.map { $0.split(separator: ",").map(String.init) } ?? []
        let shardColumn = try XCTUnwrap(header.firstIndex(of: "shard"), runs.stdout)
        XCTAssertEqual(try connection.rows("SELECT shard_index || '/' || shard_count FROM ingest_run ORDER BY id").map { "\($0[0])" },
                       ["text(\"0/3\")", "text(\"1/3\")", "text(\"2/3\")"])
        XCTAssertEqual(runs.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[shardColumn]) },
                       ["0/3", "1/3", "2/3"])
    }

    func testMergingTwiceIsANoOp() throws {
        let shards = try shardCopies()
        let merged = path("merged.sqlite")
        XCTAssertEqual(try runPlexus(["merge", "--db", merged] + shards).status, 0)
        let before = try content(of: merged)
        let snapshot = try SQLiteConnection.reading(merged).snapshot()
        let again = try runPlexus(["merge", "--db", merged] + shards + [shards[1]])
        XCTAssertEqual(again.status, 0, again.stderr + again.stdout)
        XCTAssertTrue(again.stdout.contains("0 videos merged, 8 skipped from 4 databases"), again.stdout)
        XCTAssertTrue(again.stdout.contains("1 run already merged"), again.stdout)
        XCTAssertEqual(try content(of: merged), before)
        XCTAssertEqual(try SQLiteConnection.reading(merged).snapshot(), snapshot)
        XCTAssertEqual(try SQLiteConnection.reading(merged).int("SELECT count(*) FROM ingest_run"), 3)
        // A whole ingest merged into the shards' merge adds nothing either: its videos are the same.
        let whole = try runPlexus(["merge", "--db", merged, try fixture().whole])
        XCTAssertEqual(whole.status, 0, whole.stderr + whole.stdout)
        XCTAssertTrue(whole.stdout.contains(": 0 videos merged, 6 skipped (1 run"), whole.stdout)
        XCTAssertEqual(try SQLiteConnection.reading(merged).snapshot(), snapshot)
    }

    func testTheSameVideoWithOtherParametersIsKeptBesideIt() throws {
        let shards = try shardCopies()
        // Shard 1 again, with every second frame: the same files, other parameters.
        let other = try Self.runPlexus(["ingest", "videos/samples.csv", "--db", path("every2.sqlite"), "--shard", "1/3",
                                        "--every", "2", "--quiet"], in: try fixture().folder)
        XCTAssertEqual(other.status, 0, other.stderr)
        let merged = path("merged.sqlite")
        let result = try runPlexus(["merge", "--db", merged] + shards + [path("every2.sqlite")])
        XCTAssertEqual(result.status, 2, "the --every 2 batch has only its shard 1: " + result.stderr + result.stdout)
        XCTAssertTrue(result.stderr.contains("shards 0/3, 2/3 missing (present: 1/3)"), result.stderr)
        XCTAssertTrue(result.stdout.contains("8 videos merged, 0 skipped from 4 databases"), result.stdout)
        let videos = try SQLiteConnection.reading(path("every2.sqlite")).texts("SELECT path FROM video ORDER BY id")
        XCTAssertEqual(videos.count, 2)
        XCTAssertTrue(result.stderr.contains("note: \(path("every2.sqlite")): 2 videos were already stored with other parameters; both analyses are kept"), result.stderr)
        for video in videos { XCTAssertTrue(result.stderr.contains(video), result.stderr) }
        let connection = try SQLiteConnection.reading(merged)
        XCTAssertEqual(try connection.texts("""
            SELECT count(*) || ' ' || group_concat(processed_frame_count, ',') FROM (
                SELECT * FROM video ORDER BY id) GROUP BY sha256 HAVING count(*) > 1 ORDER BY min(id)
            """), ["2 5,3", "2 5,3"], "each file of shard 1 twice: 5 frames, and every second of them")
        XCTAssertEqual(try connection.inconsistencies(), [])
        // The shards alone give no note.
        let plain = try runPlexus(["merge", "--db", path("plain.sqlite")] + shards)
        XCTAssertFalse(plain.stderr.contains("note:"), plain.stderr)
    }

    /// The copy runs without row-by-row foreign-key checks; a database whose rows refer to rows it
    /// does not hold (edited by hand, or damaged) is still refused, and nothing of it is merged.
    func testADamagedDatabaseIsRefused() throws {
        let shards = try shardCopies()
        let merged = path("merged.sqlite")
        XCTAssertEqual(try runPlexus(["merge", "--db", merged, shards[0]]).status, 2)
        let snapshot = try SQLiteConnection.reading(merged).snapshot()
        for (table, damage) in [("frame", "DELETE FROM frame WHERE t = 2"),
                                ("component", "DELETE FROM component WHERE t = 1 AND k = 0"),
                                ("cell", "DELETE FROM cell WHERE id = (SELECT max(id) FROM cell)")] {
            let damaged = path("damaged-\(table).sqlite")
            try? FileManager.default.removeItem(atPath: damaged)
            try FileManager.default.copyItem(atPath: shards[1], toPath: damaged)
            try SQLiteConnection(path: damaged, mode: .readWrite).execute("PRAGMA foreign_keys = OFF; \(damage)")
            let result = try runPlexus(["merge", "--db", merged, damaged])
            XCTAssertEqual(result.status, 1, table + ": " + result.stderr + result.stdout)
            XCTAssertTrue(result.stderr.contains("\(damaged): "), result.stderr)
            XCTAssertTrue(result.stderr.contains(table == "cell" ? "rows of its frame table belong to no cell it holds"
                                                                 : "rows of its"), result.stderr)
            if table != "cell" { XCTAssertTrue(result.stderr.contains("refer to \(table) rows it does not hold"), result.stderr) }
            XCTAssertTrue(result.stderr.contains("a damaged database, not merged (nothing of it was merged)"), result.stderr)
            XCTAssertEqual(try SQLiteConnection.reading(merged).snapshot(), snapshot, "the merged database changed")
        }
        XCTAssertEqual(try SQLiteConnection.reading(merged).inconsistencies(), [])
    }

    /// Merge reports its progress in rows of the per-cell tables, chunk by chunk, up to their total.
    func testProgressCountsEveryRowCopied() throws {
        let shards = try shardCopies()
        let merged = path("merged.sqlite")
        let store = try ExperimentStore(path: merged)
        for shard in shards {
            var calls: [(Int64, Int64)] = []
            _ = try store.merge(from: shard, progress: { calls.append(($0, $1)) })
            let total = try XCTUnwrap(calls.last?.1)
            XCTAssertTrue(calls.allSatisfy { $0.1 == total }, "the total stays the same")
            XCTAssertEqual(calls.first?.0, 0)
            XCTAssertEqual(calls.last?.0, total)
            XCTAssertTrue(zip(calls, calls.dropFirst()).allSatisfy { $0.0 <= $1.0 }, "progress never goes back")
            let connection = try SQLiteConnection.reading(shard)
            var rows: Int64 = 0
            for table in ["frame", "component", "edge", "spectrum", "node_metric", "cell_mask", "morphology", "component_event"] {
                rows += Int64(try connection.int("SELECT count(*) FROM \(table)"))
            }
            XCTAssertEqual(total, rows, "every row of the shard's per-cell tables")
            XCTAssertGreaterThan(calls.count, 8, "at least one call per table")
        }
        // Merged again: every video is skipped, nothing is copied.
        var again: [(Int64, Int64)] = []
        _ = try store.merge(from: shards[0], progress: { again.append(($0, $1)) })
        XCTAssertTrue(again.allSatisfy { $0 == (0, 0) }, "\(again)")
    }

    func testAMissingShardIsNamed() throws {
        let shards = try shardCopies()
        let merged = path("merged.sqlite")
        let result = try runPlexus(["merge", "--db", merged, shards[0], shards[2]])
        XCTAssertEqual(result.status, 2, result.stderr + result.stdout)
        XCTAssertTrue(result.stderr.contains("shard 1/3 missing (present: 0/3, 2/3)"), result.stderr)
        XCTAssertEqual(try SQLiteConnection.reading(merged).int("SELECT count(*) FROM video"), 4, "what is present is merged")
        // The missing shard merged later completes the batch.
        let rest = try runPlexus(["merge", "--db", merged, shards[1]])
        XCTAssertEqual(rest.status, 0, rest.stderr + rest.stdout)
        XCTAssertEqual(rest.stderr, "")
    }

    func testBadDatabasesAreRefusedAndNothingChanges() throws {
        let shards = try shardCopies()
        let merged = path("merged.sqlite")
        XCTAssertEqual(try runPlexus(["merge", "--db", merged, shards[0]]).status, 2)
        let snapshot = try SQLiteConnection.reading(merged).snapshot()

        let foreign = path("notes.sqlite")
        try SQLiteConnection(path: foreign, mode: .readWriteCreate).execute(
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('keep me'); PRAGMA user_version = 7")
        let text = path("notes.txt")
        try "video,condition\n".write(toFile: text, atomically: true, encoding: .utf8)
        let newer = path("newer.sqlite")
        try FileManager.default.copyItem(atPath: shards[1], toPath: newer)
        try SQLiteConnection(path: newer, mode: .readWrite).execute("PRAGMA user_version = \(Schema.currentVersion + 1)")
        let running = path("running.sqlite")
        try FileManager.default.copyItem(atPath: shards[2], toPath: running)
        try SQLiteConnection(path: running, mode: .readWrite).execute("UPDATE ingest_run SET status = 'running', finished_at = NULL")
        let bytes = try [foreign, text, newer, running].map { try Data(contentsOf: URL(fileURLWithPath: $0)) }

        let result = try runPlexus(["merge", "--db", merged, shards[1], foreign, text, newer, running, path("absent.sqlite")])
        XCTAssertEqual(result.status, 1, result.stderr + result.stdout)
        XCTAssertTrue(result.stderr.contains("\(foreign): an SQLite database of another application"), result.stderr)
        XCTAssertTrue(result.stderr.contains("plexus merges only Plexus databases, and has left this one unchanged"), result.stderr)
        XCTAssertTrue(result.stderr.contains("\(text): not a Plexus database, or not an SQLite file"), result.stderr)
        XCTAssertTrue(result.stderr.contains("\(newer): the database has schema version \(Schema.currentVersion + 1), newer than this plexus"), result.stderr)
        XCTAssertTrue(result.stderr.contains("\(running): its ingest is still running, or was killed"), result.stderr)
        XCTAssertTrue(result.stderr.contains("\(path("absent.sqlite")): no such file"), result.stderr)
        XCTAssertTrue(result.stdout.contains("nothing merged: 5 of 6 database(s) refused"), result.stdout)
        XCTAssertEqual(try [foreign, text, newer, running].map { try Data(contentsOf: URL(fileURLWithPath: $0)) }, bytes,
                       "a refused file was changed")
        XCTAssertEqual(try SQLiteConnection.reading(merged).snapshot(), snapshot, "the merged database changed")
        XCTAssertFalse(FileManager.default.fileExists(atPath: foreign + "-wal"))

        // --force merges the run still marked running; the merged database itself is refused.
        let forced = try runPlexus(["merge", "--db", merged, running, "--force"])
        XCTAssertEqual(forced.status, 2, forced.stderr + forced.stdout)
        XCTAssertTrue(forced.stdout.contains("\(running): 2 videos merged"), forced.stdout)
        let itself = try runPlexus(["merge", "--db", merged, merged])
        XCTAssertEqual(itself.status, 1)
        XCTAssertTrue(itself.stderr.contains("the merged database itself"), itself.stderr)
    }

    func testAnOlderShardIsMigratedOnACopy() throws {
        // A Plexus database of schema 9 (before shards), with one video of one cell and one frame.
        let old = path("old.sqlite")
        let connection = try SQLiteConnection(path: old, mode: .readWriteCreate)
        for migration in Schema.migrations where migration.version <= 9 { try connection.execute(migration.sql) }
        try connection.execute("""
            PRAGMA user_version = 9;
            INSERT INTO ingest_run (started_at, tool_version, parameters_json, status, command_line, pid, host)
                VALUES ('2026-01-01T00:00:00Z', '0.0.9', '{}', 'finished', 'plexus ingest old.csv', 1, 'h');
            INSERT INTO video (ingest_run_id, path, sha256, parameters_sha256, condition, frame_count, processed_frame_count,
                               height, width, bit_depth, channel, metadata_json)
                VALUES (1, 'old.tif', 'aa', 'bb', 'control', 1, 1, 8, 8, 8, 0, '{}');
            INSERT INTO cell (video_id, label) VALUES (1, 1);
            INSERT INTO frame (cell_id, t, status, mask_area_px, intensity_total, component_count)
                VALUES (1, 0, 'no_peaks', 64, 0, 0);
            """)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: old))
        let merged = path("merged.sqlite")
        XCTAssertEqual(try runPlexus(["merge", "--db", merged, try shardCopies()[0]]).status, 2)
        let result = try runPlexus(["merge", "--db", merged, old])
        XCTAssertEqual(result.status, 2, "shards 1 and 2 are still missing: " + result.stderr + result.stdout)
        XCTAssertTrue(result.stdout.contains("\(old): 1 video merged, 0 skipped (1 run, migrated from schema 9"), result.stdout)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: old)), bytes, "the old database was changed")
        XCTAssertEqual(try SQLiteConnection.reading(old).int("PRAGMA user_version"), 9)
        let reading = try SQLiteConnection.reading(merged)
        XCTAssertEqual(try reading.rows("""
            SELECT r.command_line, r.shard_count, v.path, c.label, f.status FROM frame f JOIN cell c ON c.id = f.cell_id
            JOIN video v ON v.id = c.video_id JOIN ingest_run r ON r.id = v.ingest_run_id WHERE v.path = 'old.tif'
            """), [[.text("plexus ingest old.csv"), .null, .text("old.tif"), .integer(1), .text("no_peaks")]])
        XCTAssertEqual(try reading.rows("PRAGMA foreign_key_check"), [])
        XCTAssertEqual(try stagingFiles(), [], "the migrated copy was left behind")
    }

    /// A database is merged in one transaction: a failure part-way (here a trigger
    /// refusing the morphology rows, inserted after the runs, videos, cells and frames) leaves nothing of it.
    func testAFailedMergeLeavesNothingOfTheDatabase() throws {
        let shards = try shardCopies()
        let merged = path("merged.sqlite")
        let store = try ExperimentStore(path: merged)
        _ = try store.merge(from: shards[0])
        let before = try content(of: merged)
        try SQLiteConnection(path: merged, mode: .readWrite).execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON morphology BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")
        XCTAssertThrowsError(try store.merge(from: shards[1])) { error in
            XCTAssertTrue("\(error)".contains("refused by the test"), "\(error)")
        }
        XCTAssertEqual(try content(of: merged), before)
        try SQLiteConnection(path: merged, mode: .readWrite).execute("DROP TRIGGER refuse")
        let outcome = try store.merge(from: shards[1])
        XCTAssertEqual([outcome.videosMerged, outcome.videosSkipped, outcome.runsMerged], [2, 0, 1])
        XCTAssertEqual(try store.missingShards(), [ExperimentStore.MissingShards(
            batchSHA256: try SQLiteConnection.reading(shards[2]).texts("SELECT batch_sha256 FROM ingest_run")[0],
            count: 3, present: [0, 1])])
    }

    func testBadShardValuesAreRefused() throws {
        try "video,condition\n".write(toFile: path("samples.csv"), atomically: true, encoding: .utf8)
        for (value, expected) in [("4/4", "the shard index I must be between 0 and 3"),
                                  ("-1/4", "the shard index I must be between 0 and 3"),
                                  ("1/0", "the number of shards N must be at least 1"),
                                  ("1", "give I/N"), ("a/4", "give I/N"), ("1/4/2", "give I/N")] {
            let result = try runPlexus(["ingest", "samples.csv", "--db", "out.sqlite", "--shard", value])
            XCTAssertNotEqual(result.status, 0, value)
            XCTAssertTrue(result.stderr.contains("--shard \(value): \(expected)"), "\(value): \(result.stderr)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("out.sqlite")), "a refused shard created the database")
    }

    /// Videos on the command line are sharded in the order given; a shard with none records an empty run.
    func testVideosOnTheCommandLineAreShardedInOrder() throws {
        let videos = try (0..<3).map { try SyntheticVideo.write(to: path("v\($0).tif"), frames: 2, seed: UInt64($0)) }
        for i in 0..<4 {
            let result = try runPlexus(["ingest"] + videos + ["--condition", "c", "--db", "s\(i).sqlite", "--shard", "\(i)/4", "--quiet"])
            XCTAssertEqual(result.status, 0, result.stderr + result.stdout)
            let connection = try SQLiteConnection.reading(path("s\(i).sqlite"))
            XCTAssertEqual(try connection.texts("SELECT path FROM video"), i < 3 ? [videos[i]] : [])
            XCTAssertEqual(try connection.int("SELECT shard_index FROM ingest_run"), i)
        }
        let merged = try runPlexus(["merge", "--db", "all.sqlite"] + (0..<4).map { "s\($0).sqlite" })
        XCTAssertEqual(merged.status, 0, merged.stderr + merged.stdout)
        XCTAssertEqual(try SQLiteConnection.reading(path("all.sqlite")).int("SELECT count(*) FROM video"), 3)
    }
}
