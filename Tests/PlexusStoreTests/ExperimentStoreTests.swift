import Foundation
import PlexusMixture
import PlexusTestSupport
import XCTest
@testable import PlexusStore

/// Staging a video and committing it into the experiment database.
final class ExperimentStoreTests: TemporaryDirectoryTestCase {
    private func open() throws -> (ExperimentStore, Int64) {
        let store = try ExperimentStore(path: path("experiment.sqlite"))
        let run = try store.beginRun(toolVersion: "test", parametersJSON: #"{"tol":0.001}"#, commandLine: "plexus test")
        return (store, run)
    }

    private func reader() throws -> SQLiteConnection {
        try SQLiteConnection(path: path("experiment.sqlite"), mode: .readOnly)
    }

    func testCommitCopiesEveryRowAndRemapsCells() throws {
        let (store, run) = try open()
        // A first video takes cell ids 1 and 2, so the second one's labels 1, 2 must become 3, 4.
        let first = try Fixture.stage(at: store.stagingPath(for: 0), video: Fixture.video(sha256: "first"))
        try first.finish()
        guard case let .inserted(firstID) = try store.commit(first, runID: run, replace: false) else {
            return XCTFail("the first video was not inserted")
        }
        first.discard()

        let record = Fixture.video()
        let staged = try Fixture.stage(at: store.stagingPath(for: 1), video: record, cells: [1, 2], components: 4)
        try staged.finish()
        // What was staged, read from the staging file before the commit.
        let stagingFile = try SQLiteConnection(path: staged.path, mode: .readOnly)
        let stagedComponents = try stagingFile.rows("SELECT * FROM component ORDER BY cell_id, t, k")
        let stagedFrames = try stagingFile.rows("SELECT * FROM frame ORDER BY cell_id, t")
        XCTAssertEqual(stagedComponents.count, 2 * 2 * 4)
        XCTAssertEqual(stagedFrames.count, 2 * 3)

        let result = try store.commit(staged, runID: run, replace: false)
        guard case let .inserted(videoID) = result else { return XCTFail("not inserted: \(result)") }
        XCTAssertNotEqual(videoID, firstID)
        staged.discard()
        XCTAssertFalse(FileManager.default.fileExists(atPath: staged.path))

        let db = try reader()
        let video = try db.rows("""
            SELECT ingest_run_id, path, sha256, parameters_sha256, condition, replicate, frame_count,
                   processed_frame_count, height, width, bit_depth, channel, pixel_size_um, frame_interval_s,
                   treatment_frame, metadata_json FROM video WHERE id = ?1
            """, [.integer(videoID)])
        XCTAssertEqual(video.first, [
            .integer(run), .text(record.path), .text(record.sha256), .text(record.parametersSHA256),
            .text("control"), .text("r2"), .integer(12), .integer(3), .integer(48), .integer(64), .integer(16),
            .integer(0), .real(0.108), .real(2.5), .integer(4), .text(#"{"operator":"ann"}"#),
        ])

        let cells = try db.rows("SELECT id, label FROM cell WHERE video_id = ?1 ORDER BY label", [.integer(videoID)])
        XCTAssertEqual(cells.count, 2)
        var idOfLabel: [Int64: Int64] = [:]
        for cell in cells {
            guard case let .integer(id) = cell[0], case let .integer(label) = cell[1] else { return XCTFail() }
            idOfLabel[label] = id
        }
        XCTAssertEqual(Set(idOfLabel.values).count, 2)
        XCTAssertFalse(idOfLabel.values.contains(1), "cell ids of the second video collide with the first's")

        // Every column of every frame and component row, with cell_id mapped from label to id.
        func remapped(_ rows: [[SQLValue]]) -> [[SQLValue]] {
            rows.map { row in
                guard case let .integer(label) = row[0], let id = idOfLabel[label] else { return row }
                return [.integer(id)] + row.dropFirst()
            }
        }
        let cellList = idOfLabel.values.map(String.init).joined(separator: ",")
        XCTAssertEqual(try db.rows("SELECT * FROM component WHERE cell_id IN (\(cellList)) ORDER BY cell_id, t, k"),
                       remapped(stagedComponents))
        XCTAssertEqual(try db.rows("SELECT * FROM frame WHERE cell_id IN (\(cellList)) ORDER BY cell_id, t"),
                       remapped(stagedFrames))

        // And the staged values are the ones given (flags included).
        let expected = Fixture.components(4, seed: 208)
        let rows = try db.rows("""
            SELECT weight, mean_row, mean_col, cov_rr, cov_rc, cov_cc, collapsed, regularized
            FROM component WHERE cell_id = ?1 AND t = 8 ORDER BY k
            """, [.integer(idOfLabel[2]!)])
        XCTAssertEqual(rows.count, 4)
        for (k, row) in rows.enumerated() {
            let c = expected[k]
            XCTAssertEqual(Array(row.prefix(6)), [.real(c.weight), .real(c.meanRow), .real(c.meanCol),
                                                  .real(c.covRR), .real(c.covRC), .real(c.covCC)])
            let flag = Fixture.flags[k]
            XCTAssertEqual(row[6], .integer(flag.contains(.collapsed) ? 1 : 0))
            XCTAssertEqual(row[7], .integer(flag.contains(.regularized) ? 1 : 0))
        }
        let empty = try db.rows("SELECT status, time_s, initialized_from, log_likelihood, component_count FROM frame WHERE cell_id = ?1 AND t = 4",
                                [.integer(idOfLabel[1]!)])
        XCTAssertEqual(empty.first, [.text("empty"), .null, .null, .null, .integer(0)])
        XCTAssertEqual(try db.count("component"), 2 * 16)
        XCTAssertEqual(try store.videoID(sha256: record.sha256, parametersSHA256: record.parametersSHA256), videoID)
        XCTAssertNil(try store.videoID(sha256: record.sha256, parametersSHA256: "other"))
    }

    func testCommittingTheSameVideoTwiceIsANoOp() throws {
        let (store, run) = try open()
        let staged = try Fixture.stage(at: store.stagingPath(for: 0), video: Fixture.video())
        try staged.finish()
        guard case let .inserted(videoID) = try store.commit(staged, runID: run, replace: false) else {
            return XCTFail("not inserted")
        }
        staged.discard()
        let db = try reader()
        let before = try ["video", "cell", "frame", "component"].map { try db.count($0) }

        let again = try Fixture.stage(at: store.stagingPath(for: 1), video: Fixture.video())
        try again.finish()
        XCTAssertEqual(try store.commit(again, runID: run, replace: false), .alreadyPresent(videoID: videoID))
        again.discard()
        XCTAssertEqual(try ["video", "cell", "frame", "component"].map { try db.count($0) }, before)

        // The same file with other parameters is another video.
        let other = try Fixture.stage(at: store.stagingPath(for: 2), video: Fixture.video(parameters: "p2"))
        try other.finish()
        guard case .inserted = try store.commit(other, runID: run, replace: false) else { return XCTFail() }
        other.discard()
        XCTAssertEqual(try db.count("video"), 2)
    }

    func testReplaceDeletesEveryEarlierIngestOfTheFile() throws {
        let (store, run) = try open()
        var ids: [Int64] = []
        for (i, video) in [Fixture.video(parameters: "p1"), Fixture.video(parameters: "p2"),
                           Fixture.video(sha256: "unrelated")].enumerated() {
            let staged = try Fixture.stage(at: store.stagingPath(for: i), video: video)
            try staged.finish()
            guard case let .inserted(id) = try store.commit(staged, runID: run, replace: false) else { return XCTFail() }
            staged.discard()
            ids.append(id)
        }
        let db = try reader()
        XCTAssertEqual(try db.count("component"), 3 * 16)

        let redo = try Fixture.stage(at: store.stagingPath(for: 9), video: Fixture.video(parameters: "p1"),
                                     cells: [1], components: 2)
        try redo.finish()
        guard case let .inserted(newID) = try store.commit(redo, runID: run, replace: true) else {
            return XCTFail("replace did not insert")
        }
        redo.discard()
        XCTAssertFalse(ids.contains(newID))
        XCTAssertEqual(try db.count("video"), 2)
        XCTAssertEqual(try db.count("video", where: "id IN (\(ids[0]), \(ids[1]))"), 0)
        XCTAssertEqual(try db.count("cell", where: "video_id IN (\(ids[0]), \(ids[1]))"), 0)
        // Cascades: the old cells' frames and components are gone, the unrelated video's kept.
        XCTAssertEqual(try db.count("frame", where: "cell_id NOT IN (SELECT id FROM cell)"), 0)
        XCTAssertEqual(try db.count("component", where: "cell_id NOT IN (SELECT id FROM cell)"), 0)
        XCTAssertEqual(try db.count("cell"), 2 + 1)
        XCTAssertEqual(try db.count("frame"), 2 * 3 + 1 * 3)
        XCTAssertEqual(try db.count("component"), 16 + 2 * 2)
        XCTAssertEqual(try db.count("video", where: "id = \(ids[2])"), 1)
        XCTAssertEqual(try db.scalarInt("PRAGMA foreign_key_check"), nil)
    }

    func testDiscardedStagingLeavesNoFile() throws {
        let (store, _) = try open()
        let before = try files()
        let staged = try Fixture.stage(at: store.stagingPath(for: 0), video: Fixture.video())
        XCTAssertTrue(FileManager.default.fileExists(atPath: staged.path))
        staged.discard()
        XCTAssertEqual(try files(), before)
        XCTAssertThrowsError(try staged.addCell(label: 3), "a discarded staged video accepts rows")

        // Dropped without finishing (an error unwinding the pipeline): also removed.
        var dropped: StagedVideo? = try Fixture.stage(at: store.stagingPath(for: 1), video: Fixture.video())
        XCTAssertNotNil(dropped)
        dropped = nil
        XCTAssertEqual(try files(), before)
        XCTAssertEqual(try reader().count("video"), 0)
    }

    func testDatabaseInMissingFolder() throws {
        let file = path("no-such-folder/experiment.sqlite")
        let error = assertThrows(StoreError.self) { _ = try ExperimentStore(path: file) }
        XCTAssertTrue(error?.message.contains(file) ?? false, error?.message ?? "")
        XCTAssertTrue(error?.message.contains("does not exist") ?? false, error?.message ?? "")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("no-such-folder")))
    }

