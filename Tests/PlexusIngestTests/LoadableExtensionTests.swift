import Foundation
import PlexusIngest
import PlexusNumerics
import PlexusStore
import PlexusTestSupport
import XCTest

/// The SQL functions as a loadable extension, in the clients users have:
/// the sqlite3 shell and Python's sqlite3 module (each skipped, with the
/// reason, when the client is missing or cannot load extensions), and a
/// program with its own SQLite built in, as R's RSQLite has.
final class LoadableExtensionTests: TemporaryDirectoryTestCase {
    /// libplexus_sqlite.so, built with the tests beside the test executable.
    static let library: String? = {
        let candidates = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
                          Bundle(for: LoadableExtensionTests.self).bundleURL.deletingLastPathComponent()]
            .map { $0.appendingPathComponent("libplexus_sqlite.so").path }
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }()

    static func executable(_ name: String) -> String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    func run(_ executable: String, _ arguments: [String], input: String) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let error = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output, error)
    }

    /// An ingested video, and the laplacian_gradient named query's rows from plexus itself.
    func prepare() throws -> (database: String, sql: String, expected: [String]) {
        let video = try SyntheticVideo.write(to: path("spots.tif"), frames: 4)
        let database = path("extension.sqlite")
        _ = try BatchIngest(store: try ExperimentStore(path: database), parameters: IngestParameters())
            .run([VideoSpec(path: video, condition: "control")], commandLine: "test")
        let queries = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("queries").path
        let query = try XCTUnwrap(try NamedQuery.catalog(folders: [queries])["laplacian_gradient"])
        var expected: [String] = []
        try QueryRunner(path: database).run(query.sql, parameters: try query.values([:]), columns: { _ in },
                                            row: { expected.append(ResultWriter.plain($0[4].json)) })
        return (database, query.sql, expected)
    }

    func testSQLiteShellRunsANamedQueryWithTheExtension() throws {
        guard let library = Self.library else { throw XCTSkip("libplexus_sqlite.so was not built beside the tests") }
        guard let shell = Self.executable("sqlite3") else { throw XCTSkip("no sqlite3 shell on PATH: install sqlite3 to test the extension there") }
        let (database, sql, expected) = try prepare()
        let script = """
            .load \(library.replacingOccurrences(of: ".so", with: ""))
            .param set :cell_id NULL
            .param set :laplacian combinatorial
            .mode list
            \(sql)
            SELECT median(x), slope(x, 2 * x + 1) FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 5);
            """
        let result = try run(shell, [database], input: script)
        XCTAssertEqual(result.status, 0, result.error)
        let lines = result.output.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, expected.count + 1, result.output)
        for (line, value) in zip(lines, expected) {
            XCTAssertEqual(try XCTUnwrap(Double(line.split(separator: "|").last.map(String.init) ?? "")),
                           try XCTUnwrap(Double(value)), accuracy: 1e-12 * abs(Double(value) ?? 1))
        }
        XCTAssertEqual(lines.last, "2.0|2.0")
    }

    func testPythonRunsANamedQueryWithTheExtension() throws {
        guard let library = Self.library else { throw XCTSkip("libplexus_sqlite.so was not built beside the tests") }
        // The python3 on PATH, else the system's: some builds (pyenv's default) leave out
        // loadable-extension support.
        let candidates = [Self.executable("python3"), "/usr/bin/python3"].compactMap { $0 }
            .filter { FileManager.default.isExecutableFile(atPath: $0) }
        guard !candidates.isEmpty else { throw XCTSkip("no python3 found") }
        var chosen: String?
        for candidate in candidates {
            let probe = try run(candidate, ["-c", "import sqlite3; print(hasattr(sqlite3.connect(':memory:'), 'enable_load_extension'))"], input: "")
            if probe.output.trimmingCharacters(in: .whitespacesAndNewlines) == "True" { chosen = candidate; break }
        }
        guard let python = chosen else {
            throw XCTSkip("no python3 here has sqlite3 with loadable-extension support (\(candidates.joined(separator: ", ")) lack enable_load_extension)")
        }
        let (database, sql, expected) = try prepare()
        let program = """
            import sqlite3, sys
            connection = sqlite3.connect(sys.argv[1])
            connection.enable_load_extension(True)
            connection.load_extension(sys.argv[2])
            for row in connection.execute(sys.stdin.read(), {"cell_id": None, "laplacian": "combinatorial"}):
                print(repr(row[4]))
            """
        let result = try run(python, ["-c", program, database, library], input: sql)
        XCTAssertEqual(result.status, 0, result.error)
        let values = result.output.split(separator: "\n").compactMap { Double($0) }
        XCTAssertEqual(values.count, expected.count)
        for (value, text) in zip(values, expected) {
            XCTAssertEqual(value, try XCTUnwrap(Double(text)), accuracy: 1e-12 * abs(value))
        }
    }

    /// The library links no SQLite of its own and exports no sqlite3_* function
    /// but its entry points: its calls go to the routines of the SQLite that
    /// loads it (CSQLiteRoutines), and nothing else in the process can bind to
    /// its forwarders. It is never unloaded (NODELETE): the Swift runtime keeps
    /// pointers into it, and a second load after dlclose crashed, though only
    /// when the library was mapped at another address (about half the runs).
    func testLibraryLinksNoSQLiteOfItsOwn() throws {
        let library = try XCTUnwrap(Self.library, "libplexus_sqlite.so was not built beside the tests")
        let readelf = try XCTUnwrap(Self.executable("readelf"), "no readelf on PATH: install binutils")
        let dynamic = try run(readelf, ["-d", "-W", library], input: "")
        XCTAssertEqual(dynamic.status, 0, dynamic.error)
        let needed = dynamic.output.split(separator: "\n").filter { $0.contains("(NEEDED)") }
        XCTAssertTrue(needed.contains { $0.contains("libswiftCore") }, dynamic.output)
        XCTAssertEqual(needed.filter { $0.contains("sqlite") }, [],
                       "a build folder from before CSQLite stopped linking libsqlite3 keeps PlexusStore objects "
                       + "that ask for it (Swift autolinking) until they are rebuilt: swift package clean")
        XCTAssertTrue(dynamic.output.split(separator: "\n").contains { $0.contains("(FLAGS_1)") && $0.contains("NODELETE") },
                      dynamic.output)

        let symbols = try run(readelf, ["--dyn-syms", "-W", library], input: "")
        XCTAssertEqual(symbols.status, 0, symbols.error)
        // "Num: Value Size Type Bind Vis Ndx Name", Ndx UND for a symbol another library must define.
        let sqlite = symbols.output.split(separator: "\n").map { $0.split(separator: " ") }
            .filter { $0.count >= 8 && $0[7].hasPrefix("sqlite3_") }
        XCTAssertEqual(sqlite.filter { $0[6] == "UND" }.map { String($0[7]) }, [])
        XCTAssertEqual(Set(sqlite.filter { $0[6] != "UND" }.map { String($0[7]) }),
                       ["sqlite3_extension_init", "sqlite3_plexussqlite_init"])
    }

    /// A program with SQLite built in (linked with Debian's libsqlite3.a, as
    /// RSQLite bundles its own) loads the extension into two connections and
    /// runs scalar, aggregate and window functions, one returning text, and
    /// errors from a scalar and from an aggregate; then closes both, which
    /// unloads the extension, and loads it again in a third. Before the
    /// extension used the routines it is handed, its calls went to the shared
    /// libsqlite3, a second SQLite that had never seen the host's connection,
    /// and the program crashed while the functions were being registered;
    /// before it was marked never to be unloaded, loading it again crashed.
    func testProgramWithSQLiteBuiltInRunsTheFunctions() throws {
        let library = try XCTUnwrap(Self.library, "libplexus_sqlite.so was not built beside the tests")
        let compiler = try XCTUnwrap(["cc", "clang", "gcc"].lazy.compactMap { Self.executable($0) }.first,
                                     "no C compiler (cc, clang, gcc) on PATH")
        let archive = try run(compiler, ["-print-file-name=libsqlite3.a"], input: "").output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertTrue(archive.hasPrefix("/"), "\(compiler) finds no libsqlite3.a: install libsqlite3-dev (make deps)")
        guard archive.hasPrefix("/") else { return }
        let source = path("host.c"), host = path("host")
        try Self.hostSource.write(toFile: source, atomically: true, encoding: .utf8)
        let build = try run(compiler, ["-o", host, source, archive, "-lm", "-lpthread", "-ldl"], input: "")
        XCTAssertEqual(build.status, 0, build.error)
        guard build.status == 0 else { return }
        let readelf = try XCTUnwrap(Self.executable("readelf"), "no readelf on PATH: install binutils")
        XCTAssertFalse(try run(readelf, ["-d", "-W", host], input: "").output.contains("libsqlite3"),
                       "the host must have its own SQLite, not the shared one")

        let statements = [
            "SELECT student_t_quantile(0.5, 3), student_t_quantile(NULL, 3), mvn_pdf(1, 2, 1, 2, 1, 0, 1)",
            "WITH v(x) AS (VALUES (1), (2), (5)) SELECT median(x), slope(x, 2 * x + 1), percentile(x, 25), stddev(x) FROM v",
            "WITH v(x) AS (VALUES (1), (2), (5)) SELECT median(x) OVER (ORDER BY x ROWS 1 PRECEDING) FROM v",
            // A path of three nodes, each edge given once (weight 1/2 each way): eigenvalues 0, 1/2, 3/2.
            """
            WITH e(s, d, w) AS (VALUES (0, 1, 1.0), (1, 2, 1.0)), l(spectrum) AS (SELECT laplacian_spectrum(s, d, w) FROM e)
            SELECT typeof(spectrum), (SELECT group_concat(round(value, 12), ',') FROM json_each(spectrum)) FROM l
            """,
            "SELECT student_t_quantile(2, 3)",
            "WITH v(x) AS (VALUES (1)) SELECT percentile(x, 150) FROM v",
            "SELECT median('abc')",
        ]
        let expected = [
            "0|NULL|" + String(format: "%.15g", 1 / (2 * Double.pi)),
            "2|2|1.5|" + String(format: "%.15g", (13.0 / 3).squareRoot()),
            "1", "1.5", "3.5",
            "text|0.0,0.5,1.5",
            "error: 1st argument to student_t_quantile() is not a number strictly between 0 and 1",
            "error: 2nd argument to percentile() is not a number between 0.0 and 100.0",
            "error: 1st argument to median() is not a number: 'abc'",
        ]
        let result = try run(host, [library] + statements, input: "")
        XCTAssertEqual(result.status, 0, "the host crashed or failed: \(result.error)")
        XCTAssertEqual(result.output.split(separator: "\n").map(String.init),
                       ["connection 1"] + expected + ["connection 2"] + expected + ["connection 3"] + expected)
    }

    /// The host of testProgramWithSQLiteBuiltInRunsTheFunctions: `host EXTENSION SQL...`.
    static let hostSource = #"""
        // Opens two connections, loads EXTENSION into each and runs every SQL on
        // each; closes both and does the same in a third. A row is printed as its
        // values separated by |, reals as %.15g (as the sqlite3 shell shows them),
        // a failure as "error: MESSAGE".
        #include <sqlite3.h>
        #include <stdio.h>
        #include <stdlib.h>

        static void run(sqlite3 *db, const char *sql) {
            sqlite3_stmt *statement = NULL;
            if (sqlite3_prepare_v2(db, sql, -1, &statement, NULL) != SQLITE_OK) {
                printf("error: %s\n", sqlite3_errmsg(db));
                return;
            }
            int code;
            while ((code = sqlite3_step(statement)) == SQLITE_ROW) {
                for (int i = 0; i < sqlite3_column_count(statement); i++) {
                    if (i > 0) printf("|");
                    switch (sqlite3_column_type(statement, i)) {
                    case SQLITE_NULL: printf("NULL"); break;
                    case SQLITE_FLOAT: printf("%.15g", sqlite3_column_double(statement, i)); break;
                    default: printf("%s", (const char *)sqlite3_column_text(statement, i));
                    }
                }
                printf("\n");
            }
            if (code != SQLITE_DONE) printf("error: %s\n", sqlite3_errmsg(db));
            sqlite3_finalize(statement);
        }

        static sqlite3 *load(int number, int argc, char **argv) {
            sqlite3 *db = NULL;
            char *message = NULL;
            if (sqlite3_open(":memory:", &db) != SQLITE_OK) exit(65);
            sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 1, (int *)NULL);
            if (sqlite3_load_extension(db, argv[1], NULL, &message) != SQLITE_OK) {
                fprintf(stderr, "cannot load %s: %s\n", argv[1], message ? message : "");
                exit(66);
            }
            printf("connection %d\n", number);
            for (int i = 2; i < argc; i++) run(db, argv[i]);
            return db;
        }

        int main(int argc, char **argv) {
            if (argc < 2) return 64;
            sqlite3 *first = load(1, argc, argv), *second = load(2, argc, argv);
            // The last connection that loaded the extension closes, and SQLite unloads
            // it (dlclose); then it is loaded again.
            sqlite3_close(first);
            sqlite3_close(second);
            sqlite3_close(load(3, argc, argv));
            return 0;
        }
        """#
}
