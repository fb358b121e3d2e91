import Foundation
import PlexusStore
import PlexusTestSupport
import XCTest
@testable import PlexusIngest

/// The `plexus` program, run as a user runs it.
final class CommandLineTests: TemporaryDirectoryTestCase {
    struct Result {
        let status: Int32
        let killed: Bool
        let stdout: String
        let stderr: String
        let seconds: Double
    }

    /// The `plexus` built with the tests: beside the running test executable or
    /// bundle (the same build folder), else under .build/debug.
    static let executable: URL? = {
        var candidates = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
                              .appendingPathComponent("plexus"),
                          Bundle(for: CommandLineTests.self).bundleURL.deletingLastPathComponent()
                              .appendingPathComponent("plexus")]
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            for scratch in [".build", ".build-tests"] {
                candidates.append(folder.appendingPathComponent("\(scratch)/debug/plexus"))
            }
            folder.deleteLastPathComponent()
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    private func plexus() throws -> URL {
        guard let executable = Self.executable else {
            throw XCTSkip("the plexus executable was not found beside the tests or in .build/debug: build it first")
        }
        return executable
    }

    private var runs = 0

    /// Starts plexus with `arguments` in the test's directory; output goes to files.
    private func start(_ arguments: [String]) throws -> (Process, stdout: String, stderr: String) {
        runs += 1
        let out = path("run\(runs).stdout"), err = path("run\(runs).stderr")
        for file in [out, err] {
            guard FileManager.default.createFile(atPath: file, contents: nil) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file])
            }
        }
        let process = Process()
        process.executableURL = try plexus()
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        try process.run()
        return (process, out, err)
    }

    private func finish(_ process: Process, stdout: String, stderr: String, started: ContinuousClock.Instant) -> Result {
        process.waitUntilExit()
        let seconds = (ContinuousClock.now - started).seconds
        return Result(status: process.terminationStatus, killed: process.terminationReason == .uncaughtSignal,
                      stdout: (try? String(contentsOfFile: stdout, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOfFile: stderr, encoding: .utf8)) ?? "", seconds: seconds)
    }

    @discardableResult
    private func run(_ arguments: [String]) throws -> Result {
        let started = ContinuousClock.now
        let (process, out, err) = try start(arguments)
        return finish(process, stdout: out, stderr: err, started: started)
    }

    private func videos(_ count: Int, prefix: String = "v", frames: Int = 3) throws -> [String] {
        try (0..<count).map { i in
            try SyntheticVideo.write(to: path("\(prefix)\(i).tif"), frames: frames, seed: UInt64(1000 * i + prefix.count))
        }
    }

    // MARK: - (a) videos on the command line

    func testIngestVideos() throws {
        let files = try videos(2)
        let db = path("a.sqlite")
        let result = try run(["ingest", files[0], files[1], "--db", db, "--condition", "control", "--frame-interval-s", "0.5"])
        XCTAssertEqual(result.status, 0, result.stderr + result.stdout)
        XCTAssertTrue(result.stdout.contains("2 ingested (6 frames"), result.stdout)
        XCTAssertTrue(result.stdout.contains("0 skipped, 0 failed"), result.stdout)
        XCTAssertTrue(result.stdout.contains(db), result.stdout)
        XCTAssertTrue(result.stderr.contains("ingested v0.tif") && result.stderr.contains("ingested v1.tif"), result.stderr)
        let connection = try SQLiteConnection.reading(db)
        XCTAssertEqual(try connection.texts("SELECT condition FROM video"), ["control", "control"])
        XCTAssertEqual(try connection.int("SELECT count(*) FROM frame WHERE time_s = t * 0.5"), 6)
        XCTAssertEqual(try connection.inconsistencies(), [])
        let commandLine = try connection.texts("SELECT command_line FROM ingest_run").first ?? ""
        XCTAssertTrue(commandLine.contains("ingest") && commandLine.contains(files[0]), commandLine)

        // Again: nothing to do, and the summary says so.
        let again = try run(["ingest", files[0], files[1], "--db", db, "--condition", "control", "--frame-interval-s", "0.5", "--quiet"])
        XCTAssertEqual(again.status, 0, again.stderr + again.stdout)
        XCTAssertTrue(again.stdout.contains("0 ingested") && again.stdout.contains("2 skipped"), again.stdout)
        XCTAssertTrue(again.stdout.contains("skipped \(files[0])"), again.stdout)
        XCTAssertEqual(again.stderr, "", "--quiet printed progress")
        XCTAssertEqual(try connection.int("SELECT count(*) FROM video"), 2)
    }

    func testMissingVideoFailsTheBatchButNotTheOthers() throws {
        let files = try videos(2)
        let missing = path("missing.tif")
        let db = path("a.sqlite")
        let result = try run(["ingest", files[0], missing, files[1], "--db", db, "--condition", "control"])
        XCTAssertEqual(result.status, 1, result.stderr + result.stdout)
        XCTAssertTrue(result.stdout.contains("2 ingested") && result.stdout.contains("1 failed"), result.stdout)
        XCTAssertTrue(result.stdout.contains("failed: \(missing): file not found"), result.stdout)
        XCTAssertTrue(result.stderr.contains("FAILED missing.tif"), result.stderr)
        let connection = try SQLiteConnection.reading(db)
        XCTAssertEqual(Set(try connection.texts("SELECT path FROM video")), Set(files))
        XCTAssertEqual(try connection.texts("SELECT status FROM ingest_run"), ["failed"])
        XCTAssertEqual(try connection.inconsistencies(), [])
    }

    // MARK: - (b) sample sheets

    func testSampleSheet() throws {
        _ = try videos(2)
        let sheet = path("samples.csv")
        try "video,condition,replicate,frame_interval_s,dish\nv0.tif,control,r1,2,A\nv1.tif,llo,r1,,B\n"
            .write(toFile: sheet, atomically: true, encoding: .utf8)
        let db = path("sheet.sqlite")
        let result = try run(["ingest", "samples.csv", "--db", db, "--every", "2"])
        XCTAssertEqual(result.status, 0, result.stderr + result.stdout)
        XCTAssertTrue(result.stdout.contains("2 ingested (4 frames"), result.stdout)
        let connection = try SQLiteConnection.reading(db)
        XCTAssertEqual(try connection.texts("SELECT path || ' ' || condition || ' ' || metadata_json FROM video ORDER BY path"),
                       ["\(path("v0.tif")) control {\"dish\":\"A\"}", "\(path("v1.tif")) llo {\"dish\":\"B\"}"])
        XCTAssertEqual(try connection.rows("SELECT time_s FROM frame ORDER BY time_s").map(\.[0]),
                       [.null, .null, .real(0), .real(4)])
    }

    func testMalformedSampleSheet() throws {
        _ = try videos(1)
        let sheet = path("samples.csv")
        try "video,condition\nv0.tif,control\nv0.tif,\n".write(toFile: sheet, atomically: true, encoding: .utf8)
        let db = path("sheet.sqlite")
        let result = try run(["ingest", sheet, "--db", db])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertFalse(result.killed)
        XCTAssertTrue(result.stderr.contains(sheet), result.stderr)
        XCTAssertTrue(result.stderr.contains("row 3, column condition"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: db), "a database was created for a sheet that failed")

        let options = try run(["ingest", sheet, "--db", db, "--condition", "control"])
        XCTAssertNotEqual(options.status, 0)
        XCTAssertTrue(options.stderr.contains("--condition") && options.stderr.contains("sample sheet"), options.stderr)
    }

    // MARK: - (c) the database

    func testDatabaseInMissingFolder() throws {
        let files = try videos(1)
        let db = path("no-such-folder/experiment.sqlite")
        let result = try run(["ingest", files[0], "--db", db, "--condition", "control"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertFalse(result.killed)
        XCTAssertTrue(result.stderr.contains(db), result.stderr)
        XCTAssertTrue(result.stderr.contains("does not exist"), result.stderr)
    }

    func testNotADatabase() throws {
        let files = try videos(1)
        let db = path("notes.sqlite")
        try "these are my notes\n".write(toFile: db, atomically: true, encoding: .utf8)
        let result = try run(["ingest", files[0], "--db", db, "--condition", "control"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains(db) && result.stderr.contains("not an SQLite file"), result.stderr)
        XCTAssertEqual(try String(contentsOfFile: db, encoding: .utf8), "these are my notes\n")
    }

    // MARK: - (d) options

    func testInvalidOptionsNameTheOption() throws {
        let files = try videos(1)
        let db = path("x.sqlite")
        let cases: [([String], String)] = [
            (["--condition", "c", "--every", "0"], "--every"),
            (["--condition", "c", "--max-frames", "0"], "--max-frames"),
            (["--condition", "c", "--tol", "-1"], "--tol"),
            (["--condition", "c", "--smooth-sigma", "-0.5"], "--smooth-sigma"),
            (["--condition", "c", "--jobs", "0"], "--jobs"),
            (["--condition", "c", "--frame-interval-s", "0"], "--frame-interval-s"),
            (["--condition", "c", "--pixel-size-um", "-1"], "--pixel-size-um"),
            (["--condition", "c", "--every", "two"], "--every"),
            // A negative number is the option's value, not another flag: the error says what is wrong with it.
            (["--condition", "c", "--every", "-3"], "--every must be at least 1 (got -3)"),
            (["--condition", "c", "--max-iter", "-1"], "--max-iter must be at least 1 (got -1)"),
            (["--condition", "c", "--reg-covar", "0"], "--reg-covar must be > 0"),
            (["--condition", "c", "--smooth-sigma", "1e9"], "--smooth-sigma must be from 0 to 100 px"),
            ([], "--condition"),
            (["--condition", ""], "--condition"),
        ]
        for (options, named) in cases {
            let result = try run(["ingest", files[0], "--db", db] + options)
            XCTAssertNotEqual(result.status, 0, "\(options)")
            XCTAssertFalse(result.killed, "\(options)")
            XCTAssertTrue(result.stderr.contains(named), "\(options): \(result.stderr)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: db), "invalid options created the database")
        let mixed = try run(["ingest", path("s.csv"), files[0], "--db", db, "--condition", "c"])
        XCTAssertNotEqual(mixed.status, 0)
        XCTAssertTrue(mixed.stderr.contains("sample sheet"), mixed.stderr)
    }

    // MARK: - (e) killed at any moment

    /// Spots spread over a 128×128 frame.
    static let bigSpots = [
        Spot(row: 25, col: 25), Spot(row: 30, col: 90, sigma: 3, amplitude: 150), Spot(row: 64, col: 60, sigma: 2),
        Spot(row: 95, col: 30, amplitude: 120), Spot(row: 100, col: 100, sigma: 3.5, amplitude: 180),
        Spot(row: 60, col: 20, sigma: 2, amplitude: 90),
    ]

    /// Ctrl-C (SIGINT) stops after rolling back the video in progress: the run ends
    /// 'interrupted' with its finish time, committed videos stay, the exit status is 130.
    func testInterruptedIngestEndsItsRunAndKeepsWhatIsDone() throws {
        _ = try plexus()
        let names = (0..<4).map { "int\($0).tif" }
        for (i, name) in names.enumerated() {
            try SyntheticVideo.write(to: path(name), frames: 40, width: 128, height: 128, spots: Self.bigSpots,
                                     seed: UInt64(104_729 * (i + 1)))
        }
        let sheet = path("samples.csv")
        try (["video,condition"] + names.map { "\($0),control" }).joined(separator: "\n")
            .write(toFile: sheet, atomically: true, encoding: .utf8)
        let db = path("experiment.sqlite")
        let arguments = ["ingest", sheet, "--db", db, "--jobs", "1"]
        let started = ContinuousClock.now
        let (process, out, err) = try start(arguments)
        let deadline = ContinuousClock.now + .seconds(60)
        while process.isRunning, ContinuousClock.now < deadline,
              !((try? String(contentsOfFile: err, encoding: .utf8)) ?? "").contains("ingested ") {
            Thread.sleep(forTimeInterval: 0.005)
        }
        kill(process.processIdentifier, SIGINT)
        let result = finish(process, stdout: out, stderr: err, started: started)
        XCTAssertFalse(result.killed, result.stderr)
        XCTAssertEqual(result.status, 130, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("interrupted: "), result.stdout)
        let connection = try SQLiteConnection(path: db, mode: .readWrite)
        XCTAssertEqual(try connection.texts("PRAGMA integrity_check"), ["ok"])
        XCTAssertEqual(try connection.inconsistencies(), [])
        XCTAssertEqual(try connection.texts("SELECT status FROM ingest_run"), ["interrupted"])
        XCTAssertEqual(try connection.int("SELECT count(*) FROM ingest_run WHERE finished_at IS NOT NULL"), 1)
        let stored = try connection.int("SELECT count(*) FROM video")
        XCTAssertTrue((1..<4).contains(stored), "\(stored) videos stored")
        XCTAssertEqual(try connection.int("SELECT count(*) FROM frame"), stored * 40)
        XCTAssertEqual(try stagingFiles(), [])
        // The same command again does the rest.
        let completed = try run(arguments)
        XCTAssertEqual(completed.status, 0, completed.stderr + completed.stdout)
        XCTAssertTrue(completed.stdout.contains("\(4 - stored) ingested"), completed.stdout)
        XCTAssertEqual(try connection.texts("SELECT status FROM ingest_run ORDER BY id"), ["interrupted", "finished"])
    }

    func testKilledIngestLeavesAConsistentDatabase() throws {
        _ = try plexus()
        let frames = 40
        let names = (0..<6).map { "kill\($0).tif" }
        for (i, name) in names.enumerated() {
            try SyntheticVideo.write(to: path(name), frames: frames, width: 128, height: 128, spots: Self.bigSpots,
                                     seed: UInt64(7919 * (i + 1)))
        }
        let sheet = path("samples.csv")
        try (["video,condition"] + names.map { "\($0),control" }).joined(separator: "\n")
            .write(toFile: sheet, atomically: true, encoding: .utf8)

        // How long one video takes here (debug or release, loaded machine or not).
        try (["video,condition", "\(names[0]),control"]).joined(separator: "\n")
            .write(toFile: path("one.csv"), atomically: true, encoding: .utf8)
        let calibration = try run(["ingest", path("one.csv"), "--db", path("calibration.sqlite"), "--jobs", "1"])
        XCTAssertEqual(calibration.status, 0, calibration.stderr + calibration.stdout)
        let perVideo = max(calibration.seconds, 0.05)

        let db = path("experiment.sqlite")
        let arguments = ["ingest", sheet, "--db", db, "--jobs", "1"]
        var storedBefore: [Int] = []
        // Kills at several moments: early (before any video is finished), right after a
        // video is committed, then at later and later points of the next video (the last
        // one near its end, where its commit happens). "ingested NAME" on stderr (written
        // unbuffered) says when a video has been committed.
        let moments: [(afterCommits: Int, delay: Double)] = [(0, 0.3), (1, 0), (1, 0.6), (1, 0.93)]
        for (afterCommits, delay) in moments {
            let started = ContinuousClock.now
            let (process, out, err) = try start(arguments)
            let deadline = ContinuousClock.now + .seconds(30)
            while afterCommits > 0, process.isRunning, ContinuousClock.now < deadline {
                let progress = (try? String(contentsOfFile: err, encoding: .utf8)) ?? ""
                if progress.components(separatedBy: "ingested ").count - 1 >= afterCommits { break }
                Thread.sleep(forTimeInterval: 0.005)
            }
            Thread.sleep(forTimeInterval: delay * perVideo)
            kill(process.processIdentifier, SIGKILL)
            let result = finish(process, stdout: out, stderr: err, started: started)
            let moment = "the kill after \(afterCommits) commit(s) + \(delay) × \(perVideo) s"
            XCTAssertTrue(result.killed, "the ingest ended before \(moment): \(result.stdout)")
            guard FileManager.default.fileExists(atPath: db) else { storedBefore.append(0); continue }
            let connection = try SQLiteConnection(path: db, mode: .readWrite)
            XCTAssertEqual(try connection.texts("PRAGMA integrity_check"), ["ok"], moment)
            XCTAssertEqual(try connection.inconsistencies(), [], moment)
            let stored = try connection.int("SELECT count(*) FROM video")
            XCTAssertEqual(try connection.int("SELECT count(DISTINCT sha256) FROM video"), stored, moment)
            XCTAssertEqual(try connection.int("SELECT count(*) FROM frame"), stored * frames, moment)
            XCTAssertGreaterThanOrEqual(stored, (storedBefore.last ?? 0) + afterCommits, moment)
            storedBefore.append(stored)
        }
        XCTAssertLessThan(storedBefore.last ?? 6, 6, "every video was stored before the last kill")

        // The same command again completes the batch.
        let completed = try run(arguments)
        XCTAssertEqual(completed.status, 0, completed.stderr + completed.stdout)
        let skipped = storedBefore.last ?? 0
        XCTAssertTrue(completed.stdout.contains("\(6 - skipped) ingested") && completed.stdout.contains("\(skipped) skipped, 0 failed"),
                      "\(storedBefore): \(completed.stdout)")
        let connection = try SQLiteConnection(path: db, mode: .readWrite)
        XCTAssertEqual(try connection.texts("PRAGMA integrity_check"), ["ok"])
        XCTAssertEqual(try connection.inconsistencies(), [])
        XCTAssertEqual(try connection.texts("SELECT path FROM video ORDER BY path"), names.map { path($0) })
        XCTAssertEqual(try connection.int("SELECT count(*) FROM frame"), 6 * frames)
        // The killed runs were found dead by the next ingest and marked interrupted (never finished):
        // no run is left 'running'.
        XCTAssertEqual(try connection.texts("SELECT status FROM ingest_run ORDER BY id").suffix(1), ["finished"])
        XCTAssertEqual(try connection.int("SELECT count(*) FROM ingest_run WHERE status = 'running'"), 0)
        let unfinished = try connection.int("SELECT count(*) FROM ingest_run WHERE status = 'interrupted' AND finished_at IS NULL")
        XCTAssertTrue((1...moments.count).contains(unfinished), "\(unfinished) interrupted runs")
        // Staging files of the killed runs were cleaned up.
        XCTAssertEqual(try stagingFiles(), [])
    }
}

// MARK: - The query tool, as a user runs it

extension CommandLineTests {
    func testSQLAndQueryCommands() throws {
        let files = try videos(1, frames: 4)
        let db = path("q.sqlite")
        XCTAssertEqual(try run(["ingest", files[0], "--db", db, "--condition", "control"]).status, 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: db))

        // SQL as an argument and from --file, every format, and a parameter.
        let table = try run(["sql", "--db", db, "SELECT t, component_count FROM frame WHERE t >= :from ORDER BY t", "--param", "from=2"])
        XCTAssertEqual(table.status, 0, table.stderr)
        XCTAssertEqual(table.stdout.split(separator: "\n").count, 4, table.stdout) // header, rule, t = 2 and 3
        let file = path("q.sql")
        try "SELECT count(*) AS frames FROM frame;".write(toFile: file, atomically: true, encoding: .utf8)
        let csv = try run(["sql", "--db", db, "--file", file, "--format", "csv"])
        XCTAssertEqual(csv.stdout, "frames\n4\n")
        let json = try run(["sql", "--db", db, "SELECT median(edge_density) AS m FROM frame", "--format", "json"])
        XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]], json.stdout)

        // Writes are refused and the file is left byte for byte.
        let write = try run(["sql", "--db", db, "UPDATE frame SET t = t + 1"])
        XCTAssertNotEqual(write.status, 0)
        XCTAssertTrue(write.stderr.contains("would modify the database"), write.stderr)
        XCTAssertTrue(try run(["sql", "--db", db, "SELECT x FROM nowhere"]).stderr.contains("no such table: nowhere"))
        XCTAssertTrue(try run(["sql", "--db", db, "SELECT :missing"]).stderr.contains("missing parameter :missing"))
        XCTAssertTrue(try run(["sql", "--db", db, "SELECT median('abc')"]).stderr.contains("1st argument to median()"))

        // Named queries: list, show, run, parameters checked, a user's own folder.
        let list = try run(["query", "--list"])
        XCTAssertEqual(list.status, 0, list.stderr)
        for name in ["laplacian_gradient", "centrality_drift", "spectral_timeline", "condition_compare"] {
            XCTAssertTrue(list.stdout.contains(name), name)
        }
        XCTAssertTrue(try run(["query", "--show", "spectral_timeline"]).stdout.contains("-- title: Spectral timeline"))
        let gradient = try run(["query", "--db", db, "laplacian_gradient", "--format", "csv"])
        XCTAssertEqual(gradient.status, 0, gradient.stderr)
        XCTAssertEqual(gradient.stdout.split(separator: "\n").count, 4, gradient.stdout) // header + 3 pairs
        XCTAssertTrue(try run(["query", "--db", db, "laplacian_gradient", "--param", "laplacian=other"]).stderr
            .contains("must be one of combinatorial, normalized"))
        XCTAssertTrue(try run(["query", "--db", db, "laplacian_gradient", "--param", "nope=1"]).stderr
            .contains("has no parameter nope"))
        XCTAssertTrue(try run(["query", "--db", db, "no_such_query"]).stderr.contains("no query named no_such_query"))
        let mine = path("mine")
        try FileManager.default.createDirectory(atPath: mine, withIntermediateDirectories: true)
        try """
            -- title: Frames of a cell
            -- description: How many frames a cell has.
            -- param: cell_id = 1  (the cell)
            SELECT count(*) AS frames FROM frame WHERE cell_id = :cell_id;
            """.write(toFile: mine + "/frames_of_cell.sql", atomically: true, encoding: .utf8)
        XCTAssertTrue(try run(["query", "--list", "--queries", mine]).stdout.contains("frames_of_cell — Frames of a cell"))
        XCTAssertEqual(try run(["query", "--db", db, "frames_of_cell", "--queries", mine, "--format", "csv"]).stdout, "frames\n4\n")

        // Functions are listed and documented.
        let functions = try run(["functions"])
        XCTAssertTrue(functions.stdout.contains("mann_whitney_p") && functions.stdout.contains("laplacian_spectrum"))
        XCTAssertTrue(try run(["functions", "percentile"]).stdout.contains("1."))
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: db)), before)
    }
}
