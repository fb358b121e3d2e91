import Foundation
import PlexusIngest
import PlexusStore
import PlexusTestSupport
import XCTest

/// `make dist`, then its tarball unpacked in a temporary folder and run from there as a
/// machine without Swift runs it. Slow (a release build with the Swift runtime linked in):
/// it runs only under `make dist-test` (PLEXUS_DIST_TEST=1), never under `make test`.
final class DistTarballBuildTests: TemporaryDirectoryTestCase {
    /// Runs `executable arguments…` in `folder` with exactly `environment`; output to a file.
    func testMakeDistBuildsATarballThatRunsWithoutSwift() throws {
        guard ProcessInfo.processInfo.environment["PLEXUS_DIST_TEST"] == "1" else {
            throw XCTSkip("builds the release for the dist tarball: run by `make dist-test` (PLEXUS_DIST_TEST=1)")
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let version = PlexusVersion.current
        let name = "plexus-\(version)-linux-x86_64"
        let tarball = root + "/\(name).tar.gz"
        try? FileManager.default.removeItem(atPath: tarball)

        // make dist, bounded: timeout ends make and everything it started (its process group).
        let environment = ProcessInfo.processInfo.environment
        let started = ContinuousClock.now
        let build = try runLogged("/usr/bin/timeout", ["--kill-after=10", "1500", "make", "-C", root, "dist"], in: root, environment: environment)
        XCTAssertEqual(build.status, 0, "make dist: \(build.output.suffix(3000))")
        print("make dist: \(String(format: "%.0f", (ContinuousClock.now - started).seconds)) s")
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: tarball)[.size] as? Int)
        print("\(name).tar.gz: \(size / 1_000_000) MB")

        // Unpacked in a folder of its own, away from the build tree.
        let unpack = try runLogged("/bin/tar", ["-xzf", tarball, "-C", directory.path], in: directory.path, environment: ["PATH": "/usr/bin:/bin"])
        XCTAssertEqual(unpack.status, 0, unpack.output)
        let home = directory.path + "/" + name
        let plexus = home + "/bin/plexus"
        let libraries = try FileManager.default.contentsOfDirectory(atPath: home + "/lib").sorted()
        XCTAssertTrue(libraries.contains("libplexus_sqlite.so"), "\(libraries)")
        for wanted in ["libtiff", "liblapacke", "libopenblas", "libpng", "libgif", "libsqlite3"] {
            XCTAssertTrue(libraries.contains { $0.hasPrefix(wanted) }, "\(wanted) bundled: \(libraries)")
        }
        let plexusLibraries = try runLogged("/usr/bin/ldd", [plexus], in: directory.path, environment: ["PATH": "/usr/bin:/bin"]).output
        XCTAssertFalse(plexusLibraries.contains("swift") || plexusLibraries.contains("Foundation"),
                       "bin/plexus has the Swift runtime linked in: \(plexusLibraries)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: home + "/README.txt"))

        // ldd: every library resolves, into the unpacked lib/ or the system's glibc; none into
        // the build tree or a Swift toolchain.
        let clean = ["PATH": "/usr/bin:/bin"]
        for file in [plexus] + libraries.map({ home + "/lib/" + $0 }) {
            let ldd = try runLogged("/usr/bin/ldd", [file], in: directory.path, environment: clean)
            XCTAssertEqual(ldd.status, 0, "ldd \(file): \(ldd.output)")
            XCTAssertFalse(ldd.output.contains("not found"), "ldd \(file): \(ldd.output)")
            for line in ldd.output.split(separator: "\n") {
                for bad in [root, "/opt/swift", ".build", "swift"] {
                    XCTAssertFalse(line.contains(bad) && !line.contains(home), "ldd \(file): \(line)")
                }
                if let arrow = line.range(of: "=> /") {
                    let target = URL(fileURLWithPath: String(String(line[line.index(arrow.upperBound, offsetBy: -1)...]).split(separator: " ")[0]))
                        .standardizedFileURL.path
                    let glibc = target.range(of: #"/(libc|libm|libpthread|libdl|librt|libutil|libresolv|libmvec|ld-linux-x86-64)\.so"#,
                                             options: .regularExpression) != nil
                    XCTAssertTrue(target.hasPrefix(home + "/lib/") || glibc, "ldd \(file): \(line)")
                }
            }
        }

        // Runs with a clean environment: the version, a simulated video, its ingest.
        let printed = try runLogged(plexus, ["--version"], in: directory.path, environment: clean)
        XCTAssertEqual(printed.status, 0, printed.output)
        XCTAssertEqual(printed.output.trimmingCharacters(in: .whitespacesAndNewlines), version)
        let simulate = try runLogged(plexus, ["simulate", "--out", "videos", "--cells", "1", "--conditions", "control",
                                        "--frames", "4", "--size", "96"], in: directory.path, environment: clean)
        XCTAssertEqual(simulate.status, 0, simulate.output)
        let ingest = try runLogged(plexus, ["ingest", "videos/samples.csv", "--db", "experiment.sqlite", "--jobs", "2"],
                             in: directory.path, environment: clean)
        XCTAssertEqual(ingest.status, 0, ingest.output)
        let connection = try SQLiteConnection.reading(path("experiment.sqlite"))
        XCTAssertEqual(try connection.int("SELECT count(*) FROM video"), 1)
        XCTAssertEqual(try connection.int("SELECT count(*) FROM frame"), 4)
        XCTAssertGreaterThan(try connection.int("SELECT count(*) FROM component"), 0)
        let query = try runLogged(plexus, ["sql", "--db", "experiment.sqlite", "--format", "csv",
                                     "SELECT round(median(spectral_gap), 6) IS NOT NULL FROM frame"],
                            in: directory.path, environment: clean)
        XCTAssertEqual(query.status, 0, query.output)
        // The named queries travel inside the binary: a tarball has no queries/ folder.
        let named = try runLogged(plexus, ["query", "--db", "experiment.sqlite", "--format", "csv", "centrality_drift"],
                            in: directory.path, environment: clean)
        XCTAssertEqual(named.status, 0, named.output)
        XCTAssertTrue(named.output.hasPrefix("cell_id,"), named.output)

        // The extension loads into the system's sqlite3, from the unpacked lib/.
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") {
            let loaded = try runLogged("/usr/bin/sqlite3", [path("experiment.sqlite"), ".load \(home)/lib/libplexus_sqlite",
                                                      "SELECT median(t) FROM frame"], in: directory.path, environment: clean)
            XCTAssertEqual(loaded.status, 0, loaded.output)
            XCTAssertEqual(loaded.output.trimmingCharacters(in: .whitespacesAndNewlines), "1.5", loaded.output)
        }
    }
}