    func testDatabaseInReadOnlyFolder() throws {
        let folder = path("read-only")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder) }
        if access(folder, W_OK) == 0 {
            throw XCTSkip("running as root (uid \(getuid())): permissions do not stop writes, so a read-only folder cannot be tested")
        }
        let file = folder + "/experiment.sqlite"
        let error = assertThrows(StoreError.self) { _ = try ExperimentStore(path: file) }
        XCTAssertTrue(error?.message.contains(file) ?? false, error?.message ?? "")
        XCTAssertTrue(error?.message.contains("not writable") ?? false, error?.message ?? "")
    }

    func testAbandonedStagingFilesOfDeadProcessesAreRemoved() throws {
        let (store, _) = try open()
        // A pid no process has: kill(pid, 0) fails with ESRCH.
        var dead: Int32 = 4_194_000
        while kill(dead, 0) == 0 || errno != ESRCH { dead -= 1 }
        let mine = ProcessInfo.processInfo.processIdentifier
        let db = path("experiment.sqlite")
        let deadFiles = ["\(db).staging-\(dead)-0", "\(db).staging-\(dead)-3-journal"]
        let kept = ["\(db).staging-\(mine)-1", "\(db).staging-notapid", path("other.sqlite.staging-\(dead)-0")]
        for file in deadFiles + kept {
            XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
        }
        XCTAssertEqual(store.stagingPath(for: 1), "\(db).staging-\(mine)-1")
        store.removeAbandonedStagingFiles()
        for file in deadFiles {
            XCTAssertFalse(FileManager.default.fileExists(atPath: file), "\(file) was kept")
        }
        for file in kept {
            XCTAssertTrue(FileManager.default.fileExists(atPath: file), "\(file) was removed")
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: db))
    }

    func testRunsAreRecorded() throws {
        let (store, run) = try open()
        try store.finishRun(run, succeeded: false)
        let db = try reader()
        let row = try db.rows("SELECT tool_version, parameters_json, status, command_line, finished_at IS NOT NULL FROM ingest_run WHERE id = ?1",
                              [.integer(run)])
        XCTAssertEqual(row.first, [.text("test"), .text(#"{"tol":0.001}"#), .text("failed"), .text("plexus test"), .integer(1)])
    }
}
