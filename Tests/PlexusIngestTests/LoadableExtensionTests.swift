import Foundation
import PlexusIngest
import PlexusStore
import XCTest

/// The SQL functions as a loadable extension, in the clients users have:
/// the sqlite3 shell and Python's sqlite3 module. Each is skipped, with the
/// reason, when the client is missing or cannot load extensions.
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
                                            row: { expected.append(ResultWriter.plain($0[4])) })
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
}
